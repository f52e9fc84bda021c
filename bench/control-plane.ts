/**
 * `npm run bench:control-plane`: the control plane's write path over HTTP, on Postgres
 * (VIGIL_BENCH_POSTGRES_URL, else VIGIL_TEST_POSTGRES_URL, else the server at
 * 127.0.0.1:5432 when it answers) and on embedded PGlite.
 *
 * - role-binding write: p50/p99 from request to the response carrying the committed
 *   revision, sequential; baselines, interleaved in the same run: the smallest committed
 *   write the same database can do (one INSERT in a transaction through pg), and an HTTP
 *   round trip through the same app that touches no database (GET /health/live).
 * - sustained role-binding writes per second with 16 concurrent clients for 5 s.
 * - compile-and-publish of a 200-rule policy (PUT /v1/policies/{id}), p50/p99 over runs.
 */
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../apps/control-plane/src/config/config';
import { createApp } from '../apps/control-plane/src/create-app';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../apps/control-plane/test/test-database';
import { emitJson, round, summarize } from './lib/stats';

const ADMIN = 'vgk_bench_admin_key_0123456789abcdef';
const WRITES = 400;
const ROUNDS = 4;
const SUSTAINED_MS = 5000;
const CONCURRENCY = 16;
const PUBLISH_RUNS = 8;

async function main(): Promise<void> {
  const figures: Record<string, unknown> = { bench: 'control-plane' };
  const pgUrl = await postgresUrl();
  if (pgUrl) {
    process.env.VIGIL_TEST_POSTGRES_URL = pgUrl;
    figures.postgres = await benchOn('postgres');
  } else {
    console.log('postgres: no server reachable; skipped');
  }
  figures.pglite = await benchOn('pglite');
  emitJson(figures);
}

async function benchOn(kind: TestDatabaseKind): Promise<Record<string, number>> {
  const db = await createTestDatabase(kind);
  const config = loadConfig({ PORT: '0', VIGIL_DATA_DIR: db.dataDir, VIGIL_ADMIN_KEY: ADMIN, ...(db.url ? { DATABASE_URL: db.url } : {}) });
  const app = await createApp(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const baseline = await baselineWriter(kind, db, app);
    let n = 0;
    const write = async () => {
      const i = n++;
      const res = await call(url, 'POST', '/v1/role-bindings', { subject: `user-${i % 5000}`, role: `role-${i % 7}` });
      if (typeof res.revision !== 'number') throw new Error(`write failed: ${JSON.stringify(res)}`);
    };
    for (let i = 0; i < 50; i++) await write(); // warm-up
    for (let i = 0; i < 50; i++) await baseline.write();
    // Second baseline: an HTTP round trip through the same app that touches no database.
    const live = async () => void (await (await fetch(`${url}/health/live`)).text());
    const api: number[] = [];
    const base: number[] = [];
    const http: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < WRITES / ROUNDS; i++) base.push(await timed(baseline.write));
      for (let i = 0; i < WRITES / ROUNDS; i++) http.push(await timed(live));
      for (let i = 0; i < WRITES / ROUNDS; i++) api.push(await timed(write));
    }
    await baseline.close();
    const a = summarize(api);
    const b = summarize(base);
    const h = summarize(http);

    let done = 0;
    const deadline = performance.now() + SUSTAINED_MS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          await write();
          done++;
        }
      }),
    );
    const perSecond = done / ((performance.now() - started) / 1000);

    const publish: number[] = [];
    const compile: number[] = [];
    for (let i = 0; i < PUBLISH_RUNS + 1; i++) {
      const t0 = performance.now();
      const res = await call(url, 'PUT', '/v1/policies/big', { source: bigPolicy(200, i) });
      if (typeof res.revision !== 'number') throw new Error(`publish failed: ${JSON.stringify(res).slice(0, 500)}`);
      if (i > 0) {
        publish.push(performance.now() - t0);
        compile.push(res.compileMs as number);
      }
    }
    const p = summarize(publish);
    const c = summarize(compile);

    console.log(
      `${kind}: role-binding write p50 ${a.p50.toFixed(2)} ms p99 ${a.p99.toFixed(2)} ms (baselines: tx p50 ${b.p50.toFixed(2)} ms, HTTP no-op p50 ${h.p50.toFixed(2)} ms; ratio to tx+HTTP ${(a.p50 / (b.p50 + h.p50)).toFixed(2)})`,
    );
    console.log(`${kind}: sustained ${perSecond.toFixed(0)} role-binding writes/s with ${CONCURRENCY} clients`);
    console.log(`${kind}: publish 200-rule policy p50 ${p.p50.toFixed(1)} ms p99 ${p.p99.toFixed(1)} ms (compile p50 ${c.p50.toFixed(1)} ms)`);
    return {
      binding_write_p50_ms: round(a.p50),
      binding_write_p99_ms: round(a.p99),
      baseline_tx_p50_ms: round(b.p50),
      baseline_tx_p99_ms: round(b.p99),
      http_noop_p50_ms: round(h.p50),
      ratio_p50: round(a.p50 / b.p50, 2),
      ratio_to_tx_plus_http_p50: round(a.p50 / (b.p50 + h.p50), 2),
      writes_per_s: Math.round(perSecond),
      publish_200_rules_p50_ms: round(p.p50, 1),
      publish_200_rules_p99_ms: round(p.p99, 1),
      compile_200_rules_p50_ms: round(c.p50, 1),
    };
  } finally {
    await app.close();
    await db.drop();
  }
}

/** One INSERT per transaction into a scratch table: the cheapest committed write on this database. */
async function baselineWriter(kind: TestDatabaseKind, db: TestDatabase, app: Awaited<ReturnType<typeof createApp>>) {
  const { DataSource } = await import('typeorm');
  if (kind === 'postgres') {
    const c = new Client({ connectionString: db.url! });
    await c.connect();
    await c.query('CREATE TABLE bench_baseline (id serial PRIMARY KEY, v text)');
    return {
      write: async () => {
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_baseline (v) VALUES ($1)', ['x']);
        await c.query('COMMIT');
      },
      close: () => c.end(),
    };
  }
  // PGlite has one session: the baseline shares the app's (idle) connection.
  const ds = app.get(DataSource);
  await ds.query('CREATE TABLE bench_baseline (id serial PRIMARY KEY, v text)');
  return {
    write: () => ds.transaction(async (em) => void (await em.query('INSERT INTO bench_baseline (v) VALUES ($1)', ['x']))),
    close: async () => undefined,
  };
}

/** A policy of `rules` rules (a mix of role checks, comparisons and a test); `salt` makes each publish a change. */
function bigPolicy(rules: number, salt: number): string {
  const lines = ['package big', '', 'import rego.v1', '', 'default allow := false', ''];
  for (let i = 0; i < rules; i++) {
    if (i % 2 === 0) lines.push(`allow if {`, `\tsome b in data.vigil.role_bindings[input.user]`, `\tb.role == "role-${i}"`, `\tinput.action == "action-${i}"`, `}`, '');
    else lines.push(`limit_${i} := ${i + salt} if input.tier == "t${i}"`, '');
  }
  lines.push('test_default_deny if not allow with input as {}', '');
  return lines.join('\n');
}

async function postgresUrl(): Promise<string | null> {
  const url = process.env.VIGIL_BENCH_POSTGRES_URL ?? process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return url;
  } catch {
    return null;
  }
}

async function call(base: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
