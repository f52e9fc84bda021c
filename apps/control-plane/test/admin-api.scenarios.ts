/**
 * The admin API driven over HTTP, as one scenario per area. Run against Postgres
 * (admin-api.e2e-spec.ts) and PGlite (admin-api.pglite.e2e-spec.ts) so both storage paths
 * are exercised by the same expectations.
 */
import { ADMIN_KEY, TestControlPlane } from './control-plane-harness';
import type { TestDatabaseKind } from './test-database';

export function describeAdminApi(kind: TestDatabaseKind): void {
  describe(`admin API on ${kind}`, () => {
    const cp = TestControlPlane.forSuite(kind);

    describe('auth', () => {
      it('refuses missing, malformed and unknown keys with 401', async () => {
        for (const token of [null, 'nope', 'vgk_unknown']) {
          const res = await cp.get('/v1/role-bindings', token);
          expect(res.status).toBe(401);
          expect(res.body.code).toBe('UNAUTHENTICATED');
        }
        const malformed = await cp.call('GET', '/v1/role-bindings', undefined, null, { authorization: 'Basic abc' });
        expect(malformed.status).toBe(401);
      });

      it('lets the admin policy decide by scope, with 403 naming the action', async () => {
        const viewer = await cp.keyWith('viewer');
        expect((await cp.get('/v1/role-bindings', viewer)).status).toBe(200);
        const denied = await cp.post('/v1/role-bindings', { subject: 'mallory', role: 'admin' }, viewer);
        expect(denied.status).toBe(403);
        expect(denied.body).toMatchObject({ code: 'FORBIDDEN', details: { action: 'role_bindings.write', scopes: ['viewer'] } });
        expect((await cp.get('/v1/role-bindings?subject=mallory')).body.total).toBe(0);
        // Decision logs are readable by viewers and authors (what the audit view shows them).
        expect((await cp.get('/v1/decisions', viewer)).status).toBe(200);
        expect((await cp.get('/v1/decisions', await cp.keyWith('author'))).status).toBe(200);

        const registrar = await cp.keyWith('agent-registrar');
        expect((await cp.get('/v1/decisions', registrar)).status).toBe(403);
        expect((await cp.post('/v1/agents', { name: 'by-registrar', service: 'orders' }, registrar)).status).toBe(201);
        expect((await cp.post('/v1/revocations', { kind: 'subject', value: 'x' }, registrar)).status).toBe(403);
        expect((await cp.get('/v1/api-keys', registrar)).status).toBe(403);

        const author = await cp.keyWith('author');
        expect((await cp.put('/v1/data/authored', { a: 1 }, author)).status).toBe(200);
        expect((await cp.post('/v1/role-bindings', { subject: 'a', role: 'b' }, author)).status).toBe(403);
      });

      it('stops accepting a revoked key', async () => {
        const created = await cp.post('/v1/api-keys', { name: 'short-lived', scopes: ['viewer'] });
        expect(created.status).toBe(201);
        expect(created.body.token).toMatch(/^vgk_/);
        expect(created.body.key).not.toHaveProperty('tokenHash');
        expect((await cp.get('/v1/agents', created.body.token)).status).toBe(200);
        expect((await cp.delete(`/v1/api-keys/${created.body.key.id}`)).status).toBe(200);
        expect((await cp.get('/v1/agents', created.body.token)).status).toBe(401);
      });

      it('serves health, metrics, public keys and the OpenAPI document without a key', async () => {
        const health = await cp.get('/health', null);
        expect(health.status).toBe(200);
        expect(health.body).toMatchObject({ status: 'ok', database: { kind, status: 'up' } });
        expect((await cp.get('/health/live', null)).status).toBe(200);
        const keys = await cp.get('/v1/keys', null);
        expect(keys.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.any(String) })]);
        expect(keys.body.keys[0]).not.toHaveProperty('d');
        const docs = await cp.get('/docs', null);
        expect(docs.status).toBe(200);
        const openapi = await cp.get('/docs-json', null);
        expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/policies/{id}', '/v1/role-bindings', '/v1/revocations', '/v1/evaluate']));
      });
    });

    describe('revisions', () => {
      it('returns each change’s revision in the body and X-Vigil-Revision, one more than the last', async () => {
        const before = await cp.head();
        const res = await cp.post('/v1/role-bindings', { subject: 'alice', role: 'editor', scope: 'tenant:acme' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ subject: 'alice', role: 'editor', scope: 'tenant:acme', status: 'active', created: true, revision: before + 1 });
        expect(res.headers.get('x-vigil-revision')).toBe(String(before + 1));
        const again = await cp.post('/v1/role-bindings', { subject: 'alice', role: 'editor', scope: 'tenant:acme' });
        expect(again.body).toMatchObject({ id: res.body.id, created: false, revision: before + 2 });
        const log = await cp.get(`/v1/revisions?after=${before}`);
        expect(log.body.items.map((e: { revision: number; kind: string }) => [e.revision, e.kind])).toEqual([
          [before + 1, 'role_binding_delta'],
          [before + 2, 'role_binding_delta'],
        ]);
        expect(log.body.items[0].payload.put[0]).toMatchObject({ id: res.body.id, subject: 'alice', role: 'editor', scope: 'tenant:acme' });
      });

      it('hands out contiguous revisions to concurrent writers', async () => {
        const before = await cp.head();
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => cp.post('/v1/role-bindings', { subject: `concurrent-${i}`, role: 'reader' })));
        const revisions = results.map((r) => r.body.revision as number).sort((a, b) => a - b);
        expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
      });

      it('writes a bulk upsert as one revision, or nothing at all', async () => {
        const before = await cp.head();
        const bulk = await cp.post('/v1/role-bindings/bulk', { bindings: [{ subject: 'bob', role: 'viewer' }, { subject: 'carol', role: 'viewer', scope: 't1' }] });
        expect(bulk.status).toBe(200);
        expect(bulk.body.revision).toBe(before + 1);
        expect(bulk.body.items).toHaveLength(2);
        const dup = await cp.post('/v1/role-bindings/bulk', { bindings: [{ subject: 'dave', role: 'viewer' }, { subject: 'dave', role: 'viewer' }] });
        expect(dup.status).toBe(400);
        expect(dup.body.code).toBe('DUPLICATE_BINDING');
        expect(dup.body.message).toContain('bindings[1]');
        const past = await cp.post('/v1/role-bindings/bulk', { bindings: [{ subject: 'erin', role: 'viewer' }, { subject: 'erin', role: 'x', expiresAt: '2001-01-01T00:00:00Z' }] });
        expect(past.status).toBe(400);
        expect(past.body.message).toContain('bindings[1].expiresAt');
        expect(await cp.head()).toBe(before + 1);
        expect((await cp.get('/v1/role-bindings?subject=erin')).body.total).toBe(0);
      });
    });

    describe('data', () => {
      it('stores, reads, patches and deletes documents, each a revision', async () => {
        const put = await cp.put('/v1/data/tenants/acme', { plan: 'gold', users: ['alice'] });
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ path: 'tenants/acme', value: { plan: 'gold', users: ['alice'] } });
        const patched = await cp.patch('/v1/data/tenants/acme', [
          { op: 'replace', path: '/plan', value: 'silver' },
          { op: 'add', path: '/users/-', value: 'bob' },
        ]);
        expect(patched.body).toMatchObject({ value: { plan: 'silver', users: ['alice', 'bob'] }, revision: put.body.revision + 1 });
        expect((await cp.get('/v1/data/tenants/acme')).body.value).toEqual({ plan: 'silver', users: ['alice', 'bob'] });
        expect((await cp.put('/v1/data/flag', true)).body.value).toBe(true);
        const log = await cp.get(`/v1/revisions?after=${put.body.revision}&limit=1`);
        expect(log.body.items[0].payload).toEqual({ put: [{ path: 'tenants/acme', value: { plan: 'silver', users: ['alice', 'bob'] } }], delete: [] });
        const del = await cp.delete('/v1/data/tenants/acme');
        expect(del.body).toMatchObject({ deleted: true });
        expect((await cp.get('/v1/data/tenants/acme')).status).toBe(404);
      });

      it('refuses overlapping, reserved and malformed writes without changing anything', async () => {
        await cp.put('/v1/data/org', { a: 1 });
        const before = await cp.head();
        const overlap = await cp.put('/v1/data/org/team', { b: 2 });
        expect(overlap.status).toBe(409);
        expect(overlap.body.code).toBe('DATA_PATH_OVERLAP');
        expect((await cp.put('/v1/data/vigil/x', 1)).body.code).toBe('RESERVED_DATA_PATH');
        const failedTest = await cp.patch('/v1/data/org', [{ op: 'test', path: '/a', value: 2 }]);
        expect(failedTest.status).toBe(422);
        expect(failedTest.body.message).toContain('patch[0]: test failed at /a');
        const badOp = await cp.patch('/v1/data/org', [{ op: 'move', path: '/a', from: '/b' }]);
        expect(badOp.status).toBe(400);
        expect(badOp.body.message).toContain('body[0].op');
        const badJson = await cp.call('PUT', '/v1/data/org', '{"a":', ADMIN_KEY);
        expect(badJson.status).toBe(400);
        expect(badJson.body.code).toBe('INVALID_JSON');
        const nullDoc = await cp.put('/v1/data/org', null);
        expect([nullDoc.status, nullDoc.body.message]).toEqual([400, expect.stringContaining('cannot be null')]);
        const noBody = await cp.call('PUT', '/v1/data/org', undefined);
        expect(noBody.status).toBe(400);
        const wrongType = await cp.call('PUT', '/v1/data/org', '{"a":2}', ADMIN_KEY, { 'content-type': 'text/plain' });
        expect(wrongType.status).toBe(400);
        expect(wrongType.body.message).toContain('Content-Type: application/json');
        const huge = await cp.put('/v1/data/org', { blob: 'x'.repeat(5 * 1024 * 1024) });
        expect(huge.status).toBe(413);
        expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await cp.head()).toBe(before);
        expect((await cp.get('/v1/data/org')).body.value).toEqual({ a: 1 });
      });

      it('imports many documents in one revision, or none, naming every bad row', async () => {
        await cp.put('/v1/data/imported/b', { old: true });
        await cp.put('/v1/data/solo', 1);
        const before = await cp.head();
        const ok = await cp.post('/v1/data/bulk', { documents: [{ path: 'imported/a', value: { n: 1 } }, { path: '/imported/b/', value: false }, { path: 'imported/c', value: [1, 2] }] });
        expect(ok.status).toBe(200);
        expect(ok.body).toEqual({ revision: before + 1, documents: [{ path: 'imported/a', created: true }, { path: 'imported/b', created: false }, { path: 'imported/c', created: true }] });
        expect(ok.headers.get('x-vigil-revision')).toBe(String(before + 1));
        expect(await cp.head()).toBe(before + 1);
        const log = await cp.get(`/v1/revisions?after=${before}&limit=5`);
        expect(log.body.items).toHaveLength(1);
        expect(log.body.items[0]).toMatchObject({ kind: 'data_delta', payload: { put: [{ path: 'imported/a', value: { n: 1 } }, { path: 'imported/b', value: false }, { path: 'imported/c', value: [1, 2] }], delete: [] } });
        expect((await cp.get('/v1/data/imported/b')).body).toMatchObject({ value: false, revision: before + 1 });
        const audit = await cp.get('/v1/audit-events?resource=data:&limit=50');
        expect(audit.body.items.filter((e: { revision: number }) => e.revision === before + 1).map((e: { action: string }) => e.action).sort()).toEqual(['data.create', 'data.create', 'data.update']);

        // Row problems are all reported, keyed by the index sent; nothing is written.
        const bad = await cp.post('/v1/data/bulk', { documents: [{ path: 'fresh/x', value: 1 }, { path: 'bad segment', value: 1 }, { path: 'vigil/x', value: 1 }, { path: 'fresh/x', value: 2 }, { path: 'fresh', value: 3 }, { value: 4 }, { path: 'fresh/y' }, { path: 'fresh/n', value: null }] });
        expect(bad.status).toBe(400);
        expect(bad.body.code).toBe('VALIDATION_FAILED');
        expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['documents.5.path', 'documents.6.value', 'documents.7.value']);
        const rows = await cp.post('/v1/data/bulk', { documents: [{ path: 'fresh/x', value: 1 }, { path: 'bad segment', value: 1 }, { path: 'vigil/x', value: 1 }, { path: 'fresh/x', value: 2 }, { path: 'fresh', value: 3 }] });
        expect(rows.status).toBe(400);
        expect(rows.body.details.fields).toEqual([
          { field: 'documents.1.path', problems: [expect.stringContaining('segment "bad segment"')] },
          { field: 'documents.2.path', problems: [expect.stringContaining('data.vigil')] },
          { field: 'documents.3.path', problems: ['repeats the path of documents.0'] },
          { field: 'documents.4.path', problems: ['overlaps documents.0 (fresh/x)'] },
        ]);
        // A row overlapping a stored document is a conflict found inside the transaction.
        const conflict = await cp.post('/v1/data/bulk', { documents: [{ path: 'fresh/z', value: 1 }, { path: 'imported', value: 2 }, { path: 'solo/deep', value: 3 }] });
        expect(conflict.status).toBe(409);
        expect(conflict.body.code).toBe('DATA_PATH_OVERLAP');
        expect(conflict.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['documents.1.path', 'documents.2.path']);
        expect((await cp.post('/v1/data/bulk', { documents: [] })).status).toBe(400);
        expect((await cp.post('/v1/data/bulk', { documents: [{ path: 'a', value: 1 }], extra: 1 })).status).toBe(400);
        expect(await cp.head()).toBe(before + 1);
        expect((await cp.get('/v1/data/fresh/z')).status).toBe(404);
      });
    });

    describe('revocations', () => {
      it('revokes with a revision and lists by kind', async () => {
        const res = await cp.post('/v1/revocations', { kind: 'subject', value: 'alice' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ kind: 'subject', value: 'alice', status: 'active', revision: expect.any(Number) });
        expect(res.headers.get('x-vigil-revision')).toBe(String(res.body.revision));
        await cp.post('/v1/revocations', { kind: 'token_id', value: 'jti-1', reason: 'leaked' });
        const list = await cp.get('/v1/revocations?kind=subject');
        expect(list.body.items.map((r: { value: string }) => r.value)).toEqual(['alice']);
        const lifted = await cp.delete(`/v1/revocations/${res.body.id}`);
        expect(lifted.body).toMatchObject({ deleted: true, revision: expect.any(Number) });
        const log = await cp.get(`/v1/revisions?after=${lifted.body.revision - 1}`);
        expect(log.body.items[0]).toMatchObject({ kind: 'revocation', payload: { put: [], delete: [res.body.id] } });
      });
    });

    describe('expiry', () => {
      it('turns each expiry into its own revision that removes the binding or revocation', async () => {
        const soon = new Date(Date.now() + 800).toISOString();
        const binding = await cp.post('/v1/role-bindings', { subject: 'temp', role: 'oncall', expiresAt: soon });
        const revocation = await cp.post('/v1/revocations', { kind: 'session', value: 's-1', expiresAt: soon });
        expect(binding.status).toBe(200);
        expect(revocation.status).toBe(200);
        await cp.eventually(async () => (await cp.get(`/v1/role-bindings/${binding.body.id}`)).body.status === 'expired');
        await cp.eventually(async () => (await cp.get(`/v1/revocations/${revocation.body.id}`)).body.status === 'expired');
        const log = (await cp.get(`/v1/revisions?after=${revocation.body.revision}`)).body.items as { kind: string; actor: string; payload: { delete: string[] } }[];
        const expiries = log.filter((e) => e.actor === 'system:expiry');
        expect(expiries.map((e) => [e.kind, e.payload.delete])).toEqual(
          expect.arrayContaining([
            ['role_binding_delta', [binding.body.id]],
            ['revocation', [revocation.body.id]],
          ]),
        );
        expect(expiries).toHaveLength(2);
        const audit = await cp.get(`/v1/audit-events?action=role_binding.expire&resource=role_binding:${binding.body.id}`);
        expect(audit.body.items).toHaveLength(1);
        expect(audit.body.items[0].actor).toBe('system:expiry');
      });
    });

    describe('agents', () => {
      it('registers with a one-time token and lists status', async () => {
        const res = await cp.post('/v1/agents', { name: 'orders-1', service: 'shipping', labels: { env: 'prod' } });
        expect(res.status).toBe(201);
        expect(res.body.token).toMatch(/^vga_/);
        expect(res.body.agent).toMatchObject({ name: 'orders-1', service: 'shipping', labels: { env: 'prod' }, status: 'never_seen', lag: null });
        const got = await cp.get(`/v1/agents/${res.body.agent.id}`);
        expect(JSON.stringify(got.body)).not.toContain(res.body.token);
        const list = await cp.get('/v1/agents?service=shipping');
        expect(list.body.items.map((a: { name: string }) => a.name)).toEqual(['orders-1']);
        const dup = await cp.post('/v1/agents', { name: 'orders-1', service: 'orders' });
        expect(dup.status).toBe(409);
        expect(dup.body.code).toBe('AGENT_EXISTS');
      });
    });

    describe('audit', () => {
      it('records who changed what, with before and after, filterable by actor, resource and time', async () => {
        const since = new Date(Date.now() - 1000).toISOString();
        const key = await cp.keyWith('admin');
        const first = await cp.post('/v1/role-bindings', { subject: 'audited', role: 'r1' }, key);
        await cp.post('/v1/role-bindings', { subject: 'audited', role: 'r1', expiresAt: '2099-01-01T00:00:00Z' }, key);
        const mine = await cp.get(`/v1/audit-events?resource=role_binding:${first.body.id}&since=${encodeURIComponent(since)}`);
        expect(mine.body.items.map((e: { action: string }) => e.action)).toEqual(['role_binding.update', 'role_binding.create']);
        const update = mine.body.items[0];
        expect(update.actor).toMatch(/^api-key:k-admin-/);
        expect(update.before).toMatchObject({ expiresAt: null });
        expect(update.after).toMatchObject({ expiresAt: '2099-01-01T00:00:00.000Z' });
        const byActor = await cp.get(`/v1/audit-events?actor=${encodeURIComponent(update.actor)}`);
        expect(byActor.body.total).toBe(2);
        const future = await cp.get(`/v1/audit-events?since=2099-01-01T00:00:00Z`);
        expect(future.body.total).toBe(0);
      });
    });

    describe('bad input', () => {
      const uuid = '00000000-0000-4000-8000-000000000000';
      const cases: [string, string, unknown, number, string, string?][] = [
        ['POST', '/v1/role-bindings', {}, 400, 'VALIDATION_FAILED', 'subject'],
        ['POST', '/v1/role-bindings', { subject: 'a b', role: 'r' }, 400, 'VALIDATION_FAILED', 'subject must be non-empty'],
        ['POST', '/v1/role-bindings', { subject: 'a', role: 'r', expiresAt: 'tomorrow' }, 400, 'VALIDATION_FAILED', 'expiresAt'],
        ['POST', '/v1/role-bindings', { subject: 'a', role: 'r', extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
        ['POST', '/v1/role-bindings/bulk', { bindings: [] }, 400, 'VALIDATION_FAILED', 'bindings'],
        ['POST', '/v1/role-bindings/bulk', { bindings: [{ subject: 'a' }] }, 400, 'VALIDATION_FAILED', 'bindings.0.role'],
        ['GET', '/v1/role-bindings/not-a-uuid', undefined, 400, 'VALIDATION_FAILED', 'id must be a UUID'],
        ['GET', `/v1/role-bindings/${uuid}`, undefined, 404, 'ROLE_BINDING_NOT_FOUND'],
        ['DELETE', `/v1/role-bindings/${uuid}`, undefined, 404, 'ROLE_BINDING_NOT_FOUND'],
        ['GET', '/v1/role-bindings?limit=0', undefined, 400, 'VALIDATION_FAILED', 'limit'],
        ['GET', '/v1/role-bindings?limit=abc', undefined, 400, 'VALIDATION_FAILED', 'limit'],
        ['POST', '/v1/revocations', { kind: 'user', value: 'x' }, 400, 'VALIDATION_FAILED', 'kind must be one of subject, token_id, session, service'],
        ['POST', '/v1/revocations', { kind: 'subject' }, 400, 'VALIDATION_FAILED', 'value'],
        ['POST', '/v1/revocations', { kind: 'subject', value: 'x', expiresAt: '2000-01-01T00:00:00Z' }, 400, 'EXPIRY_IN_PAST', 'expiresAt'],
        ['GET', '/v1/revocations?kind=nope', undefined, 400, 'VALIDATION_FAILED', 'kind'],
        ['DELETE', `/v1/revocations/${uuid}`, undefined, 404, 'REVOCATION_NOT_FOUND'],
        ['GET', '/v1/data/missing/doc', undefined, 404, 'DATA_NOT_FOUND'],
        ['PUT', '/v1/data/bad%20segment', { a: 1 }, 400, 'INVALID_DATA_PATH', 'segment'],
        ['PATCH', '/v1/data/missing', [{ op: 'add', path: '/a', value: 1 }], 404, 'DATA_NOT_FOUND'],
        ['PATCH', '/v1/data/missing', { op: 'add' }, 400, 'VALIDATION_FAILED', 'JSON Patch array'],
        ['DELETE', '/v1/data/missing', undefined, 404, 'DATA_NOT_FOUND'],
        ['POST', '/v1/agents', { name: 'Bad Name', service: 'x' }, 400, 'VALIDATION_FAILED', 'name must be lower-case'],
        ['POST', '/v1/agents', { name: 'ok', service: 'x', labels: { env: 1 } }, 400, 'VALIDATION_FAILED', 'labels.env'],
        ['POST', '/v1/agents', { name: 'ok', service: 'x', labels: 'prod' }, 400, 'VALIDATION_FAILED', 'labels'],
        ['GET', `/v1/agents/${uuid}`, undefined, 404, 'AGENT_NOT_FOUND'],
        ['DELETE', `/v1/agents/${uuid}`, undefined, 404, 'AGENT_NOT_FOUND'],
        ['GET', '/v1/audit-events?since=yesterday', undefined, 400, 'VALIDATION_FAILED', 'since'],
        ['GET', '/v1/bundles/abc', undefined, 400, 'VALIDATION_FAILED', 'revision must be'],
        ['GET', '/v1/bundles/999999', undefined, 404, 'BUNDLE_NOT_FOUND'],
        ['GET', '/v1/bundles/latest/download', undefined, 404, 'BUNDLE_NOT_FOUND'],
        ['GET', '/v1/revisions?after=-1', undefined, 400, 'VALIDATION_FAILED', 'after'],
        ['POST', '/v1/api-keys', { name: 'x', scopes: ['root'] }, 400, 'VALIDATION_FAILED', 'each scope must be one of'],
        ['DELETE', `/v1/api-keys/${uuid}`, undefined, 404, 'API_KEY_NOT_FOUND'],
        ['GET', '/v1/policies/Bad_Id', undefined, 400, 'VALIDATION_FAILED', 'id must be'],
        ['GET', '/v1/policies/absent', undefined, 404, 'POLICY_NOT_FOUND'],
        ['GET', '/v1/policies/absent/versions', undefined, 404, 'POLICY_NOT_FOUND'],
        ['GET', '/v1/policies/absent/diff?from=1&to=2', undefined, 404, 'POLICY_NOT_FOUND'],
        ['PUT', '/v1/policies/p1', { source: '' }, 400, 'VALIDATION_FAILED', 'source must not be empty'],
        ['PUT', '/v1/policies/p1', { text: 'package p' }, 400, 'VALIDATION_FAILED', 'source'],
        ['DELETE', '/v1/policies/absent', undefined, 404, 'POLICY_NOT_FOUND'],
        ['POST', '/v1/policies/absent/rollback', { version: 0 }, 400, 'VALIDATION_FAILED', 'version'],
        ['POST', '/v1/policies/absent/rollback', { version: 1 }, 404, 'POLICY_VERSION_NOT_FOUND'],
        ['POST', '/v1/policies/dry-run', { policies: [{ id: 'x' }] }, 400, 'VALIDATION_FAILED', 'policies.0.source'],
        ['POST', '/v1/evaluate', { input: {} }, 400, 'VALIDATION_FAILED', 'exactly one'],
        ['POST', '/v1/evaluate', { query: 'x', data: [1] }, 400, 'VALIDATION_FAILED', 'data'],
        ['POST', '/v1/role-bindings', undefined, 400, 'VALIDATION_FAILED'],
        ['POST', '/v1/role-bindings', [], 400, 'VALIDATION_FAILED'],
        ['POST', '/v1/role-bindings', 'null', 400, 'VALIDATION_FAILED'],
        ['GET', '/v1/nowhere', undefined, 404, 'NOT_FOUND'],
      ];

      // A rest parameter: jest would take a sixth named parameter of a five-column row for `done`.
      it.each(cases)('%s %s %j → %i %s', async (...row) => {
        const [method, path, body, status, code, mentions] = row;
        const res = await cp.call(method, path, body);
        expect(res.status).toBe(status);
        expect(res.body.code).toBe(code);
        expect(typeof res.body.message).toBe('string');
        if (mentions) expect(res.body.message).toContain(mentions);
      });

      it('changed nothing', async () => {
        const before = await cp.head();
        for (const [method, path, body] of cases) await cp.call(method, path, body);
        expect(await cp.head()).toBe(before);
      });
    });

    describe('metrics', () => {
      it('exports request latency and the revision head', async () => {
        const text = (await cp.get('/metrics', null)).body as string;
        expect(text).toContain('vigil_http_request_duration_seconds_bucket');
        expect(text).toMatch(/vigil_revision_head \d+/);
        expect(text).toContain('vigil_publish_duration_seconds');
        expect(text).toContain('vigil_compile_duration_seconds');
      });
    });
  });
}
