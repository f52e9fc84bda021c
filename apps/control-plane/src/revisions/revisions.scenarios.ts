/**
 * Group commit (RevisionsService.commit) driven over HTTP against the real app: concurrent
 * writes share transactions, and every change still gets its own gapless, commit-ordered
 * revision with its log row and audit events; a change that fails inside a batch rolls back
 * to its savepoint and reports its own error while the others commit; a batch whose COMMIT
 * fails (Postgres only: a deferred constraint trigger installed in the suite's database)
 * reports that failure to every change in it and leaves no trace of any of them.
 */
import { Client, type Notification } from 'pg';
import { TestControlPlane, type ApiResponse } from '../../test/control-plane-harness';
import type { TestDatabaseKind } from '../../test/test-database';
import { DatabaseConnection } from '../database/database-connection';
import { MetricsService } from '../metrics/metrics.service';
import { RevisionFeed } from './revision-feed';
import { REVISIONS_CHANNEL, RevisionsService } from './revisions.service';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
interface LogRow {
  revision: number;
  kind: string;
  resource: string;
  actor: string;
  payload: any;
  createdAt: string;
}

export function describeGroupCommit(kind: TestDatabaseKind): void {
  describe(`group commit on ${kind}`, () => {
    const cp = TestControlPlane.forSuite(kind, { VIGIL_EXPIRY_INTERVAL_MS: '60000' });

    /** The log after `after`, oldest first. */
    async function logAfter(after: number): Promise<LogRow[]> {
      const res = await cp.get(`/v1/revisions?after=${after}&limit=1000`);
      expect(res.status).toBe(200);
      return res.body.items as LogRow[];
    }

    async function auditsOf(resource: string): Promise<any[]> {
      const res = await cp.get(`/v1/audit-events?resource=${encodeURIComponent(resource)}&limit=100`);
      expect(res.status).toBe(200);
      return res.body.items;
    }

    /** Heads this replica's feed announces while `fn` runs. */
    async function heardDuring<T>(fn: () => Promise<T>): Promise<{ result: T; heard: number[] }> {
      const heard: number[] = [];
      const stop = cp.app.get(RevisionFeed).subscribe((h) => heard.push(h));
      try {
        return { result: await fn(), heard };
      } finally {
        stop();
      }
    }

    function expectGapless(log: LogRow[], after: number, count: number): void {
      expect(log.map((e) => e.revision)).toEqual(Array.from({ length: count }, (_, i) => after + 1 + i));
      for (let i = 1; i < log.length; i++) expect(Date.parse(log[i].createdAt)).toBeGreaterThanOrEqual(Date.parse(log[i - 1].createdAt));
    }

    it('gives concurrent writes gapless revisions, each with its log row, audit and the right response', async () => {
      const before = await cp.head();
      const n = 48;
      const { result: responses, heard } = await heardDuring(() =>
        Promise.all(Array.from({ length: n }, (_, i) => cp.post('/v1/role-bindings', { subject: `gc-user-${i}`, role: 'reader' }))),
      );
      for (const r of responses) expect(r.status).toBe(200);
      const revisions = responses.map((r) => r.body.revision as number);
      expect([...revisions].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => before + 1 + i));
      for (const r of responses) expect(r.headers.get('x-vigil-revision')).toBe(String(r.body.revision));
      expect(await cp.head()).toBe(before + n);
      // The feed announced every revision once, in order.
      expect(heard).toEqual(Array.from({ length: n }, (_, i) => before + 1 + i));

      const log = await logAfter(before);
      expectGapless(log, before, n);
      for (const r of responses) {
        const entry = log.find((e) => e.revision === r.body.revision)!;
        expect(entry).toMatchObject({ kind: 'role_binding_delta', resource: `role_binding:${r.body.id}`, actor: expect.any(String) });
        expect(entry.payload.put).toEqual([expect.objectContaining({ id: r.body.id, subject: r.body.subject })]);
        const audits = await auditsOf(`role_binding:${r.body.id}`);
        expect(audits.map((a) => [a.action, a.revision])).toEqual([['role_binding.create', r.body.revision]]);
      }
      // They were committed in shared transactions: log rows of one batch carry its clock.
      const shared = log.filter((e, i) => i > 0 && e.createdAt === log[i - 1].createdAt).length;
      expect(shared).toBeGreaterThan(0);
    });

    it('rolls back a change that fails inside a batch, with its own error, while the others commit', async () => {
      const before = await cp.head();
      const valid = (i: number) => cp.post('/v1/role-bindings', { subject: `gc-mid-${i}`, role: 'writer' });
      // The bulk writes its first binding, then finds the second's expiry in the past: its first row must not survive.
      const failing = () =>
        cp.post('/v1/role-bindings/bulk', {
          bindings: [
            { subject: 'gc-partial', role: 'writer' },
            { subject: 'gc-partial-2', role: 'writer', expiresAt: '2001-01-01T00:00:00Z' },
          ],
        });
      // A change that fails in the database (the second agent's name is taken inside its transaction).
      await cp.post('/v1/agents', { name: 'gc-agent', service: 'svc' });
      const mid = await cp.head();
      const duplicate = () => cp.post('/v1/agents', { name: 'gc-agent', service: 'svc' });
      const calls: (() => Promise<ApiResponse>)[] = [];
      for (let i = 0; i < 30; i++) {
        calls.push(() => valid(i));
        if (i === 10) calls.push(failing);
        if (i === 20) calls.push(duplicate);
      }
      const responses = await Promise.all(calls.map((c) => c()));
      const bad = responses.filter((r) => r.status >= 400);
      expect(bad.map((r) => [r.status, r.body.code]).sort()).toEqual([
        [400, 'EXPIRY_IN_PAST'],
        [409, 'AGENT_EXISTS'],
      ]);
      const good = responses.filter((r) => r.status < 400);
      expect(good).toHaveLength(30);
      expect(good.map((r) => r.body.revision as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => mid + 1 + i));
      expect(before + 1).toBe(mid);

      const log = await logAfter(mid);
      expectGapless(log, mid, 30);
      expect(log.every((e) => e.kind === 'role_binding_delta' && !JSON.stringify(e.payload).includes('gc-partial'))).toBe(true);
      const partial = await cp.get('/v1/role-bindings?subject=gc-partial');
      expect(partial.body.total).toBe(0);
      expect((await cp.get('/v1/agents')).body.items.filter((a: any) => a.name === 'gc-agent')).toHaveLength(1);
      for (const r of good) expect((await auditsOf(`role_binding:${r.body.id}`)).map((a) => a.revision)).toEqual([r.body.revision]);
    });

    it('rolls back a change whose statement fails in the database and commits the rest of its batch', async () => {
      const before = await cp.head();
      const good: Promise<ApiResponse>[] = [];
      let nul: Promise<ApiResponse> | undefined;
      for (let i = 0; i < 20; i++) {
        good.push(cp.post('/v1/role-bindings', { subject: `gc-db-${i}`, role: 'writer' }));
        // jsonb refuses \u0000: the document's INSERT fails and aborts the transaction up to the savepoint.
        if (i === 8) nul = cp.put('/v1/data/gc/nul', { note: 'a\u0000b' });
      }
      expect((await nul!).status).toBeGreaterThanOrEqual(400);
      const responses = await Promise.all(good);
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
      expect(responses.map((r) => r.body.revision as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
      expectGapless(await logAfter(before), before, 20);
      expect(await cp.head()).toBe(before + 20);
      expect((await cp.get('/v1/data/gc/nul')).status).toBe(404);
    });

    // Only a second connection can hold the head lock while the app's requests queue (PGlite has one).
    (kind === 'postgres' ? it : it.skip)('fails every change of a batch whose COMMIT fails, and shows none of them anywhere', async () => {
      const sql = new Client({ connectionString: cp.app.get(DatabaseConnection).url! });
      const listener = new Client({ connectionString: cp.app.get(DatabaseConnection).url! });
      let stopHearing: (() => void) | undefined;
      await sql.connect();
      await listener.connect();
      try {
        // Fires at COMMIT, after every change of the batch succeeded in its savepoint.
        await sql.query(`CREATE FUNCTION gc_commit_fails() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.subject = 'commit-fails' THEN RAISE EXCEPTION 'gc test: commit refused for %', NEW.subject; END IF;
            RETURN NULL;
          END $$`);
        await sql.query(`CREATE CONSTRAINT TRIGGER gc_commit_fails AFTER INSERT ON role_bindings
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gc_commit_fails()`);
        const notified: number[] = [];
        listener.on('notification', (n: Notification) => {
          if (n.channel === REVISIONS_CHANNEL) notified.push(Number((n.payload ?? '').split(' ')[0]));
        });
        await listener.query(`LISTEN ${REVISIONS_CHANNEL}`);
        const gauge = async () => (await cp.app.get(MetricsService).revisionHead.get()).values[0]?.value;

        const before = await cp.head();
        const metricBefore = await gauge();
        // Hold the head lock: the first request's batch waits for it, and the others queue behind in the order sent.
        // Once the lock is free that batch takes the queued changes after its first one, until it has run for
        // MAX_BATCH_MS: the failing binding goes first, so the batch holds it and at least the next valid change.
        await sql.query('BEGIN');
        await sql.query('SELECT revision FROM revision_head WHERE id = 1 FOR UPDATE');
        const service = cp.app.get(RevisionsService);
        const queued = () => service['queue'].length;
        const subjects = ['commit-fails', ...Array.from({ length: 11 }, (_, i) => `gc-doomed-${i}`)];
        // What the feed announces, with the entry it hands consumers for that revision. The heartbeat may announce
        // a newer head it read from the database (coalescing wake-ups), so the heads are checked as a sequence.
        const feed = cp.app.get(RevisionFeed);
        const heard: { head: number; subject: string | undefined }[] = [];
        stopHearing = feed.subscribe((head) => heard.push({ head, subject: (feed.localEntry(head)?.payload as any)?.put?.[0]?.subject }));
        const responses = await (async () => {
          const pending: Promise<ApiResponse>[] = [];
          for (const [i, subject] of subjects.entries()) {
            pending.push(cp.post('/v1/role-bindings', { subject, role: 'reader' }));
            // The first is the running batch (waiting for the lock); each later one is queued before the next is sent.
            await cp.eventually(async () => queued() === i);
          }
          await sql.query('COMMIT');
          return Promise.all(pending);
        })();

        // Every change of the failed batch, the valid ones too, reports the COMMIT's failure (a 500 with the
        // filter's body, not the database's message); the changes left for the next batch committed.
        expect(responses[0].status).toBe(500); // the 'commit-fails' binding, first in the batch
        const failedCount = responses.findIndex((r) => r.status !== 500);
        const failed = failedCount < 0 ? responses : responses.slice(0, failedCount);
        const committed = responses.slice(failed.length);
        expect(failed.length).toBeGreaterThanOrEqual(2);
        for (const r of failed) {
          expect({ status: r.status, body: r.body }).toEqual({ status: 500, body: { code: 'INTERNAL_ERROR', message: 'internal error; see the control plane log' } });
          expect(r.headers.get('x-vigil-revision')).toBeNull();
        }
        // They took the revisions the failed batch had used, gapless, in queue order.
        expect(committed.map((r) => [r.status, r.body.revision])).toEqual(committed.map((_, i) => [200, before + 1 + i]));
        const doomed = subjects.slice(0, failed.length);
        const after = before + committed.length;

        // Nothing of the batch is visible: not its rows, log entries or audit events, nor a moved head.
        const count = async (q: string, params: unknown[]) => Number((await sql.query<{ n: string }>(q, params)).rows[0].n);
        expect(await count('SELECT count(*) AS n FROM revision_log WHERE revision > $1', [after])).toBe(0);
        expect(await count('SELECT count(*) AS n FROM audit_events WHERE revision > $1', [after])).toBe(0);
        expect(await count('SELECT count(*) AS n FROM role_bindings WHERE subject = ANY($1)', [doomed])).toBe(0);
        expect(await count("SELECT count(*) AS n FROM audit_events WHERE after->>'subject' = ANY($1)", [doomed])).toBe(0);
        expect(await count("SELECT count(*) AS n FROM audit_events WHERE after->>'subject' = ANY($1)", [subjects])).toBe(committed.length);
        expect(await cp.head()).toBe(after);
        const survivors = await logAfter(before);
        expectGapless(survivors, before, committed.length);
        expect(survivors.map((e) => e.payload.put[0].subject)).toEqual(subjects.slice(failed.length));
        // No consumer was told of the phantom revisions: the feed announced the committed ones only, the metric likewise.
        const heads = () => heard.map((h) => h.head);
        expect(heads()).toEqual([...new Set(heads())].sort((a, b) => a - b));
        expect(heads().at(-1) ?? before).toBe(after);
        expect(heard.filter((h) => h.subject !== undefined && !subjects.slice(failed.length).includes(h.subject))).toEqual([]);
        expect(feed.head).toBe(after);
        expect(feed.localEntry(after + 1)).toBeUndefined();
        for (let r = before + 1; r <= after; r++) expect(feed.localEntry(r)?.payload).toEqual(survivors[r - before - 1].payload);
        expect(await gauge()).toBe(committed.length > 0 ? after : metricBefore);

        // Later writes take the next revisions, gapless, and are the only ones announced.
        const n = 6;
        const later = await Promise.all(Array.from({ length: n }, (_, i) => cp.post('/v1/role-bindings', { subject: `gc-after-${i}`, role: 'reader' })));
        stopHearing();
        stopHearing = undefined;
        expect(later.map((r) => r.status)).toEqual(Array.from({ length: n }, () => 200));
        const next = Array.from({ length: n }, (_, i) => after + 1 + i);
        expect(later.map((r) => r.body.revision as number).sort((a, b) => a - b)).toEqual(next);
        expect(heads().at(-1)).toBe(after + n);
        expect(heard.filter((h) => h.subject !== undefined && doomed.includes(h.subject))).toEqual([]);
        expect(await gauge()).toBe(after + n);
        const log = await logAfter(after);
        expectGapless(log, after, n);
        expect(log.map((e) => e.payload.put[0].subject).sort()).toEqual(Array.from({ length: n }, (_, i) => `gc-after-${i}`).sort());
        expect(cp.app.get(RevisionFeed).localEntry(after + 1)?.payload).toEqual(log[0].payload);
        // NOTIFY is delivered in commit order: once the later writes' have arrived, a phantom one would have too.
        await cp.eventually(async () => notified.length >= committed.length + n);
        expect(notified).toEqual(Array.from({ length: committed.length + n }, (_, i) => before + 1 + i));
      } finally {
        stopHearing?.();
        await sql.query('ROLLBACK').catch(() => undefined);
        await sql.query('DROP TRIGGER IF EXISTS gc_commit_fails ON role_bindings; DROP FUNCTION IF EXISTS gc_commit_fails()').catch(() => undefined);
        await sql.end();
        await listener.end();
      }
    });

    it('publishes concurrent policies among concurrent writes: each publish retries on the newer set, none is lost', async () => {
      const before = await cp.head();
      const policy = (i: number) => `package gc.p${i}\n\nimport rego.v1\n\nallow if input.n == ${i}\n`;
      const calls: Promise<ApiResponse>[] = [];
      for (let i = 0; i < 12; i++) {
        calls.push(cp.post('/v1/role-bindings', { subject: `gc-pub-${i}`, role: 'writer' }));
        if (i % 4 === 0) calls.push(cp.put(`/v1/policies/gc-p${i}`, { source: policy(i) }));
      }
      const responses = await Promise.all(calls);
      for (const r of responses) expect({ status: r.status, code: r.body.code }).toEqual({ status: expect.any(Number), code: undefined });
      expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      const log = await logAfter(before);
      expectGapless(log, before, 15);
      expect(log.filter((e) => e.kind === 'bundle')).toHaveLength(3);
      // The last bundle holds every policy: no publish dropped another.
      const latest = await cp.get('/v1/bundles/latest');
      expect(Object.keys(latest.body.policyVersions).filter((id) => id.startsWith('gc-p')).sort()).toEqual(['gc-p0', 'gc-p4', 'gc-p8']);
    });
  });
}
