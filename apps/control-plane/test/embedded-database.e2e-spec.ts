/**
 * The single-node path: embedded PGlite in VIGIL_DATA_DIR keeps everything across a
 * restart, and a second process cannot open the same folder.
 */
import { TestControlPlane } from './control-plane-harness';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('embedded PGlite', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps data, revisions, keys and the signing key across a restart', async () => {
    const first = await TestControlPlane.start(db);
    const binding = await first.post('/v1/role-bindings', { subject: 'alice', role: 'admin' });
    await first.put('/v1/data/tenants/acme', { plan: 'gold' });
    const viewer = await first.keyWith('viewer');
    const keys = (await first.get('/v1/keys', null)).body;
    const head = (await first.get('/v1/revisions?limit=1')).body.head;
    await first.close();

    const second = await TestControlPlane.start(db);
    try {
      expect((await second.get(`/v1/role-bindings/${binding.body.id}`)).body).toMatchObject({ subject: 'alice', role: 'admin' });
      expect((await second.get('/v1/data/tenants/acme')).body.value).toEqual({ plan: 'gold' });
      expect((await second.get('/v1/agents', viewer)).status).toBe(200);
      expect((await second.get('/v1/keys', null)).body).toEqual(keys);
      expect((await second.get('/v1/revisions?limit=1')).body.head).toBe(head);
      const next = await second.post('/v1/revocations', { kind: 'subject', value: 'bob' });
      expect(next.body.revision).toBe(head + 1);
    } finally {
      await second.close();
    }
  });

  it('refuses a second process on the same data folder', async () => {
    const running = await TestControlPlane.start(db);
    try {
      const { DatabaseConnection } = await import('../src/database/database-connection');
      // Same process id would be taken as a stale lock of ours; fake another live process.
      const { writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      writeFileSync(join(db.dataDir, 'pglite.lock'), String(process.ppid));
      await expect(DatabaseConnection.open({ databaseUrl: null, dataDir: db.dataDir, dbPoolSize: 1 })).rejects.toThrow(/in use by process/);
      writeFileSync(join(db.dataDir, 'pglite.lock'), String(process.pid));
    } finally {
      await running.close();
    }
  });
});
