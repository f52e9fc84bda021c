/**
 * Real processes for the agent e2e suite: control-plane replicas and agents started from
 * the build (`npm run build` first; VIGIL_E2E_DIST points elsewhere), on loopback ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const DIST = resolve(process.env.VIGIL_E2E_DIST ?? join(__dirname, '..', '..', '..', 'dist'));
export const ADMIN_KEY = 'vgk_agent_e2e_admin_key_0123456789';

export function requireBuild(): void {
  for (const f of ['apps/control-plane/src/main.js', 'apps/agent/src/main.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`${join(DIST, f)} is missing: run \`npm run build\` before the e2e suites`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A child process whose stderr is kept for assertions and failure reports. */
export class Proc {
  readonly output: string[] = [];
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (c: Buffer) => this.output.push(c.toString()));
    child.stdout?.on('data', (c: Buffer) => this.output.push(c.toString()));
  }

  get log(): string {
    return this.output.join('');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

export class ControlPlaneProcess {
  proc: Proc | null = null;
  constructor(
    readonly port: number,
    private readonly databaseUrl: string,
    /** Extra environment (tunables a suite needs, e.g. VIGIL_RISK_AGGREGATE_MS). */
    private readonly env: Record<string, string> = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(DIST, 'apps/control-plane/src/main.js')], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATABASE_URL: this.databaseUrl, VIGIL_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', VIGIL_HEARTBEAT_MS: '250', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = new Proc(`control-plane:${this.port}`, child);
    await waitFor(`control plane on ${this.port}`, async () => (await fetch(`${this.url}/health`)).ok);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read ad hoc by tests and benches
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + path, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

/** Starts `count` control-plane replicas on one database, each added to `replicas` before it starts (so a teardown stops it). */
export async function startReplicas(replicas: ControlPlaneProcess[], databaseUrl: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const cp = new ControlPlaneProcess(await freePort(), databaseUrl);
    replicas.push(cp);
    await cp.start();
  }
}

/**
 * Stops agents, then control planes (SIGTERM). VIGIL_E2E_LOGS=1 first prints every process's
 * output (for diagnosing a failure).
 */
export async function stopProcesses(agents: readonly (AgentProcess | undefined)[], controlPlanes: readonly (ControlPlaneProcess | undefined)[]): Promise<void> {
  if (process.env.VIGIL_E2E_LOGS) for (const p of [...controlPlanes, ...agents]) if (p?.proc) process.stderr.write(`--- ${p.proc.name}\n${p.proc.log.slice(-6000)}\n`);
  for (const a of agents) await a?.proc?.kill('SIGTERM');
  for (const cp of controlPlanes) await cp?.proc?.kill('SIGTERM');
}

export interface AgentOptions {
  readonly controlPlane: string;
  readonly token: string;
  readonly trustedKeys: unknown;
  readonly dataDir: string;
  readonly upstream?: string;
  readonly extra?: string[];
}

export class AgentProcess {
  proc: Proc | null = null;
  constructor(
    readonly port: number,
    readonly proxyPort: number,
    readonly opts: AgentOptions,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get proxyUrl(): string {
    return `http://127.0.0.1:${this.proxyPort}`;
  }

  async start(waitHealthy = true): Promise<void> {
    const args = [
      join(DIST, 'apps/agent/src/main.js'),
      '--control-plane', this.opts.controlPlane,
      '--token', this.opts.token,
      '--trusted-keys', JSON.stringify(this.opts.trustedKeys),
      '--listen', `127.0.0.1:${this.port}`,
      '--data-dir', this.opts.dataDir,
      ...(this.opts.upstream ? ['--upstream', this.opts.upstream, '--proxy-listen', `127.0.0.1:${this.proxyPort}`] : []),
      ...(this.opts.extra ?? []),
    ];
    this.proc = new Proc(`agent:${this.port}`, spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    await waitFor(`agent on ${this.port} listening`, async () => (await fetch(`${this.url}/metrics`)).ok);
    if (waitHealthy) await waitFor(`agent on ${this.port} healthy`, async () => (await this.health()).status === 'ok');
  }

  async health(): Promise<{ status: string; revision: number; refused_events: number; last_refusal: string | null }> {
    return (await fetch(`${this.url}/health`)).json() as never;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read ad hoc by tests and benches
  async decide(path: string, input: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/v1/data/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ input }) });
    return { status: res.status, body: await res.json() };
  }
}
