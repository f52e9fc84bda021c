/**
 * Bundle scopes through the admin API and the push stream, with real agent engines
 * connected over socket.io: scopes CRUD, policies per scope (the same package in two
 * scopes), a publish rebuilding only its scope (the others get a noop at that revision),
 * shared policies in every scope, agents moving when selectors change (to a scope with a
 * bundle, and to one without), resume and snapshot per scope, and the default path unchanged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTrustedKeys, type TrustedKeys } from '@vigil/contracts';
import { VigilEngine, type EngineLogger } from '@vigil/agent-sdk';
import { TestControlPlane, until } from './control-plane-harness';
import type { TestDatabaseKind } from './test-database';

const ORDERS = `package authz

default allow := false

allow if input.action == "read"
`;
const PAYMENTS_V1 = `package authz

default allow := false

allow if input.action == "pay"
`;
const PAYMENTS_V2 = `package authz

default allow := false

allow if input.action == "pay"

allow if input.action == "refund"
`;
const SHARED = `package lib

tenant(x) := x.tenant
`;

interface Agent {
  readonly engine: VigilEngine;
  readonly hellos: { mode: string; scope?: string }[];
}

export function describeBundleScopes(kind: TestDatabaseKind): void {
  describe(`bundle scopes on ${kind}`, () => {
    jest.setTimeout(60_000);
    let keys: TrustedKeys;
    const engines: VigilEngine[] = [];
    // Declared before forSuite's: the engines close before the control plane does.
    afterAll(() => Promise.all(engines.map((e) => e.close())));
    const cp = TestControlPlane.forSuite(kind, { VIGIL_HEARTBEAT_MS: '200' });
    beforeAll(async () => {
      keys = importTrustedKeys((await cp.get('/v1/keys', null)).body);
    });

    const register = async (name: string, service: string, labels: Record<string, string> = {}) => {
      const r = await cp.post('/v1/agents', { name, service, labels });
      expect(r.status).toBe(201);
      return r.body as { agent: { id: string; bundleScope: string }; token: string };
    };
    const connect = async (token: string, dataDir?: string): Promise<Agent> => {
      const hellos: Agent['hellos'] = [];
      const logger: EngineLogger = {
        info: (msg, f) => {
          if (msg === 'synchronising with control plane') hellos.push({ mode: f!.mode as string, scope: f!.scope as string | undefined });
        },
        warn: () => {},
        error: () => {},
      };
      const engine = await VigilEngine.create({ controlPlane: cp.url, token, trustedKeys: keys, logger, dataDir, maxStalenessMs: 5000, risk: false });
      engines.push(engine);
      engine.start();
      await until('live', () => engine.health().stream === 'live');
      return { engine, hellos };
    };
    const applied = (a: Agent, revision: number) => until(`revision ${revision} applied`, () => a.engine.enforcer.applied >= revision);
    const decide = (a: Agent, action: string) => a.engine.enforcer.decideNow('authz/allow', { action });
    const manifestScope = (a: Agent) => a.engine.enforcer.currentBundle?.manifest.metadata?.vigil_scope;

    let orders: Agent;
    let payments: Agent;
    let paymentsToken: string;
    let paymentsDir: string;

    it('without scopes every agent is in default and gets the default bundle, logged as before', async () => {
      const listed = await cp.get('/v1/bundle-scopes');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ name: 'default', priority: null, policies: [], bundle: null })]);
      const put = await cp.put('/v1/policies/authz', { source: ORDERS });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ bundleScope: 'default', bundle: { revision: put.body.revision }, bundles: [{ scope: 'default', revision: put.body.revision }] });
      const log = await cp.get(`/v1/revisions?after=${put.body.revision - 1}`);
      expect(log.body.items[0].payload).toEqual({ bundle: expect.objectContaining({ sha256: put.body.bundle.sha256 }) });

      const o = await register('orders-1', 'orders');
      const p = await register('payments-1', 'payments', { tier: 'pci' });
      expect(o.agent.bundleScope).toBe('default');
      orders = await connect(o.token);
      paymentsToken = p.token;
      paymentsDir = mkdtempSync(join(tmpdir(), 'vigil-scope-agent-'));
      payments = await connect(p.token, paymentsDir);
      for (const a of [orders, payments]) {
        expect(a.hellos[0]).toEqual({ mode: 'snapshot', scope: 'default' });
        expect(a.engine.enforcer.bundleSha256).toBe(put.body.bundle.sha256);
        expect(decide(a, 'read').allowed).toBe(true);
      }
    });

    it('validates scopes: names, the built-in default, labels, unknown scopes, permissions', async () => {
      expect((await cp.put('/v1/bundle-scopes/Payments', {})).status).toBe(400);
      expect((await cp.put('/v1/bundle-scopes/default', { services: ['x'] })).body.code).toBe('BUNDLE_SCOPE_RESERVED');
      expect((await cp.delete('/v1/bundle-scopes/default')).body.code).toBe('BUNDLE_SCOPE_RESERVED');
      expect((await cp.put('/v1/bundle-scopes/x', { labels: { 'bad key!': 'v' } })).status).toBe(400);
      expect((await cp.put('/v1/bundle-scopes/x', { services: ['Not A Service'] })).status).toBe(400);
      expect((await cp.put('/v1/bundle-scopes/x', { color: 'red' })).status).toBe(400);
      const unknown = await cp.put('/v1/policies/stray', { source: ORDERS, bundleScope: 'nowhere' });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'BUNDLE_SCOPE_NOT_FOUND' } });
      expect((await cp.get('/v1/bundle-scopes/nowhere')).status).toBe(404);
      const author = await cp.keyWith('author');
      expect((await cp.get('/v1/bundle-scopes', author)).status).toBe(200);
      expect((await cp.put('/v1/bundle-scopes/x', {}, author)).status).toBe(403);
    });

    it('a scope prepared without a selector takes no agent; its policies compile apart (the same package as default)', async () => {
      const created = await cp.put('/v1/bundle-scopes/payments', { description: 'payment services' });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ scope: { name: 'payments', services: [], labels: {}, priority: 0 }, bundles: [] });
      await applied(orders, created.body.revision);
      await applied(payments, created.body.revision); // a noop for both: nobody moved
      expect(decide(payments, 'read').allowed).toBe(true);

      const before = (await cp.get('/v1/bundles/latest')).body;
      const put = await cp.put('/v1/policies/payments.authz', { source: PAYMENTS_V1, bundleScope: 'payments' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ bundleScope: 'payments', bundles: [{ scope: 'payments', revision: put.body.revision }] });
      expect(put.body.bundle.revision).toBe(put.body.revision);
      expect((await cp.get('/v1/bundles/latest')).body).toMatchObject({ scope: 'default', revision: before.revision }); // default not rebuilt
      expect((await cp.get('/v1/bundles/latest?scope=payments')).body).toMatchObject({ scope: 'payments', revision: put.body.revision, manifest: { metadata: { vigil_scope: 'payments' } } });
      expect((await cp.get(`/v1/bundles/${put.body.revision}`)).status).toBe(404);
      const log = await cp.get(`/v1/revisions?after=${put.body.revision - 1}`);
      expect(Object.keys(log.body.items[0].payload.bundles)).toEqual(['payments']);
      await applied(payments, put.body.revision);
      expect(payments.engine.enforcer.bundleSha256).toBe(before.sha256); // still default's: a noop
      expect((await cp.get('/v1/policies?bundleScope=payments')).body.items.map((p: { id: string }) => p.id)).toEqual(['payments.authz']);
    });

    it('a selector moves agents to the scope: they get its bundle as that revision, the others a noop', async () => {
      const sel = await cp.put('/v1/bundle-scopes/payments', { services: ['payments'], priority: 10 });
      expect(sel.status).toBe(200);
      await applied(payments, sel.body.revision);
      await applied(orders, sel.body.revision);
      expect(manifestScope(payments)).toBe('payments');
      expect(decide(payments, 'pay').allowed).toBe(true);
      expect(decide(payments, 'read').allowed).toBe(false);
      expect(manifestScope(orders)).toBe('default');
      expect(decide(orders, 'read').allowed).toBe(true);
      const agents = (await cp.get('/v1/agents?limit=50')).body.items as { name: string; bundleScope: string }[];
      expect(Object.fromEntries(agents.map((a) => [a.name, a.bundleScope]))).toMatchObject({ 'orders-1': 'default', 'payments-1': 'payments' });
      const scopes = (await cp.get('/v1/bundle-scopes')).body.items as { name: string; agents: number; policies: string[] }[];
      expect(scopes.map((s) => [s.name, s.agents, s.policies])).toEqual([
        ['payments', 1, ['payments.authz']],
        ['default', 1, ['authz']],
      ]);
    });

    it('a publish in one scope changes only its agents\' decisions', async () => {
      const ordersSha = orders.engine.enforcer.bundleSha256;
      const v2 = await cp.put('/v1/policies/payments.authz', { source: PAYMENTS_V2 });
      expect(v2.body).toMatchObject({ bundleScope: 'payments', bundles: [{ scope: 'payments' }] });
      await applied(payments, v2.body.revision);
      await applied(orders, v2.body.revision);
      expect(decide(payments, 'refund').allowed).toBe(true);
      expect(orders.engine.enforcer.bundleSha256).toBe(ordersSha);
      expect(decide(orders, 'refund').allowed).toBe(false);
      expect(decide(orders, 'read').allowed).toBe(true);

      const o2 = await cp.put('/v1/policies/authz', { source: `${ORDERS}\nallow if input.action == "list"\n` });
      await applied(payments, o2.body.revision);
      await applied(orders, o2.body.revision);
      expect(decide(orders, 'list').allowed).toBe(true);
      expect(decide(payments, 'list').allowed).toBe(false);
      expect(decide(payments, 'refund').allowed).toBe(true);
    });

    it('a shared policy goes into every scope\'s bundle; dry runs and the playground work per scope', async () => {
      const shared = await cp.put('/v1/policies/lib', { source: SHARED, bundleScope: '*' });
      expect(shared.status).toBe(200);
      expect(shared.body.bundles.map((b: { scope: string }) => b.scope)).toEqual(['default', 'payments']);
      for (const a of [orders, payments]) await applied(a, shared.body.revision);
      expect(manifestScope(orders)).toBe('default');
      expect(manifestScope(payments)).toBe('payments');
      const uses = `package authz\n\ndefault allow := false\n\nallow if data.lib.tenant(input) == "acme"\n`;
      const dry = await cp.post('/v1/policies/dry-run', { policies: [{ id: 'payments.authz', source: uses }] });
      expect(dry.body).toMatchObject({ ok: true, scopes: [{ scope: 'payments' }] });
      const broken = await cp.post('/v1/policies/dry-run', { bundleScope: 'payments', policies: [{ id: 'p2', source: 'package authz\n\nallow if {\n' }] });
      expect(broken.body).toMatchObject({ ok: false, compile: { ok: false, scope: 'payments' } });
      const evald = await cp.post('/v1/evaluate', { entrypoint: 'authz/allow', input: { action: 'refund' }, bundleScope: 'payments' });
      expect(evald.body.result).toEqual([{ result: true }]);
      expect((await cp.post('/v1/evaluate', { entrypoint: 'authz/allow', input: { action: 'refund' } })).body.result).toEqual([{ result: false }]);
      const refused = await cp.put('/v1/policies/payments.authz', { source: 'package authz\n\nallow if {\n' });
      expect(refused).toMatchObject({ status: 422, body: { code: 'REGO_COMPILE_ERROR', details: { scope: 'payments' } } });
    });

    it('an agent away while its scope was published resumes in its scope; one away across a move gets a snapshot', async () => {
      await payments.engine.close();
      const p3 = await cp.put('/v1/policies/payments.authz', { source: `${PAYMENTS_V2}\nallow if input.action == "void"\n` });
      const o3 = await cp.put('/v1/policies/authz', { source: `${ORDERS}\nallow if input.action == "ship"\n` });
      await applied(orders, o3.body.revision);
      payments = await connect(paymentsToken, paymentsDir);
      expect(payments.hellos[0]).toEqual({ mode: 'resume', scope: 'payments' });
      await applied(payments, o3.body.revision);
      expect(payments.engine.enforcer.bundleSha256).toBe(p3.body.bundles[0].sha256);
      expect(decide(payments, 'void').allowed).toBe(true);
      expect(decide(payments, 'ship').allowed).toBe(false);

      await payments.engine.close();
      const moved = await cp.put('/v1/bundle-scopes/payments', { services: ['billing'], priority: 10 }); // payments-1 now in default
      payments = await connect(paymentsToken, paymentsDir);
      expect(payments.hellos[0]).toEqual({ mode: 'snapshot', scope: 'default' });
      await applied(payments, moved.body.revision);
      expect(manifestScope(payments)).toBe('default');
      expect(decide(payments, 'ship').allowed).toBe(true);
      const back = await cp.put('/v1/bundle-scopes/payments', { services: ['payments'], priority: 10 });
      await applied(payments, back.body.revision);
      expect(manifestScope(payments)).toBe('payments');
    });

    it('an agent moved into a scope that has no bundle gets a snapshot without one (no_policy), and back', async () => {
      await cp.delete('/v1/policies/lib'); // no shared policy: a new scope starts without a bundle
      const quarantine = await cp.put('/v1/bundle-scopes/quarantine', { labels: { tier: 'pci' }, priority: 100 });
      expect(quarantine.body.bundles).toEqual([]);
      await until('moved to quarantine', () => payments.engine.enforcer.applied >= quarantine.body.revision && payments.engine.enforcer.currentBundle === null);
      expect(decide(payments, 'pay')).toMatchObject({ allowed: false, reason: 'no_policy' });
      await applied(orders, quarantine.body.revision);
      expect(decide(orders, 'read').allowed).toBe(true);
      const inUse = await cp.put('/v1/policies/q.authz', { source: ORDERS, bundleScope: 'quarantine' });
      await applied(payments, inUse.body.revision);
      expect(manifestScope(payments)).toBe('quarantine');
      expect((await cp.delete('/v1/bundle-scopes/quarantine')).body).toMatchObject({ code: 'BUNDLE_SCOPE_IN_USE', details: { policies: ['q.authz'] } });
      expect((await cp.delete('/v1/policies/q.authz')).status).toBe(200);
      const gone = await cp.delete('/v1/bundle-scopes/quarantine');
      expect(gone.status).toBe(200);
      await applied(payments, gone.body.revision);
      expect(manifestScope(payments)).toBe('payments');
      expect(decide(payments, 'refund').allowed).toBe(true);
      expect(await cp.head()).toBe(gone.body.revision);
      const audit = (await cp.get('/v1/audit-events?resource=bundle_scope:quarantine')).body.items.map((e: { action: string }) => e.action);
      expect(audit.sort()).toEqual(['bundle_scope.create', 'bundle_scope.delete']);
    });
  });
}
