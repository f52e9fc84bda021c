/** The bench's baseline: a bare socket.io server that broadcasts a small message to every client when told to. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { nowMs } from './clock';
import type { FromServer, ToServer } from './messages';

const http = createServer();
const io = new Server(http);
http.listen(0, '127.0.0.1', () => process.send!({ kind: 'listening', port: (http.address() as AddressInfo).port } satisfies FromServer));
process.on('message', (m: ToServer) => {
  if (m.kind !== 'fire') return;
  const at = nowMs();
  io.emit('ping_all', m.key);
  process.send!({ kind: 'fired', key: m.key, at } satisfies FromServer);
});
