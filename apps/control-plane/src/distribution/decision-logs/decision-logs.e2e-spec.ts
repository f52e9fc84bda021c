/**
 * Decision outcomes and reasons on a real database: the migration fills them in for rows logged
 * before it, ingestion takes them from agents (or reads them from the result for older agents),
 * and GET /v1/decisions filters on them.
 */
import { randomUUID } from 'node:crypto';
import type { DecisionLogBatch, DecisionLogEntry } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../../migrations';
import { DecisionOutcomes1795460000000 } from '../../../../../migrations/1795460000000-DecisionOutcomes';
import { TestControlPlane } from '../../../test/control-plane-harness';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { dataSourceOptions } from '../../database/data-source-options';
import { DecisionLogsService } from './decision-logs.service';

jest.setTimeout(60_000);
// Rows logged before the migration are written with SQL on a database migrated that far: a Postgres
// server (the local one outside CI). The environment is put back afterwards.
const savedEnv = process.env.VIGIL_TEST_POSTGRES_URL;
process.env.VIGIL_TEST_POSTGRES_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const AGENT = randomUUID();
const entry = (e: Partial<DecisionLogEntry>): DecisionLogEntry => ({
  decision_id: randomUUID(),
  timestamp: new Date().toISOString(),
  path: 'authz/allow',
  input: { subject: 'alice' },
  result: true,
  allowed: true,
  revision: 1,
  bundle_sha256: null,
  latency_us: 10,
  ...e,
});

