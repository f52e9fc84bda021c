/**
 * Group commit (RevisionsService.commit) driven over HTTP against the real app: concurrent
 * writes share transactions, and every change still gets its own gapless, commit-ordered
 * revision with its log row and audit events; a change that fails inside a batch rolls back
 * to its savepoint and reports its own error while the others commit.
 */
import { TestControlPlane, type ApiResponse } from '../../test/control-plane-harness';
import type { TestDatabaseKind } from '../../test/test-database';
import { RevisionFeed } from './revision-feed';

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
