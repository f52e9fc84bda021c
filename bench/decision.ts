/**
 * `npm run bench:decision [-- --seconds 3 --rounds 6 --connections 32]`
 *
 * 1. The agent's REST API under load: a real agent process (fed by a control-plane
 *    process on a scratch Postgres, RBAC policy with 200 role bindings, decision logging
 *    on; and a second one with it off) answering `POST /v1/data/authz/allow`, driven by
 *    autocannon; baseline in the same run, interleaved round by round: a bare node:http
 *    server answering constant JSON.
 * 2. The SDK in-process: the same engine (VigilEngine connected to the same control
 *    plane) deciding synchronously; p50/p99 per decision, with the bare RegoPolicy
 *    evaluation of the same policy as a reference.
 * 3. Risk tracking (per-subject/service anomaly counters) on vs off in the same run: a
 *    third agent with `--risk off` against the logging-off agent (risk on), interleaved
 *    like the baseline; and two in-process engines (risk on / off) deciding for 1,000
 *    rotating subjects. Target: ratio ≤ 1.2. The RBAC policy does not read input.vigil, so
 *    its bundle says so and agents only track; what the context costs a policy that reads
 *    it is measured in-process too (the same policy in a bundle without that metadata).
 * 4. Memory with 100,000 distinct subjects (and 300,000 and 600,000, past the tracker's capacity) in a
 *    child process with --expose-gc: RSS and heap.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTrustedKeys } from '@vigil/contracts';
import { Enforcer, VigilEngine, silentLogger } from '@vigil/agent-sdk';
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { percentile } from './propagation/clock';
import { adminCall, DIST, forkChild, freePort, nextMessage, scratchDatabase, startControlPlane } from './propagation/processes';

const RBAC = `package authz

default allow := false

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "admin"
}

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "reader"
  input.action == "read"
}
`;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly bad: number;
  /** CPU microseconds per request of each process asked for, null where unknown. */
  readonly cpuUs: (number | null)[];
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * One load round. `pids`: processes whose CPU time per request is recorded (the server, and
 * for the logging agent the control plane that ingests its decisions): on a shared 2-core
 * machine throughput alone does not say which process the time went to.
 */
async function load(url: string, body: string, seconds: number, connections: number, pids: (number | undefined)[] = []): Promise<Load> {
  const before = pids.map(cpuSeconds);
  const r = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, duration: seconds, connections });
  const cpuUs = pids.map((p, i) => {
    const a = before[i];
    const b = cpuSeconds(p);
    return a === null || b === null || r.requests.total === 0 ? null : ((b - a) * 1e6) / r.requests.total;
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors, cpuUs };
}

