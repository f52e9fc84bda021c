/**
 * The API the policy authors' workbench (web UI and `vigil push`) adds to the control
 * plane, over HTTP on PGlite: atomic multi-policy publish, test results per test, which
 * rules matched in the playground, decision search by subject/revision, decision stats
 * and the UI's live fleet channel.
 */
import { randomUUID } from 'node:crypto';
import { DecisionLogsService } from '../src/distribution/decision-logs/decision-logs.service';
import { ADMIN_KEY, TestControlPlane } from './control-plane-harness';

const AUTHZ = `package authz

import data.lib

default allow := false

allow if lib.is_admin(input.subject)

allow if input.action == "read"

reasons contains "admin" if lib.is_admin(input.subject)
`;
const LIB = `package lib

is_admin(s) if s == "root"
`;
const TESTS = `package authz_test

import data.authz

test_root_allowed if authz.allow with input as {"subject": "root", "action": "write"}
test_guest_denied if not authz.allow with input as {"subject": "guest", "action": "write"}
`;

describe('workbench API (PGlite)', () => {
  const cp = TestControlPlane.forSuite('pglite');

  describe('POST /v1/policies/publish', () => {
    it('publishes several policies in one revision and one bundle', async () => {
      const res = await cp.post('/v1/policies/publish', { policies: [{ id: 'authz', source: AUTHZ }, { id: 'lib', source: LIB }, { id: 'authz-test', source: TESTS }], message: 'sync' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-vigil-revision')).toBe(String(res.body.revision));
      expect(res.body.policies.map((p: { id: string; version: number }) => [p.id, p.version])).toEqual([['authz', 1], ['lib', 1], ['authz-test', 1]]);
      expect(res.body.bundle.revision).toBe(res.body.revision);
      expect(res.body.tests).toMatchObject({ total: 2, passed: 2, failed: [] });
      expect(res.body.tests.results).toEqual([
        { name: 'data.authz_test.test_root_allowed', passed: true },
        { name: 'data.authz_test.test_guest_denied', passed: true },
      ]);
      for (const id of ['authz', 'lib', 'authz-test']) expect((await cp.get(`/v1/policies/${id}`)).body.revision).toBe(res.body.revision);
      const versions = await cp.get('/v1/policies/lib/versions');
      expect(versions.body.items[0]).toMatchObject({ version: 1, message: 'sync' });
    });

    it('publishes nothing when one module does not compile, and names its position', async () => {
      const before = await cp.get('/v1/policies/lib');
      const res = await cp.post('/v1/policies/publish', { policies: [{ id: 'lib', source: `${LIB}\nbad if input.x ==== 1\n` }, { id: 'other', source: 'package other\n\np := 1\n' }] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REGO_COMPILE_ERROR');
      expect(res.body.details.diagnostics[0].location).toMatchObject({ file: 'lib.rego', row: 5 });
      expect((await cp.get('/v1/policies/lib')).body.version).toBe(before.body.version);
      expect((await cp.get('/v1/policies/other')).status).toBe(404);
    });

    it('publishes nothing when a test fails, and removes policies in the same revision', async () => {
      const failing = await cp.post('/v1/policies/publish', { policies: [{ id: 'lib', source: 'package lib\n\nis_admin(s) if s == "nobody"\n' }] });
      expect(failing.status).toBe(422);
      expect(failing.body).toMatchObject({ code: 'POLICY_TESTS_FAILED', details: { tests: { failed: ['data.authz_test.test_root_allowed'] } } });
      expect(failing.body.details.tests.results).toContainEqual({ name: 'data.authz_test.test_root_allowed', passed: false });

      const both = await cp.post('/v1/policies/publish', { policies: [{ id: 'extra', source: 'package extra\n\np := 1\n' }], remove: ['authz-test'] });
      expect(both.status).toBe(200);
      expect(both.body.policies).toEqual([expect.objectContaining({ id: 'extra', deleted: false }), expect.objectContaining({ id: 'authz-test', deleted: true })]);
      expect((await cp.get('/v1/policies/authz-test')).status).toBe(404);
    });

    it('refuses empty and repeated ids with 400', async () => {
      for (const body of [{}, { policies: [] }, { policies: [{ id: 'a', source: 'package a' }], remove: ['a'] }]) {
        const res = await cp.post('/v1/policies/publish', body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('POST /v1/evaluate with an entrypoint', () => {
    it('reports which rules of the package matched, with their rows', async () => {
      const res = await cp.post('/v1/evaluate', { entrypoint: 'authz/allow', input: { subject: 'root', action: 'write' } });
      expect(res.status).toBe(200);
      expect(res.body.result).toEqual([{ result: true }]);
      const byRule = Object.fromEntries(res.body.rules.map((r: { rule: string }) => [r.rule, r]));
      expect(byRule['data.authz.allow']).toMatchObject({ matched: true, value: true, file: 'authz.rego', rows: [5, 7, 9] });
      expect(byRule['data.authz.reasons']).toMatchObject({ matched: true, value: ['admin'], rows: [11] });

      const guest = await cp.post('/v1/evaluate', { entrypoint: 'data.authz.allow', input: { subject: 'guest', action: 'write' } });
      expect(guest.body).toMatchObject({ result: [{ result: false }] });
      const rules = Object.fromEntries(guest.body.rules.map((r: { rule: string }) => [r.rule, r]));
      expect(rules['data.authz.allow']).toMatchObject({ matched: false, value: false });
      expect(rules['data.authz.reasons']).toMatchObject({ matched: false, value: [] });
    });

    it('leaves rules out for queries', async () => {
      const res = await cp.post('/v1/evaluate', { query: 'data.authz.allow', input: { action: 'read' } });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('rules');
    });
  });

  describe('decisions', () => {
    let agentId: string;
    const now = Date.now();

    beforeAll(async () => {
      agentId = (await cp.post('/v1/agents', { name: 'stats-agent', service: 'orders' })).body.agent.id;
      const entry = (subject: unknown, allowed: boolean, agoMs: number, revision: number) => ({
        decision_id: randomUUID(),
        timestamp: new Date(now - agoMs).toISOString(),
        path: 'authz/allow',
        input: { subject },
        result: allowed,
        allowed,
        reason: allowed ? null : 'revoked',
        revision,
        bundle_sha256: null,
        latency_us: 40,
      });
      await cp.app.get(DecisionLogsService).ingest(agentId, {
        batch_id: randomUUID(),
        dropped: 0,
        entries: [entry('alice', true, 5_000, 3), entry('alice', false, 4_000, 4), entry({ id: 'bob' }, true, 3_000, 4), entry('carol', false, 120_000, 4)],
      });
    });

    it('filters by subject (string or object id) and by revision', async () => {
      expect((await cp.get('/v1/decisions?subject=alice')).body.total).toBe(2);
      expect((await cp.get('/v1/decisions?subject=bob')).body.total).toBe(1);
      expect((await cp.get('/v1/decisions?subject=alice&revision=4')).body.items).toEqual([expect.objectContaining({ allowed: false, reason: 'revoked' })]);
      expect((await cp.get('/v1/decisions?revision=x')).status).toBe(400);
    });

    it('counts decisions and denials per bucket for the chart', async () => {
      const res = await cp.get('/v1/ui/decision-stats?minutes=1&bucket=60');
      expect(res.status).toBe(200);
      const totals = res.body.buckets.reduce((a: { total: number; denied: number }, b: { total: number; denied: number }) => ({ total: a.total + b.total, denied: a.denied + b.denied }), { total: 0, denied: 0 });
      expect(totals).toEqual({ total: 3, denied: 1 }); // carol's decision is older than the window
      expect((await cp.get('/v1/ui/decision-stats?minutes=1440&bucket=1')).status).toBe(400);
      // decisions.read: viewers and authors see decision statistics, a registrar key does not.
      expect((await cp.get('/v1/ui/decision-stats', await cp.keyWith('author'))).status).toBe(200);
      expect((await cp.get('/v1/ui/decision-stats', await cp.keyWith('agent-registrar'))).status).toBe(403);
    });
  });

  describe('GET /v1/ui/events', () => {
    it('streams the fleet on connect and again when it changes; needs a key', async () => {
      expect((await cp.get('/v1/ui/events', null)).status).toBe(401);
      const ctrl = new AbortController();
      const res = await fetch(`${cp.url}/v1/ui/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: ctrl.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const events = fleetEvents(reader);
      try {
        const first = (await events.next()).value as FleetEvent;
        expect(first.agents.map((a) => a.name)).toContain('stats-agent');
        await cp.post('/v1/agents', { name: 'late-agent', service: 'billing', labels: { tier: 'gold' } });
        let next = (await events.next()).value as FleetEvent;
        while (!next.agents.some((a) => a.name === 'late-agent')) next = (await events.next()).value as FleetEvent;
        expect(next.head).toBeGreaterThan(first.head);
        expect(next.agents.find((a) => a.name === 'late-agent')).toMatchObject({ service: 'billing', labels: { tier: 'gold' }, state: 'never_connected' });
      } finally {
        ctrl.abort();
      }
    });
  });

  describe('the web UI at /', () => {
    it('answers / with the page (or how to build it) and leaves API 404s alone', async () => {
      const page = await fetch(`${cp.url}/`);
      if (page.status === 200) {
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(page.headers.get('cache-control')).toBe('no-cache');
        const deep = await fetch(`${cp.url}/fleet`);
        expect(deep.status).toBe(200);
        expect(await deep.text()).toBe(await page.text());
      } else {
        expect(page.status).toBe(503);
        expect(await page.text()).toContain('npm run build:ui');
      }
      const api = await cp.get('/v1/nothing-here');
      expect(api.status).toBe(404);
      expect((await fetch(`${cp.url}/assets/missing.js`)).status).toBe(404);
    });
  });
});

interface FleetEvent {
  head: number;
  agents: { name: string; service: string; labels: Record<string, string>; state: string }[];
}

/** Parses `event: fleet` messages off a server-sent-events body. */
async function* fleetEvents(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<FleetEvent> {
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let end;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const type = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (type === 'fleet') yield JSON.parse(data) as FleetEvent;
    }
  }
}
