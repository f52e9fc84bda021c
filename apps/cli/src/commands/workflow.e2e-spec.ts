/**
 * The workflow commands against a real control plane on loopback (PGlite): login writes a
 * 0600 file; push compiles and tests locally, then publishes a directory in one revision;
 * pull writes it back; revoke, agents and decisions --follow read and write the same API.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, TestControlPlane } from '../../../control-plane/test/control-plane-harness';
import { createTestDatabase, type TestDatabase } from '../../../control-plane/test/test-database';
import { EXIT } from './control-plane-client';
import { agentsCommand, decisionsCommand, loginCommand, pullCommand, pushCommand, revokeCommand } from './workflow';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err, text: () => out.join(''), errors: () => err.join('') };
}

describe('vigil workflow commands', () => {
  let db: TestDatabase;
  let cp: TestControlPlane;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  const policies = join(dir, 'policies');

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    cp = await TestControlPlane.start(db);
    process.env.VIGIL_CONFIG = join(dir, 'cfg', 'config.json');
    delete process.env.VIGIL_URL;
    delete process.env.VIGIL_API_KEY;
    mkdirSync(join(policies, 'authz'), { recursive: true });
    writeFileSync(join(policies, 'authz', 'main.rego'), 'package authz\n\ndefault allow := false\n\nallow if input.user == "alice"\n');
    writeFileSync(join(policies, 'authz', 'main_test.rego'), 'package authz_test\n\ntest_alice if data.authz.allow with input as {"user": "alice"}\n');
  });
  afterAll(async () => {
    await cp?.close();
    await db?.drop();
  });

  it('refuses to work before login, then logs in to a 0600 file', async () => {
    const before = capture();
    expect(await pushCommand(policies, {}, before.io)).toBe(EXIT.usage);
    expect(before.errors()).toContain('not logged in');
    const bad = capture();
    expect(await loginCommand({ url: cp.url, apiKey: 'vgk_wrong' }, bad.io)).toBe(EXIT.unreachable);
    const c = capture();
    expect(await loginCommand({ url: cp.url, apiKey: ADMIN_KEY }, c.io)).toBe(EXIT.ok);
    expect(statSync(process.env.VIGIL_CONFIG!).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(process.env.VIGIL_CONFIG!, 'utf8'))).toEqual({ url: cp.url, apiKey: ADMIN_KEY });
  });

  it('pushes a directory atomically and prints the revision; local failures publish nothing', async () => {
    const c = capture();
    expect(await pushCommand(policies, { message: 'from git' }, c.io)).toBe(EXIT.ok);
    const revision = Number(/published revision (\d+)/.exec(c.text())![1]);
    expect(c.errors()).toContain('1 passed, 0 failed');
    for (const id of ['authz.main', 'authz.main_test']) expect((await cp.get(`/v1/policies/${id}`)).body.revision).toBe(revision);

    writeFileSync(join(policies, 'authz', 'main.rego'), 'package authz\n\ndefault allow := false\n\nallow if input.user == bob\n');
    const broken = capture();
    expect(await pushCommand(policies, {}, broken.io)).toBe(EXIT.refused);
    expect(broken.errors()).toMatch(/main\.rego:5:\d+: rego_unsafe_var_error/);
    writeFileSync(join(policies, 'authz', 'main.rego'), 'package authz\n\ndefault allow := false\n\nallow if input.user == "bob"\n');
    const failing = capture();
    expect(await pushCommand(policies, {}, failing.io)).toBe(EXIT.refused);
    expect(failing.errors()).toContain('FAIL data.authz_test.test_alice');
    expect((await cp.get('/v1/policies/authz.main')).body.version).toBe(1);
  });

  it('pulls the published set back', async () => {
    const out = join(dir, 'pulled');
    const c = capture();
    expect(await pullCommand(out, {}, c.io)).toBe(EXIT.ok);
    expect(readdirSync(out).sort()).toEqual(['authz.main.rego', 'authz.main_test.rego']);
    expect(readFileSync(join(out, 'authz.main.rego'), 'utf8')).toContain('"alice"');
    expect(await pullCommand(out, {}, capture().io)).toBe(EXIT.usage);
  });

  it('revokes, lists agents and prints decisions', async () => {
    const c = capture();
    expect(await revokeCommand('subject', 'alice', { reason: 'left' }, c.io)).toBe(EXIT.ok);
    expect(c.text()).toMatch(/revoked subject alice at revision \d+/);
    expect(await revokeCommand('user', 'alice', {}, capture().io)).toBe(EXIT.usage);
    await cp.post('/v1/agents', { name: 'cli-agent', service: 'orders', labels: { env: 'test' } });
    const a = capture();
    expect(await agentsCommand({}, a.io)).toBe(EXIT.ok);
    expect(a.text()).toMatch(/^NAME\s+SERVICE\s+STATE/);
    expect(a.text()).toMatch(/cli-agent\s+orders\s+never_connected/);
    const ctrl = new AbortController();
    const d = capture();
    const following = decisionsCommand({ follow: true, intervalMs: 50, signal: ctrl.signal }, d.io);
    await new Promise((r) => setTimeout(r, 200));
    ctrl.abort();
    expect(await following).toBe(EXIT.ok);
  });

  it('pushes a directory into a bundle scope: compiled with the shared policies, pruning only within the scope', async () => {
    expect((await cp.put('/v1/bundle-scopes/payments', { services: ['payments'] })).status).toBe(200);
    expect((await cp.put('/v1/policies/lib.tenant', { source: 'package lib\n\ntenant(x) := x.tenant\n', bundleScope: '*' })).status).toBe(200);
    const pay = join(dir, 'payments');
    mkdirSync(pay, { recursive: true });
    writeFileSync(join(pay, 'pay.rego'), 'package authz\n\ndefault allow := false\n\nallow if data.lib.tenant(input) == "acme"\n');
    writeFileSync(join(pay, 'pay_test.rego'), 'package authz_test\n\ntest_acme if data.authz.allow with input as {"tenant": "acme"}\n');
    const c = capture();
    expect(await pushCommand(pay, { scope: 'payments' }, c.io)).toBe(EXIT.ok);
    expect(c.errors()).toContain('with 1 shared');
    expect(c.errors()).toContain('bundle rebuilt: payments');
    expect((await cp.get('/v1/policies/pay')).body.bundleScope).toBe('payments');
    expect((await cp.get('/v1/bundles/latest?scope=payments')).body.policyVersions).toEqual({ 'lib.tenant': 1, pay: 1, pay_test: 1 });

    writeFileSync(join(pay, 'pay_test.rego'), 'package authz_test\n\ntest_acme if data.authz.allow with input as {"tenant": "acme"}\n\ntest_other if not data.authz.allow with input as {"tenant": "x"}\n');
    const pruned = join(dir, 'payments-only');
    mkdirSync(pruned, { recursive: true });
    writeFileSync(join(pruned, 'pay.rego'), readFileSync(join(pay, 'pay.rego'), 'utf8'));
    const p = capture();
    expect(await pushCommand(pruned, { scope: 'payments', prune: true }, p.io)).toBe(EXIT.ok);
    expect((await cp.get('/v1/policies/pay_test')).status).toBe(404); // pruned: it was in the scope
    expect((await cp.get('/v1/policies/authz.main')).status).toBe(200); // another scope's: untouched
    expect(await pushCommand(pay, { scope: 'Not A Scope' }, capture().io)).toBe(EXIT.usage);
    const unknown = capture();
    expect(await pushCommand(pay, { scope: 'nowhere' }, unknown.io)).not.toBe(EXIT.ok);
    expect(unknown.errors()).toContain('no bundle scope named nowhere');
    const out = join(dir, 'pulled-payments');
    expect(await pullCommand(out, { scope: 'payments' }, capture().io)).toBe(EXIT.ok);
    expect(readdirSync(out)).toEqual(['pay.rego']);
  });
});
