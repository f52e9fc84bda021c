/** Child processes and a scratch database for the distribution benches. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

export const POSTGRES_URL = process.env.VIGIL_BENCH_POSTGRES_URL ?? process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const ADMIN_KEY = 'vgk_bench_admin_key_0123456789abcdef';
/** dist/ root: this file runs from dist/bench/propagation/. */
export const DIST = join(__dirname, '..', '..');

export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vigil_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts `node dist/apps/control-plane/src/main.js` and waits for /health. */
export async function startControlPlane(databaseUrl: string, env: Record<string, string> = {}): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(DIST, 'apps/control-plane/src/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, VIGIL_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`control plane exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, proc };
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('control plane did not become healthy in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function forkChild(file: string, env: Record<string, string>): ChildProcess {
  return fork(join(DIST, file), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Resolves with the first IPC message matching `pred`. */
export function nextMessage<T>(child: ChildProcess, pred: (m: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error('timed out waiting for a child process'));
    }, timeoutMs);
    const on = (m: T) => {
      if ((m as { kind?: string }).kind === 'error') {
        clearTimeout(timer);
        child.off('message', on);
        reject(new Error((m as unknown as { message: string }).message));
      } else if (pred(m)) {
        clearTimeout(timer);
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read ad hoc by tests and benches
export async function adminCall(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
