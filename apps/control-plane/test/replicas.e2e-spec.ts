/**
 * Two control-plane replicas on one Postgres: one ordered history whichever replica
 * writes, wake-ups across replicas through NOTIFY, each expiry announced exactly once,
 * one signing key and one bootstrap admin. Postgres only (PGlite serves one process).
 */
import { RevisionFeed } from '../src/revisions/revision-feed';
import { TestControlPlane } from './control-plane-harness';
import { createTestDatabase, defaultKind, type TestDatabase } from './test-database';

// Skipped only where no Postgres is configured or reachable; with VIGIL_REQUIRE_POSTGRES=1 that fails instead.
const postgres = defaultKind() === 'postgres' ? describe : describe.skip;

postgres('two replicas on one Postgres', () => {
  let db: TestDatabase;
  let a: TestControlPlane;
  let b: TestControlPlane;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // Started together: migrations, bootstrap key and signing key must each happen once.
    [a, b] = await Promise.all([TestControlPlane.start(db), TestControlPlane.start(db)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });

  it('share one signing key and one bootstrap admin key', async () => {
    const [ka, kb] = await Promise.all([a.get('/v1/keys', null), b.get('/v1/keys', null)]);
    expect(ka.body.keys).toHaveLength(1);
    expect(kb.body).toEqual(ka.body);
    const keys = await a.get('/v1/api-keys');
    expect(keys.body.items.filter((k: { name: string }) => k.name === 'bootstrap-admin')).toHaveLength(1);
  });

  it('give concurrent writes through both replicas one gap-free order', async () => {
    const before = (await a.get('/v1/revisions?limit=1')).body.head as number;
    const writes = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).post('/v1/role-bindings', { subject: `user-${i}`, role: 'reader' }));
    const revisions = (await Promise.all(writes)).map((r) => r.body.revision as number).sort((x, y) => x - y);
    expect(revisions).toEqual(Array.from({ length: 40 }, (_, i) => before + 1 + i));
    const log = await b.get(`/v1/revisions?after=${before}&limit=100`);
    expect(log.body.items.map((e: { revision: number }) => e.revision)).toEqual(revisions);
  });

  it('wake the other replica through NOTIFY, well before its safety poll', async () => {
    const feedB = b.app.get(RevisionFeed);
    const woke = new Promise<number>((resolve) => {
      const off = feedB.subscribe((head) => {
        off();
        resolve(head);
      });
    });
    const started = Date.now();
    const res = await a.post('/v1/revocations', { kind: 'subject', value: 'eve' });
    const head = await woke;
    expect(head).toBeGreaterThanOrEqual(res.body.revision);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('announce each expiry exactly once although both replicas sweep', async () => {
    const soon = new Date(Date.now() + 700).toISOString();
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).post('/v1/role-bindings', { subject: `temp-${i}`, role: 'oncall', expiresAt: soon })),
    );
    const ids = created.map((r) => r.body.id as string);
    const after = Math.max(...created.map((r) => r.body.revision as number));
    await a.eventually(async () => {
      const list = await a.get('/v1/role-bindings?role=oncall&limit=50');
      return list.body.items.every((x: { status: string }) => x.status === 'expired');
    }, 10_000);
    await new Promise((r) => setTimeout(r, 500)); // a late duplicate would show up here
    const log = (await a.get(`/v1/revisions?after=${after}&limit=500`)).body.items as { actor: string; payload: { delete: string[] } }[];
    const announced = log.filter((e) => e.actor === 'system:expiry').flatMap((e) => e.payload.delete);
    expect(announced.sort()).toEqual([...ids].sort());
  });
});
