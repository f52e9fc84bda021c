/**
 * Closing the database while queries are still running or waiting for a pooled connection
 * (what shutdown does while the gateway records the agents it disconnects). TypeORM's
 * destroy releases busy connections to the pool, which hands them to waiting callers: pg
 * clients then get a query while they run another (pg@8 warns once per process, pg@9
 * throws). Seen at the end of `bench:propagation --agents 500`; DatabaseConnection.close
 * drains first. Every pg Client's query is watched here, so an overlap fails the suite even
 * when pg's once-per-process warning was already spent.
 */
import { Client } from 'pg';
import { DatabaseConnection } from '../src/database/database-connection';
import { createTestDatabase, defaultKind, type TestDatabase } from './test-database';

interface ClientInternals {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
}

const kind = defaultKind();

describe(`DatabaseConnection.close with queries in flight (${kind})`, () => {
  let db: TestDatabase;
  const overlaps: string[] = [];
  const warnings: string[] = [];
  const original = Client.prototype.query;
  const onWarning = (w: Error) => {
    if (w.name === 'DeprecationWarning' && /already executing a query/.test(w.message)) warnings.push(w.message);
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // Any query sent to a client that already runs one (or has one queued): the pool never does that on its own.
    Client.prototype.query = function (this: Client & ClientInternals, ...args: unknown[]) {
      if (this._activeQuery || (this._queryQueue?.length ?? 0) > 0) overlaps.push(String(args[0]).slice(0, 60));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    Client.prototype.query = original;
    process.off('warning', onWarning);
    await db?.drop();
  });

  it('lets running and waiting queries finish on their own connections before the pool closes', async () => {
    const conn = await DatabaseConnection.open({ databaseUrl: db.url, dataDir: db.dataDir, dbPoolSize: 2 });
    overlaps.length = 0; // migrations and startup are not what this checks
    // Far more callers than connections: most wait for one when close starts.
    const calls = Array.from({ length: 12 }, (_, i) => conn.dataSource.query('SELECT pg_sleep(0.02), $1::int AS i', [i]) as Promise<{ i: number }[]>);
    await new Promise((r) => setTimeout(r, 5)); // the first ones are on the wire
    await conn.close();
    const outcomes = await Promise.allSettled(calls);
    expect(overlaps).toEqual([]);
    expect(warnings).toEqual([]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value[0].i : `rejected: ${(o.reason as Error).message}`))).toEqual(calls.map((_, i) => i));
  });
});
