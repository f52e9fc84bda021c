/**
 * A process holding many agents for the propagation bench. `vigil` mode runs the real
 * agent engine (VigilEngine: socket.io stream, signature checks, in-order apply) per
 * token; `baseline` mode holds bare socket.io clients. On `watch`, it reports when every
 * one of them has seen the key: for Vigil, when a decision for subject=<key> is denied
 * `revoked` (enforcement, checked on the real decision path after every state change).
 */
import { io, type Socket } from 'socket.io-client';
import { importTrustedKeys } from '@vigil/contracts';
import { VigilEngine, silentLogger } from '@vigil/agent-sdk';
import { nowMs } from './clock';
import type { FromFleet, ToFleet } from './messages';

const send = (m: FromFleet) => process.send!(m);
const mode = process.env.FLEET_MODE as 'vigil' | 'baseline';
const url = process.env.FLEET_URL!;

async function vigil(): Promise<void> {
  const tokens = JSON.parse(process.env.FLEET_TOKENS!) as string[];
  const keys = importTrustedKeys(JSON.parse(process.env.FLEET_KEYS!));
  const engines = await Promise.all(
    tokens.map((token) =>
      VigilEngine.create({ controlPlane: url, token, trustedKeys: keys, logger: silentLogger, maxStalenessMs: 60_000, decisionLog: { enabled: false } }),
    ),
  );
  engines.forEach((e) => e.start());
  const expectBundle = process.env.FLEET_EXPECT_BUNDLE === '1';
  while (engines.some((e) => e.stream.state !== 'live' || (expectBundle && !e.enforcer.bundleSha256))) await new Promise((r) => setTimeout(r, 50));
  send({ kind: 'ready', count: engines.length });
  process.on('message', (m: ToFleet) => {
    if (m.kind !== 'watch') return;
    const times = new Array<number>(engines.length).fill(NaN);
    let left = engines.length;
    engines.forEach((e, i) => {
      const input = { subject: m.key };
      const check = () => {
        if (!Number.isNaN(times[i]) || e.enforcer.decideNow('authz/allow', input).reason !== 'revoked') return;
        times[i] = nowMs();
        off();
        if (--left === 0) send({ kind: 'seen', key: m.key, times });
      };
      const off = e.enforcer.onChange(check);
    });
  });
}

async function baseline(): Promise<void> {
  const count = Number(process.env.FLEET_COUNT);
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) sockets.push(io(url, { forceNew: true, transports: ['websocket'], reconnection: false }));
  await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.connected ? r() : s.once('connect', () => r())))));
  send({ kind: 'ready', count });
  let watching: { key: string; times: number[]; left: number } | null = null;
  sockets.forEach((s, i) =>
    s.on('ping_all', (key: string) => {
      const w = watching;
      if (!w || w.key !== key || !Number.isNaN(w.times[i])) return;
      w.times[i] = nowMs();
      if (--w.left === 0) send({ kind: 'seen', key, times: w.times });
    }),
  );
  process.on('message', (m: ToFleet) => {
    if (m.kind === 'watch') watching = { key: m.key, times: new Array<number>(count).fill(NaN), left: count };
  });
}

(mode === 'vigil' ? vigil() : baseline()).catch((e: Error) => {
  send({ kind: 'error', message: e.stack ?? e.message });
  process.exit(1);
});