/** The decision-log counters an agent exposes on /metrics. */
async function logCounters(decisionUrl: string): Promise<{ sent: number; dropped: number }> {
  const text = await (await fetch(new URL('/metrics', decisionUrl))).text();
  const read = (name: string) => Number(new RegExp(`^vigil_agent_decision_log_${name}_total (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { sent: read('sent'), dropped: read('dropped') };
}

async function waitAllowed(url: string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { subject: 'user-7', action: 'read' } }) });
      if (res.ok && ((await res.json()) as { result?: unknown }).result === true) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not allow the bench request within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function timeCalls(fn: () => unknown, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out;
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 3);
  const rounds = arg('rounds', 6);
  const connections = arg('connections', 32);
  const db = await scratchDatabase();
  const children: ChildProcess[] = [];
  let engine: VigilEngine | null = null;
  let engineOff: VigilEngine | null = null;
  let figures: Record<string, unknown>;
  try {
    const cp = await startControlPlane(db.url);
    children.push(cp.proc);
    await adminCall(cp.url, 'PUT', '/v1/policies/authz', { source: RBAC });
    await adminCall(cp.url, 'POST', '/v1/role-bindings/bulk', {
      bindings: Array.from({ length: 200 }, (_, i) => ({ subject: `user-${i}`, role: i % 10 === 0 ? 'admin' : 'reader' })),
    });
    const keys = await adminCall(cp.url, 'GET', '/v1/keys');
    const agentToken = (await adminCall(cp.url, 'POST', '/v1/agents', { name: 'bench-agent', service: 'bench' })).token as string;
    const quietToken = (await adminCall(cp.url, 'POST', '/v1/agents', { name: 'bench-agent-nolog', service: 'bench' })).token as string;
    const sdkToken = (await adminCall(cp.url, 'POST', '/v1/agents', { name: 'bench-sdk', service: 'bench' })).token as string;
    const riskOffToken = (await adminCall(cp.url, 'POST', '/v1/agents', { name: 'bench-agent-risk-off', service: 'bench' })).token as string;
    const sdkOffToken = (await adminCall(cp.url, 'POST', '/v1/agents', { name: 'bench-sdk-risk-off', service: 'bench' })).token as string;

    // 1. The agent process vs a bare node:http server. The control plane ingesting the
    // agent's decision logs shares these 2 cores, so an agent with logging off is measured too.
    const startAgent = async (token: string, extra: string[]) => {
      const port = await freePort();
      const args = [join(DIST, 'apps/agent/src/main.js'), '--control-plane', cp.url, '--token', token, '--trusted-keys', JSON.stringify(keys), '--listen', `127.0.0.1:${port}`, '--data-dir', mkdtempSync(join(tmpdir(), 'vigil-bench-agent-')), ...extra];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      const url = `http://127.0.0.1:${port}/v1/data/authz/allow`;
      await waitAllowed(url);
      return { url, pid: child.pid };
    };
    const { url: agentUrl, pid: agentPid } = await startAgent(agentToken, []);
    const { url: quietUrl, pid: quietPid } = await startAgent(quietToken, ['--decision-log', 'off']);
    const { url: riskOffUrl } = await startAgent(riskOffToken, ['--decision-log', 'off', '--risk', 'off']);
    const base = forkChild('bench/decision/constant-server.js', {});
    children.push(base);
    const { port: basePort } = (await nextMessage<{ kind: string; port: number }>(base, (m) => m.kind === 'listening')) as { port: number };
    const baseUrl = `http://127.0.0.1:${basePort}/v1/data/authz/allow`;

    const body = JSON.stringify({ input: { subject: 'user-7', action: 'read' } });
    await load(agentUrl, body, 1, connections); // warm all up
    await load(quietUrl, body, 1, connections);
    await load(riskOffUrl, body, 1, connections);
    await load(baseUrl, body, 1, connections);
    const agentRuns: Load[] = [];
    const quietRuns: Load[] = [];
    const baseRuns: Load[] = [];
    const riskOffRuns: Load[] = [];
    // ABBA order, and the ratio is the median of per-round ratios: on a shared 2-core
    // machine load drifts, and each round's pair runs back to back.
    const logBefore = await logCounters(agentUrl);
    const baseLoad = () => load(baseUrl, body, seconds, connections, [base.pid]);
    const agentLoad = () => load(agentUrl, body, seconds, connections, [agentPid, cp.proc.pid]);
    const quietLoad = () => load(quietUrl, body, seconds, connections, [quietPid]);
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        baseRuns.push(await baseLoad());
        agentRuns.push(await agentLoad());
        quietRuns.push(await quietLoad());
        riskOffRuns.push(await load(riskOffUrl, body, seconds, connections));
      } else {
        riskOffRuns.push(await load(riskOffUrl, body, seconds, connections));
        quietRuns.push(await quietLoad());
        agentRuns.push(await agentLoad());
        baseRuns.push(await baseLoad());
      }
    }
    // What the logging agent's decision log made of the load (after it had a moment to deliver).
    await new Promise((r) => setTimeout(r, 2000));
    const logAfter = await logCounters(agentUrl);
    const mean = (xs: Load[], k: 'rps' | 'p50' | 'p99' | 'bad') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
    const median = (xs: number[]) => percentile(xs, 0.5);
    const cpu = (xs: Load[], i: number) => {
      const v = xs.map((x) => x.cpuUs[i]).filter((x): x is number => x !== null && x !== undefined);
      return v.length === xs.length ? Math.round(median(v) * 10) / 10 : null;
    };

    // 2. The SDK in-process: the same engine, fed by the same control plane.
    engine = await VigilEngine.create({ controlPlane: cp.url, token: sdkToken, trustedKeys: importTrustedKeys(keys), logger: silentLogger });
    const deadline = Date.now() + 30_000;
    /** Starts an in-process engine and waits until it holds the policy, current. */
    const started = async (e: VigilEngine, name: string): Promise<void> => {
      e.start();
      while (!(e.enforcer.bundleSha256 && e.enforcer.lease.isFresh() && e.enforcer.applied > 0)) {
        if (Date.now() > deadline) throw new Error(`the ${name} did not receive the policy`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await started(engine, 'SDK engine');
    engineOff = await VigilEngine.create({ controlPlane: cp.url, token: sdkOffToken, trustedKeys: importTrustedKeys(keys), logger: silentLogger, risk: false });
    await started(engineOff, 'risk-off SDK engine');
    const input = { subject: 'user-7', action: 'read' };
    const enforcer = engine.enforcer;
    if (!enforcer.decideNow('authz/allow', input).allowed) throw new Error('the SDK does not allow the bench request: the policy is not in force');
    const policy = enforcer.currentBundle!.policy;
    timeCalls(() => enforcer.decideNow('authz/allow', input), 20_000); // warm-up
    const sdk: number[] = [];
    const rego: number[] = [];
    for (let r = 0; r < 5; r++) {
      rego.push(...timeCalls(() => policy.evaluate(input, 'authz/allow'), 20_000));
      sdk.push(...timeCalls(() => enforcer.decideNow('authz/allow', input), 20_000));
    }
    // 3b. Risk on vs off in-process, 1,000 rotating subjects (each call touches a different tracker slot).
    const inputs = Array.from({ length: 1000 }, (_, i) => ({ subject: `user-${i % 200}-${i}`, action: 'read', resource: `doc-${i % 37}` }));
    const offEnforcer = engineOff.enforcer;
    let k = 0;
    const on = () => enforcer.decideNow('authz/allow', inputs[k++ % 1000]);
    const off = () => offEnforcer.decideNow('authz/allow', inputs[k++ % 1000]);
    timeCalls(on, 20_000);
    timeCalls(off, 20_000);
    // The same policy with the context built (a bundle without metadata.vigil_context), same role bindings.
    const rbac = compilePolicy({ modules: [{ path: 'authz.rego', source: RBAC }], entrypoints: ['authz/allow'] });
    const ctxEnforcer = new Enforcer({ maxStalenessMs: 3_600_000 });
    ctxEnforcer.installBundle({ sha256: 'c'.repeat(64), manifest: { revision: '1', roots: [''] }, policy: await RegoPolicy.load(rbac.wasm), baseData: {} }, 1);
    ctxEnforcer.applyDelta({ v: 1, type: 'role_binding_delta', revision: 2, prev: 1, issued_at: 0, put: Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, subject: `user-${i}`, role: i % 10 === 0 ? 'admin' : 'reader' })), delete: [] });
    ctxEnforcer.heartbeat(2);
    const withContext = () => ctxEnforcer.decideNow('authz/allow', inputs[k++ % 1000]);
    timeCalls(withContext, 20_000);
    const sdkCtx: number[] = [];
    const sdkOn: number[] = [];
    const sdkOff: number[] = [];
    const sdkRatios: number[] = [];
    for (let r = 0; r < 10; r++) {
      const a = r % 2 === 0 ? timeCalls(off, 20_000) : [];
      const b = timeCalls(on, 20_000);
      const c = r % 2 === 1 ? timeCalls(off, 20_000) : a;
      sdkOn.push(...b);
      sdkOff.push(...c);
      sdkRatios.push(percentile(b, 0.5) / percentile(c, 0.5));
      sdkCtx.push(...timeCalls(withContext, 20_000));
    }

    // 4. Memory with 100,000 distinct subjects, in a clean child with --expose-gc.
    const memory = JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(DIST, 'bench/decision/risk-memory.js'), '100000'], { encoding: 'utf8' }).trim().split('\n').pop()!) as Record<string, number>;

    figures = {
      bench: 'decision',
      connections,
      seconds_per_round: seconds,
      rounds,
      agent_rps: Math.round(mean(agentRuns, 'rps')),
      agent_p50_ms: median(agentRuns.map((x) => x.p50)),
      agent_p99_ms: median(agentRuns.map((x) => x.p99)),
      agent_errors: [...agentRuns, ...quietRuns].reduce((a, x) => a + x.bad, 0),
      baseline_rps: Math.round(mean(baseRuns, 'rps')),
      baseline_p50_ms: median(baseRuns.map((x) => x.p50)),
      baseline_p99_ms: median(baseRuns.map((x) => x.p99)),
      ratio: r3(median(baseRuns.map((b, i) => b.rps / agentRuns[i].rps))),
      ratio_of_means: r3(mean(baseRuns, 'rps') / mean(agentRuns, 'rps')),
      // Where the time goes, CPU microseconds per request (median of rounds; Linux /proc): the
      // bare server, the logging agent and the control plane ingesting its log, the agent without a log.
      baseline_cpu_us: cpu(baseRuns, 0),
      agent_cpu_us: cpu(agentRuns, 0),
      control_plane_cpu_us: cpu(agentRuns, 1),
      agent_nolog_cpu_us: cpu(quietRuns, 0),
      // Decisions the logging agent delivered to the control plane / dropped during the rounds.
      agent_log_sent: logAfter.sent - logBefore.sent,
      agent_log_dropped: logAfter.dropped - logBefore.dropped,
      agent_nolog_rps: Math.round(mean(quietRuns, 'rps')),
      agent_nolog_p99_ms: median(quietRuns.map((x) => x.p99)),
      ratio_nolog: r3(median(baseRuns.map((b, i) => b.rps / quietRuns[i].rps))),
      sdk_p50_us: r3(percentile(sdk, 0.5)),
      sdk_p99_us: r3(percentile(sdk, 0.99)),
      rego_eval_p50_us: r3(percentile(rego, 0.5)),
      rego_eval_p99_us: r3(percentile(rego, 0.99)),
      // Risk tracking on (the logging-off agent) vs off (--risk off), same run, ABBA rounds.
      agent_risk_on_rps: Math.round(mean(quietRuns, 'rps')),
      agent_risk_off_rps: Math.round(mean(riskOffRuns, 'rps')),
      agent_risk_off_p99_ms: median(riskOffRuns.map((x) => x.p99)),
      risk_ratio: r3(median(riskOffRuns.map((o, i) => o.rps / quietRuns[i].rps))),
      sdk_risk_on_p50_us: r3(percentile(sdkOn, 0.5)),
      sdk_risk_on_p99_us: r3(percentile(sdkOn, 0.99)),
      sdk_risk_off_p50_us: r3(percentile(sdkOff, 0.5)),
      sdk_risk_off_p99_us: r3(percentile(sdkOff, 0.99)),
      sdk_risk_ratio: r3(median(sdkRatios)),
      sdk_risk_context_p50_us: r3(percentile(sdkCtx, 0.5)),
      sdk_risk_context_p99_us: r3(percentile(sdkCtx, 0.99)),
      risk_memory: memory,
    };
    process.stderr.write(
      `agent ${figures.agent_rps as number} req/s (p50 ${figures.agent_p50_ms} ms, p99 ${figures.agent_p99_ms} ms) vs bare node:http ${figures.baseline_rps} req/s → ratio ${figures.ratio}; ` +
        `decision log ${figures.agent_log_sent as number} delivered, ${figures.agent_log_dropped as number} dropped; without it ${figures.agent_nolog_rps as number} req/s → ratio ${figures.ratio_nolog}; ` +
        `CPU µs/request: bare ${figures.baseline_cpu_us}, agent ${figures.agent_cpu_us} + control plane ${figures.control_plane_cpu_us}, agent without log ${figures.agent_nolog_cpu_us}; ` +
        `SDK p50 ${figures.sdk_p50_us} µs, p99 ${figures.sdk_p99_us} µs (RegoPolicy.evaluate alone p50 ${figures.rego_eval_p50_us} µs); ` +
        `risk tracking on/off: agent ${figures.agent_risk_on_rps as number} vs ${figures.agent_risk_off_rps as number} req/s → ratio ${figures.risk_ratio}, SDK p50 ${figures.sdk_risk_on_p50_us} vs ${figures.sdk_risk_off_p50_us} µs → ratio ${figures.sdk_risk_ratio} (with input.vigil built: ${figures.sdk_risk_context_p50_us} µs); ` +
        `RSS with ${memory.subjects} subjects ${memory.rss_mb_at_n} MB (${memory.rss_mb_before} MB before, ${memory.rss_mb_at_3n} MB after ${3 * memory.subjects}, ${memory.rss_mb_at_6n} MB after ${6 * memory.subjects})\n`,
    );
  } finally {
    await engine?.close();
    await engineOff?.close();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.drop().catch(() => undefined);
  }
  // Last, after the children's shutdown logs: the figures are the final line of output.
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:decision failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