describe('decision outcomes on postgres', () => {
  let db: TestDatabase;
  let cp: TestControlPlane;
  const legacy = {
    allowed: randomUUID(),
    revoked: randomUUID(),
    challenged: randomUUID(),
    limited: randomUUID(),
    denied: randomUUID(),
    falsy: randomUUID(),
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // The schema as it was before the migration, with rows logged then.
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(DecisionOutcomes1795460000000));
    const ds = new DataSource({ ...dataSourceOptions({ url: db.url as string }, 1), migrations: before });
    await ds.initialize();
    await ds.runMigrations();
    const rows: [string, boolean, string | null, unknown][] = [
      [legacy.allowed, true, null, true],
      [legacy.revoked, false, 'revoked', null],
      [legacy.challenged, false, null, { challenge: { acr_values: 'mfa' }, reasons: ['new origin', 7] }],
      [legacy.limited, false, null, { limit: { rate: 1 }, reasons: 'burst' }],
      [legacy.denied, false, null, { deny: true, challenge: {}, reasons: ['not compliant'] }],
      [legacy.falsy, false, null, false],
    ];
    for (const [id, allowed, reason, result] of rows) {
      await ds.query(
        `INSERT INTO decision_logs (decision_id, agent_id, at, path, input, result, allowed, reason, revision, bundle_sha256, latency_us, received_at)
         VALUES ($1, $2, now() - interval '1 hour', 'authz/allow', '{}', $3, $4, $5, 1, NULL, 5, now())`,
        [id, AGENT, JSON.stringify(result), allowed, reason],
      );
    }
    await ds.destroy();
    cp = await TestControlPlane.start(db); // runs the rest of the migrations
  });

  afterAll(async () => {
    await cp?.close();
    await db?.drop();
    if (savedEnv === undefined) delete process.env.VIGIL_TEST_POSTGRES_URL;
    else process.env.VIGIL_TEST_POSTGRES_URL = savedEnv;
  });

  const decisions = async (query: string) => {
    const r = await cp.get(`/v1/decisions?agent_id=${AGENT}&limit=100&${query}`);
    expect(r.status).toBe(200);
    return r.body.items as { decision_id: string; outcome: string; reasons: string[] }[];
  };

  it('fills in the outcome and reasons of rows logged before the migration', async () => {
    const byId = new Map((await decisions('')).map((d) => [d.decision_id, d]));
    expect(byId.get(legacy.allowed)).toMatchObject({ outcome: 'allow', reasons: [] });
    expect(byId.get(legacy.revoked)).toMatchObject({ outcome: 'deny', reasons: [] });
    expect(byId.get(legacy.challenged)).toMatchObject({ outcome: 'challenge', reasons: ['new origin'] });
    expect(byId.get(legacy.limited)).toMatchObject({ outcome: 'limit', reasons: ['burst'] });
    expect(byId.get(legacy.denied)).toMatchObject({ outcome: 'deny', reasons: ['not compliant'] });
    expect(byId.get(legacy.falsy)).toMatchObject({ outcome: 'deny', reasons: [] });
  });

  it('stores what agents send, reads older agents\' entries from their result, and filters on both', async () => {
    const fresh = [
      entry({ allowed: false, outcome: 'challenge', reasons: ['new origin 10.0.0.9', 'deny_rate: 30 in the last 10s'], result: { challenge: { acr_values: 'mfa' } } }),
      entry({ allowed: false, outcome: 'limit', reasons: ['Burst'], result: { limit: { rate: 1 } } }),
      entry({ allowed: true, outcome: 'allow', reasons: [], result: { limit: { rate: 5 } } }), // within budget
      entry({ allowed: false, outcome: 'deny', reason: 'revoked', reasons: ['subject "bob" is revoked (r1)'], result: null }),
      entry({ allowed: false, result: { challenge: {}, reasons: ['old agent: new origin'] } }), // an agent from before outcomes
      entry({ allowed: false, result: { allow: true } }), // allowed false although the result allows: the agent denied
    ];
    const batch: DecisionLogBatch = { batch_id: randomUUID(), dropped: 0, entries: fresh };
    expect(await cp.app.get(DecisionLogsService).ingest(AGENT, batch)).toBe(6);
    const byId = new Map((await decisions('')).map((d) => [d.decision_id, d]));
    expect(fresh.map((e) => byId.get(e.decision_id)?.outcome)).toEqual(['challenge', 'limit', 'allow', 'deny', 'challenge', 'deny']);
    expect(byId.get(fresh[4]!.decision_id)?.reasons).toEqual(['old agent: new origin']);

    const ids = (items: { decision_id: string }[]) => new Set(items.map((d) => d.decision_id));
    expect(ids(await decisions('outcome=challenge,limit'))).toEqual(
      new Set([fresh[0]!.decision_id, fresh[1]!.decision_id, fresh[4]!.decision_id, legacy.challenged, legacy.limited]),
    );
    expect((await decisions('outcome=allow')).every((d) => d.outcome === 'allow')).toBe(true);
    // Case-insensitive substring of any reason; % and _ are plain characters.
    expect(ids(await decisions('reason_contains=NEW%20ORIGIN'))).toEqual(new Set([fresh[0]!.decision_id, fresh[4]!.decision_id, legacy.challenged]));
    expect(ids(await decisions('reason_contains=burst&outcome=limit'))).toEqual(new Set([fresh[1]!.decision_id, legacy.limited]));
    expect(await decisions('reason_contains=%25')).toEqual([]);
    expect(await decisions('reason_contains=n_w')).toEqual([]);
  });

  it('stores a batch from the text the agent sent as that text reads, and fills in one that needs it', async () => {
    const service = cp.app.get(DecisionLogsService);
    const sent = [
      entry({ outcome: 'allow', reasons: [], input: { subject: 'carol', nested: { a: [1, 'x'] } } }),
      entry({ allowed: false, outcome: 'deny', reason: 'stale', reasons: ['not confirmed current for 11000 ms'], result: null, input: null, latency_us: 0 }),
    ];
    const batch: DecisionLogBatch = { batch_id: randomUUID(), dropped: 0, entries: sent };
    expect(await service.ingest(AGENT, batch, JSON.stringify(batch))).toBe(2);
    expect(await service.ingest(AGENT, batch, JSON.stringify(batch))).toBe(2); // a resend stores nothing twice
    // Fractional microseconds (or no outcome) cannot go as sent: filled in and rounded.
    const odd = entry({ outcome: 'allow', reasons: [], latency_us: 7.6 });
    const oddBatch: DecisionLogBatch = { batch_id: randomUUID(), dropped: 0, entries: [odd] };
    expect(await service.ingest(AGENT, oddBatch, JSON.stringify(oddBatch))).toBe(1);
    const all = (await decisions('')) as unknown as Record<string, unknown>[];
    const byId = new Map(all.map((d) => [d.decision_id, d]));
    expect(all.filter((d) => d.decision_id === sent[0]!.decision_id)).toHaveLength(1);
    expect(byId.get(sent[0]!.decision_id)).toMatchObject({ outcome: 'allow', reasons: [], input: { subject: 'carol', nested: { a: [1, 'x'] } }, result: true, reason: null, latency_us: 10, timestamp: sent[0]!.timestamp });
    expect(byId.get(sent[1]!.decision_id)).toMatchObject({ outcome: 'deny', allowed: false, reason: 'stale', reasons: ['not confirmed current for 11000 ms'], result: null, input: null, latency_us: 0 });
    expect(byId.get(odd.decision_id)).toMatchObject({ outcome: 'allow', latency_us: 8 });
  });

  it('holds later pages to what was received by the first page\'s as_of, while decisions keep arriving', async () => {
    const ids = (r: { body: { items: { decision_id: string }[] } }) => r.body.items.map((d) => d.decision_id);
    const list = (query: string) => cp.get(`/v1/decisions?agent_id=${AGENT}&limit=2&${query}`);
    const first = await list('');
    expect(first.status).toBe(200);
    const asOf = first.body.as_of as string;
    expect(asOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const total = first.body.total as number;
    const secondThen = ids(await list('offset=2'));
    // Logged after that first page, newer than everything: without the pin they push every later page down.
    const soon = new Date(Date.now() + 60_000).toISOString();
    const late = [entry({ timestamp: soon }), entry({ timestamp: soon })];
    expect(await cp.app.get(DecisionLogsService).ingest(AGENT, { batch_id: randomUUID(), dropped: 0, entries: late })).toBe(2);
    const pinned = await list(`offset=2&received_before=${encodeURIComponent(asOf)}`);
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ total, offset: 2, limit: 2, as_of: asOf });
    expect(ids(pinned)).toEqual(secondThen);
    const unpinned = await list('offset=2');
    expect(unpinned.body.total).toBe(total + 2);
    expect(ids(unpinned)).not.toEqual(secondThen);
    const everything = await cp.get(`/v1/decisions?agent_id=${AGENT}&limit=500&received_before=${encodeURIComponent(asOf)}`);
    expect(ids(everything).filter((id) => late.some((e) => e.decision_id === id))).toEqual([]);
    // Without the pin the list is as before, with the time it was read.
    expect(Date.parse(unpinned.body.as_of)).toBeGreaterThan(Date.parse(asOf) - 1);
  });

  it('refuses a received_before that is not a date-time, naming the field', async () => {
    const r = await cp.get('/v1/decisions?received_before=yesterday');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/received_before must be an ISO 8601 date-time/);
  });

  it('refuses unknown outcomes naming the field', async () => {
    const r = await cp.get('/v1/decisions?outcome=allow,maybe');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/outcome/);
  });
});

describe('decision-log resends on PGlite', () => {
  let db: TestDatabase;
  let cp: TestControlPlane;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    cp = await TestControlPlane.start(db);
  });
  afterAll(async () => {
    await cp?.close();
    await db?.drop();
  });

  it('stores a batch sent twice once (the plain insert meets the primary key, the idempotent one stores nothing)', async () => {
    const service = cp.app.get(DecisionLogsService);
    const sent = [entry({ outcome: 'allow', reasons: [] }), entry({ outcome: 'allow', reasons: [] })];
    const batch: DecisionLogBatch = { batch_id: randomUUID(), dropped: 0, entries: sent };
    expect(await service.ingest(AGENT, batch, JSON.stringify(batch))).toBe(2);
    const again: DecisionLogBatch = { ...batch, entries: [...sent, entry({ outcome: 'deny', allowed: false, reasons: [] })] };
    expect(await service.ingest(AGENT, again, JSON.stringify(again))).toBe(3);
    const r = await cp.get(`/v1/decisions?agent_id=${AGENT}&limit=100`);
    expect(r.status).toBe(200);
    expect((r.body.items as { decision_id: string }[]).map((d) => d.decision_id).sort()).toEqual([...again.entries.map((e) => e.decision_id)].sort());
  });
});
