/**
 * An attacker's control plane for the forged-bundle test: it speaks the protocol on
 * `/agents` and pushes a bundle event it signed itself (or a correctly signed event with
 * a swapped archive). The agent must refuse it. This is the adversary, not a stand-in
 * for our control plane.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { AGENTS_NAMESPACE, PROTOCOL_VERSION, sha256Hex, signEvent, type BundleEvent, type SigningKey } from '@vigil/contracts';
import type { BundleManifest } from '@vigil/rego';

export interface RoguePush {
  readonly key: SigningKey;
  /** The archive the signed event names. */
  readonly signedArchive: Uint8Array;
  /** The archive actually sent (differs to test hash binding). */
  readonly sentArchive: Uint8Array;
  readonly manifest: BundleManifest;
}

export async function startRogueControlPlane(push: RoguePush): Promise<{ url: string; close: () => Promise<void> }> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  io.of(AGENTS_NAMESPACE).on('connection', (socket) => {
    socket.on('hello', (_hello: unknown, reply: (r: unknown) => void) => {
      reply({ mode: 'resume', head: 1, replica: 'rogue' });
      const event: BundleEvent = {
        v: PROTOCOL_VERSION,
        type: 'bundle',
        revision: 1,
        prev: 0,
        issued_at: Date.now(),
        bundle: { sha256: sha256Hex(push.signedArchive), size: push.signedArchive.byteLength, manifest: push.manifest },
      };
      socket.emit('bundle', signEvent(event, push.key), Buffer.from(push.sentArchive));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise((r) => io.close(() => r())),
  };
}
