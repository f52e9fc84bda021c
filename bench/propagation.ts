/**
 * `npm run bench:propagation -- --agents 500 [--rounds 30] [--processes 2] [--no-policy]`
 * (VIGIL_SHARED_VERIFY=off makes every agent verify every signature itself; see contracts/envelope.ts)
 *
 * Revocation propagation: from the moment the revocation's REST response arrives to the
 * moment each agent enforces it (its real decision path answers `revoked`), across
 * `--agents` agents running the real agent engine, several per process, connected to a
 * control-plane process on a scratch Postgres database. Baseline, in the same run and
 * interleaved round by round: a bare socket.io server broadcasting one message to the
 * same number of bare socket.io clients (emit call → receipt). Reports p50/p99 over every
 * (round, agent) sample, the per-round "every agent" time, and the p99 ratio.
 */
import type { ChildProcess } from 'node:child_process';
import { nowMs, percentile } from './propagation/clock';
import type { FromFleet, FromServer } from './propagation/messages';
import { adminCall, forkChild, nextMessage, scratchDatabase, startControlPlane } from './propagation/processes';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const RBAC = `package authz

default allow := false

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "reader"
  input.action == "read"
}
`;

const settle = () => new Promise((res) => setTimeout(res, 300));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Arms every fleet to report when all its members have seen `key`; `done` resolves with their times. */
function watchAll(fleets: ChildProcess[], key: string): { done: Promise<number[]> } {
  const seen = fleets.map((f) => nextMessage<FromFleet>(f, (m) => m.kind === 'seen' && m.key === key, 30_000));
  for (const f of fleets) f.send({ kind: 'watch', key });
  return { done: Promise.all(seen).then((all) => all.flatMap((m) => (m.kind === 'seen' ? m.times : []))) };
}

async function main(): Promise<void> {
  const agents = arg('agents', 500);
  const rounds = arg('rounds', 30);
  const processes = Math.max(1, arg('processes', 2));
  const withPolicy = !process.argv.includes('--no-policy');
  const db = await scratchDatabase();
  const children: ChildProcess[] = [];
  let figures: Record<string, number | string | boolean>;
  try {
    const cp = await startControlPlane(db.url, { VIGIL_MAX_CONCURRENT_SYNCS: String(Math.max(200, agents)) });
    children.push(cp.proc);
    // Agents hold a real policy (and 200 role bindings in `data`), as agents beside services do.
    if (withPolicy) {
      await adminCall(cp.url, 'PUT', '/v1/policies/authz', { source: RBAC });
      await adminCall(cp.url, 'POST', '/v1/role-bindings/bulk', { bindings: Array.from({ length: 200 }, (_, i) => ({ subject: `user-${i}`, role: 'reader' })) });
    }
    process.stderr.write(`control plane up at ${cp.url}; registering ${agents} agents\n`);
    const tokens: string[] = [];
    for (let i = 0; i < agents; i++) tokens.push((await adminCall(cp.url, 'POST', '/v1/agents', { name: `bench-${i}`, service: 'bench' })).token);
    const keys = await adminCall(cp.url, 'GET', '/v1/keys');

    const per = Math.ceil(agents / processes);
    const vigilFleets = Array.from({ length: processes }, (_, p) =>
      forkChild('bench/propagation/fleet.js', { FLEET_MODE: 'vigil', FLEET_URL: cp.url, FLEET_TOKENS: JSON.stringify(tokens.slice(p * per, (p + 1) * per)), FLEET_KEYS: JSON.stringify(keys), FLEET_EXPECT_BUNDLE: withPolicy ? '1' : '0' }),
    );
    children.push(...vigilFleets);
    await Promise.all(vigilFleets.map((f) => nextMessage<FromFleet>(f, (m) => m.kind === 'ready', 120_000)));
    process.stderr.write(`${agents} agents live\n`);

    const server = forkChild('bench/propagation/broadcast-server.js', {});
    children.push(server);
    const { port } = (await nextMessage<FromServer>(server, (m) => m.kind === 'listening')) as { port: number };
    const baseFleets = Array.from({ length: processes }, (_, p) =>
      forkChild('bench/propagation/fleet.js', { FLEET_MODE: 'baseline', FLEET_URL: `http://127.0.0.1:${port}`, FLEET_COUNT: String(Math.min(per, agents - p * per)) }),
    );
    children.push(...baseFleets);
    await Promise.all(baseFleets.map((f) => nextMessage<FromFleet>(f, (m) => m.kind === 'ready', 120_000)));

    const vigil: number[] = [];
    const vigilAll: number[] = [];
    const base: number[] = [];
    const baseAll: number[] = [];
    const fromRequest: number[] = [];
    let early = 0;
    for (let r = 0; r < rounds; r++) {
      const key = `bench-subject-${r}`;
      const seen = watchAll(vigilFleets, key);
      const sent = nowMs();
      await adminCall(cp.url, 'POST', '/v1/revocations', { kind: 'subject', value: key });
      const t0 = nowMs();
      const times = await seen.done;
      // The control plane pushes a revision as it commits, before it answers: agents that
      // enforce before the response reaches the client count as 0 here (and are counted).
      const lat = times.map((t) => Math.max(0, t - t0));
      early += times.filter((t) => t < t0).length;
      fromRequest.push(...times.map((t) => t - sent));
      vigil.push(...lat);
      vigilAll.push(Math.max(...lat));

      await settle(); // let acks and writes from this round finish so both phases start on a quiet machine
      const bkey = `ping-${r}`;
      const bseen = watchAll(baseFleets, bkey);
      const fired = nextMessage<FromServer>(server, (m) => m.kind === 'fired' && m.key === bkey);
      server.send({ kind: 'fire', key: bkey });
      const { at } = (await fired) as { at: number };
      const btimes = (await bseen.done).map((t) => Math.max(0, t - at));
      base.push(...btimes);
      baseAll.push(Math.max(...btimes));
      await settle();
    }
    figures = {
      bench: 'propagation',
      agents,
      rounds,
      processes,
      policy: withPolicy,
      shared_verify: process.env.VIGIL_SHARED_VERIFY !== 'off',
      p50_ms: round3(percentile(vigil, 0.5)),
      p99_ms: round3(percentile(vigil, 0.99)),
      every_agent_p50_ms: round3(percentile(vigilAll, 0.5)),
      every_agent_p99_ms: round3(percentile(vigilAll, 0.99)),
      baseline_p50_ms: round3(percentile(base, 0.5)),
      baseline_p99_ms: round3(percentile(base, 0.99)),
      baseline_every_client_p99_ms: round3(percentile(baseAll, 0.99)),
      ratio: round3(percentile(vigil, 0.99) / percentile(base, 0.99)),
      // The same deliveries timed from when the REST request was sent (no clamping), and how
      // many agents enforced before the response arrived.
      from_request_p50_ms: round3(percentile(fromRequest, 0.5)),
      from_request_p99_ms: round3(percentile(fromRequest, 0.99)),
      enforced_before_response: round3(early / vigil.length),
    };
    process.stderr.write(`revocation → enforcement at ${agents} agents: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms (bare broadcast p99 ${figures.baseline_p99_ms} ms, ratio ${figures.ratio}); from the request: p50 ${figures.from_request_p50_ms} ms, p99 ${figures.from_request_p99_ms} ms\n`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.drop().catch(() => undefined);
  }
  // Last, after the children's shutdown logs: the figures are the final line of output.
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:propagation failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
