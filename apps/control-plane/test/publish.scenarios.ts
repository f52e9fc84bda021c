/**
 * Publishing through the admin API with the real compiler: compile errors with
 * positions, failing tests blocking a publish, rollback, diff, dry-run, the playground,
 * and the signed bundle as agents will read it.
 */
import { importTrustedKeys, verifyBundleFiles } from '@vigil/contracts';
import { readBundle, RegoPolicy } from '@vigil/rego';
import { TestControlPlane } from './control-plane-harness';
import type { TestDatabaseKind } from './test-database';

const AUTHZ_V1 = `package authz

import rego.v1

default allow := false

allow if data.vigil.role_bindings[input.user][_].role == "admin"

allow if input.user in data.acl.readers
`;

const AUTHZ_V2 = `package authz

import rego.v1

default allow := false

allow if {
	some b in data.vigil.role_bindings[input.user]
	b.role == "admin"
}
`;

const AUTHZ_TESTS = `package authz_test

import rego.v1

test_anonymous_denied if not data.authz.allow with input as {}
`;

export function describePublishing(kind: TestDatabaseKind): void {
  describe(`publishing on ${kind}`, () => {
    const cp = TestControlPlane.forSuite(kind);

    it('publishes a policy: version, revision, bundle', async () => {
      await cp.put('/v1/data/acl', { readers: ['rita'] });
      const before = await cp.head();
      const res = await cp.put('/v1/policies/authz', { source: AUTHZ_V1, message: 'first' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'authz', version: 1, revision: before + 1, bundle: { revision: before + 1 } });
      expect(res.headers.get('x-vigil-revision')).toBe(String(before + 1));
      const got = await cp.get('/v1/policies/authz');
      expect(got.body).toMatchObject({ id: 'authz', version: 1, source: AUTHZ_V1, revision: before + 1 });
      const log = await cp.get(`/v1/revisions?after=${before}`);
      expect(log.body.items[0]).toMatchObject({ kind: 'bundle', payload: { bundle: { sha256: res.body.bundle.sha256 } } });
      const list = await cp.get('/v1/policies');
      expect(list.body).toMatchObject({ total: 1, items: [{ id: 'authz', version: 1, revision: before + 1 }] });
      expect(list.body.items[0]).not.toHaveProperty('source');
    });

    it('serves a signed OPA-layout bundle that verifies against /v1/keys and evaluates', async () => {
      await cp.post('/v1/role-bindings', { subject: 'ann', role: 'admin' });
      const published = await cp.put('/v1/policies/authz', { source: AUTHZ_V1 });
      const res = await fetch(`${cp.url}/v1/bundles/latest/download`, { headers: { authorization: `Bearer vgk_test_admin_key_0123456789abcdef` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      const archive = new Uint8Array(await res.arrayBuffer());
      const files = await readBundle(archive);
      expect([...files.keys()].sort()).toEqual(['/.manifest', '/.signatures.json', '/data.json', '/policy.wasm']);
      const trusted = importTrustedKeys((await cp.get('/v1/keys', null)).body);
      verifyBundleFiles(files, trusted);
      const manifest = JSON.parse(Buffer.from(files.get('/.manifest')!).toString());
      expect(manifest).toMatchObject({ revision: String(published.body.revision), roots: [''] });
      expect(manifest.wasm).toEqual(expect.arrayContaining([{ entrypoint: 'authz/allow', module: '/policy.wasm' }]));

      const policy = await RegoPolicy.load(files.get('/policy.wasm')!);
      policy.setData(JSON.parse(Buffer.from(files.get('/data.json')!).toString()));
      expect(policy.evaluate({ user: 'ann' }, 'authz/allow')).toEqual([{ result: true }]);
      expect(policy.evaluate({ user: 'rita' }, 'authz/allow')).toEqual([{ result: true }]);
      expect(policy.evaluate({ user: 'bob' }, 'authz/allow')).toEqual([{ result: false }]);

      const tampered = new Map(files);
      tampered.set('/data.json', Buffer.from('{"acl":{"readers":["mallory"]}}'));
      expect(() => verifyBundleFiles(tampered, trusted)).toThrow(/does not match/);

      const meta = await cp.get(`/v1/bundles/${published.body.revision}`);
      expect(meta.body).toMatchObject({ revision: published.body.revision, sha256: published.body.bundle.sha256, policyVersions: { authz: expect.any(Number) } });
      expect((await cp.get('/v1/bundles')).body.items[0].revision).toBe(published.body.revision);
    });

    it('refuses a policy that does not compile with 422, diagnostics with positions, and publishes nothing', async () => {
      const before = await cp.head();
      const bundlesBefore = (await cp.get('/v1/bundles')).body.total;
      const res = await cp.put('/v1/policies/broken', { source: 'package broken\n\nallow if {\n\tinput.x ==\n}\n' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REGO_COMPILE_ERROR');
      const [d] = res.body.details.diagnostics;
      expect(d).toMatchObject({ code: 'rego_parse_error', location: { file: 'broken.rego', row: expect.any(Number), col: expect.any(Number) } });
      expect(d.location.row).toBeGreaterThanOrEqual(4);
      expect(res.body.message).toContain('broken.rego:');

      const unsafe = await cp.put('/v1/policies/unsafe', { source: 'package unsafe\n\nallow if x == 1\n' });
      expect(unsafe.status).toBe(422);
      expect(unsafe.body.details.diagnostics[0]).toMatchObject({ code: 'rego_unsafe_var_error', location: { file: 'unsafe.rego', row: 3 } });

      expect(await cp.head()).toBe(before);
      expect((await cp.get('/v1/bundles')).body.total).toBe(bundlesBefore);
      expect((await cp.get('/v1/policies/broken')).status).toBe(404);
    });

    it('refuses a publish whose policy tests fail, naming them', async () => {
      expect((await cp.put('/v1/policies/authz-test', { source: AUTHZ_TESTS })).status).toBe(200);
      const before = await cp.head();
      const res = await cp.put('/v1/policies/authz', { source: AUTHZ_V1.replace('default allow := false', 'default allow := true') });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('POLICY_TESTS_FAILED');
      expect(res.body.message).toContain('data.authz_test.test_anonymous_denied');
      expect(res.body.details.tests.failed).toEqual(['data.authz_test.test_anonymous_denied']);
      expect(await cp.head()).toBe(before);
      expect((await cp.get('/v1/policies/authz')).body.source).toBe(AUTHZ_V1);
    });

    it('dry-runs a proposed change without publishing', async () => {
      const before = await cp.head();
      const ok = await cp.post('/v1/policies/dry-run', { policies: [{ id: 'authz', source: AUTHZ_V2 }] });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ok: true, compile: { ok: true }, tests: { total: 1, passed: 1 } });
      const failing = await cp.post('/v1/policies/dry-run', { policies: [{ id: 'authz', source: AUTHZ_V2.replace('default allow := false', 'default allow := true') }] });
      expect(failing.body).toMatchObject({ ok: false, tests: { failed: ['data.authz_test.test_anonymous_denied'] } });
      const broken = await cp.post('/v1/policies/dry-run', { policies: [{ id: 'authz', source: 'package authz\nallow if {' }] });
      expect(broken.body).toMatchObject({ ok: false, compile: { ok: false, diagnostics: [expect.objectContaining({ location: expect.objectContaining({ file: 'authz.rego' }) })] } });
      expect(await cp.head()).toBe(before);
    });

    it('keeps every version, diffs them, and rolls back as a new version and revision', async () => {
      const v2 = await cp.put('/v1/policies/authz', { source: AUTHZ_V2, message: 'use some' });
      expect(v2.status).toBe(200);
      const versions = await cp.get('/v1/policies/authz/versions');
      expect(versions.body.items.map((v: { version: number }) => v.version).slice(0, 2)).toEqual([v2.body.version, v2.body.version - 1]);
      expect(versions.body.items[0]).toMatchObject({ message: 'use some', createdBy: 'api-key:bootstrap-admin' });
      const diff = await cp.get(`/v1/policies/authz/diff?from=1&to=${v2.body.version}`);
      expect(diff.body.diff).toContain('-allow if input.user in data.acl.readers');
      expect(diff.body.diff).toContain('+\tb.role == "admin"');

      const stale = await cp.put('/v1/policies/authz', { source: AUTHZ_V1, expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('POLICY_VERSION_CONFLICT');

      const rb = await cp.post('/v1/policies/authz/rollback', { version: 1 });
      expect(rb.status).toBe(200);
      expect(rb.body).toMatchObject({ version: v2.body.version + 1, revision: v2.body.revision + 1 });
      expect((await cp.get('/v1/policies/authz')).body).toMatchObject({ source: AUTHZ_V1, version: v2.body.version + 1 });
      const one = await cp.get(`/v1/policies/authz/versions/${v2.body.version + 1}`);
      expect(one.body).toMatchObject({ message: 'rollback to version 1', source: AUTHZ_V1 });
      const audit = await cp.get('/v1/audit-events?resource=policy:authz&action=policy.rollback');
      expect(audit.body.items[0]).toMatchObject({ before: { source: AUTHZ_V2 }, after: { source: AUTHZ_V1 } });
    });

    it('evaluates queries and entrypoints against the current or a proposed set (the playground)', async () => {
      const byEntrypoint = await cp.post('/v1/evaluate', { entrypoint: 'authz/allow', input: { user: 'rita' } });
      expect(byEntrypoint.status).toBe(200);
      expect(byEntrypoint.body.result).toEqual([{ result: true }]);
      const proposed = await cp.post('/v1/evaluate', { entrypoint: 'authz/allow', input: { user: 'rita' }, policies: [{ id: 'authz', source: AUTHZ_V2 }] });
      expect(proposed.body.result).toEqual([{ result: false }]);
      const query = await cp.post('/v1/evaluate', { query: 'x := data.acl.readers[0]', input: {} });
      expect(query.body.result).toEqual([expect.objectContaining({ x: 'rita' })]);
      const broken = await cp.post('/v1/evaluate', { query: 'x := ', input: {} });
      expect(broken.status).toBe(422);
      expect(broken.body.code).toBe('REGO_COMPILE_ERROR');
    });

    it('deletes a policy with a new bundle, and 404s it afterwards', async () => {
      expect((await cp.put('/v1/policies/extra', { source: 'package extra\n\nx := 1\n' })).status).toBe(200);
      const del = await cp.delete('/v1/policies/extra');
      expect(del.status).toBe(200);
      expect(del.body).toMatchObject({ deleted: true, revision: expect.any(Number) });
      expect((await cp.get('/v1/policies/extra')).status).toBe(404);
      const bundle = await cp.get('/v1/bundles/latest');
      expect(bundle.body.policyVersions).not.toHaveProperty('extra');
      const rb = await cp.post('/v1/policies/extra/rollback', { version: 2 });
      expect(rb.status).toBe(409);
      expect(rb.body.code).toBe('CANNOT_ROLL_BACK_TO_DELETION');
    });

    it('marks in the bundle manifest whether the policies may read input.vigil (the compiler says, not the text)', async () => {
      const manifest = async () => (await cp.get('/v1/bundles/latest')).body.manifest as { metadata?: Record<string, unknown> };
      // Mentions input.vigil only in a comment, a string and a test's `with input as`: nothing reads it.
      const quiet = `package quiet\n\n# input.vigil is not needed here\nallow if input.user == "input.vigil"\n\ntest_allow if allow with input as {"user": "input.vigil", "vigil": {}}\n`;
      expect((await cp.put('/v1/policies/quiet', { source: quiet })).status).toBe(200);
      expect((await manifest()).metadata).toMatchObject({ vigil_context: false });
      // Reads it through a helper that is handed the whole input.
      const risky = `package risky\n\nscore(req) := req.vigil.risk.subject.score\n\nallow if score(input) < 0.5\n`;
      expect((await cp.put('/v1/policies/risky', { source: risky })).status).toBe(200);
      expect((await manifest()).metadata).toMatchObject({ vigil_context: true });
      expect((await cp.delete('/v1/policies/risky')).status).toBe(200);
      expect((await manifest()).metadata).toMatchObject({ vigil_context: false });
      expect((await cp.delete('/v1/policies/quiet')).status).toBe(200);
    });

    it('records the publish in /metrics', async () => {
      const text = (await cp.get('/metrics', null)).body as string;
      expect(text).toMatch(/vigil_publish_duration_seconds_count\{outcome="published"\} [1-9]/);
      expect(text).toMatch(/vigil_compile_duration_seconds_count\{purpose="publish"\} [1-9]/);
    });
  });
}
