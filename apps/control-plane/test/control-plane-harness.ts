/**
 * Starts the real control plane (the same createApp as main.ts) on a random loopback port
 * against a test database, and talks to it over HTTP.
 */
import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '../src/config/config';
import { createApp } from '../src/create-app';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database';

export const ADMIN_KEY = 'vgk_test_admin_key_0123456789abcdef';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON that each test inspects */
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class TestControlPlane {
  private constructor(private running: { readonly app: INestApplication; readonly url: string } | null) {}

  get app(): INestApplication {
    return this.started().app;
  }

  get url(): string {
    return this.started().url;
  }

  private started(): { readonly app: INestApplication; readonly url: string } {
    if (!this.running) throw new Error('the control plane is not started yet (forSuite starts it in beforeAll)');
    return this.running;
  }

  static async start(db: TestDatabase, env: Record<string, string> = {}): Promise<TestControlPlane> {
    return new TestControlPlane(await TestControlPlane.listen(db, env));
  }

  /**
   * The control plane of the enclosing `describe` block, on a fresh database of `kind`:
   * started before its tests (jest's beforeAll), closed and its database dropped after them.
   */
  static forSuite(kind: TestDatabaseKind, env: Record<string, string> = {}): TestControlPlane {
    const cp = new TestControlPlane(null);
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cp.running = await TestControlPlane.listen(db, env);
    });
    afterAll(async () => {
      if (cp.running) await cp.close();
      await db?.drop();
    });
    return cp;
  }

  private static async listen(db: TestDatabase, env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      VIGIL_DATA_DIR: db.dataDir,
      VIGIL_ADMIN_KEY: ADMIN_KEY,
      VIGIL_EXPIRY_INTERVAL_MS: '100',
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...env,
    });
    const app = await createApp(config, pino({ level: process.env.VIGIL_TEST_LOG ?? 'silent' }));
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { app, url };
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** A JSON request; `token` defaults to the bootstrap admin key (null sends none). */
  async call<T = any>(method: string, path: string, body?: unknown, token: string | null = ADMIN_KEY, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (token !== null) h.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string, token?: string | null) => this.call<T>('GET', path, undefined, token);
  post = <T = any>(path: string, body?: unknown, token?: string | null) => this.call<T>('POST', path, body, token);
  put = <T = any>(path: string, body?: unknown, token?: string | null) => this.call<T>('PUT', path, body, token);
  patch = <T = any>(path: string, body?: unknown, token?: string | null) => this.call<T>('PATCH', path, body, token);
  delete = <T = any>(path: string, token?: string | null) => this.call<T>('DELETE', path, undefined, token);

  /** The newest revision (the head of the revision log). */
  async head(): Promise<number> {
    return (await this.get('/v1/revisions?limit=1')).body.head as number;
  }

  /** Creates an API key with the given scopes and returns its token. */
  async keyWith(...scopes: string[]): Promise<string> {
    const res = await this.post('/v1/api-keys', { name: `k-${scopes.join('-') || 'none'}-${Math.random().toString(36).slice(2, 8)}`, scopes });
    if (res.status !== 201) throw new Error(`cannot create key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** Waits until `check` passes or the timeout elapses. */
  async eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`condition not met within ${timeoutMs} ms`);
  }
}

/** Polls `fn` every 20 ms until it returns something truthy (returned), or fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
