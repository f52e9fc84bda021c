/**
 * Continuous risk end to end, on loopback with real processes: a control plane on a scratch
 * Postgres database and two agents (services `orders` and `billing`).
 *   a burst of failing requests at `orders` raises the subject's local risk → reported →
 *   fleet aggregate → pushed to `billing`, whose policy answers `challenge` (401 step-up on
 *   ext_authz) → a containment rule revokes the subject (audited, reverted through the API)
 *   · a signal posted to the control plane flips decisions at both agents within the
 *   propagation bound · a CAEP security event token from a local transmitter (its own keys,
 *   JWKS served on loopback) revokes a subject; a forged one is refused · limits answer 429.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createScratchDatabase, type ScratchDatabase } from './test-database';
import { AgentProcess, ControlPlaneProcess, freePort, requireBuild, stopProcesses, waitFor } from './processes';

jest.setTimeout(120_000);

const POLICY = `package authz

default action := "other"

action := input.action if input.action

action := "read" if input.attributes.request.http.method == "GET"

action := "meter" if input.attributes.request.http.method == "POST"

risk := input.vigil.risk.subject.score

compromised if input.vigil.risk.subject.signals.compromised.level >= 0.9

default decision := {"deny": true, "reasons": ["not allowed"]}

decision := {"deny": true, "reasons": ["subject is compromised"]} if compromised

decision := {"challenge": {"acr_values": "mfa"}, "reasons": ["risk is elevated"]} if {
  not compromised
  action == "read"
  risk >= 0.5
}

decision := true if {
  not compromised
  action == "read"
  risk < 0.5
}

decision := {"limit": {"rate": 1, "burst": 2}, "reasons": ["metered"]} if {
  not compromised
  action == "meter"
}

# AuthZEN's entrypoint: allowed when the agent told the policy who called it.
allow if is_string(input.vigil.origin.peer)
`;

let db: ScratchDatabase;
let cp: ControlPlaneProcess;
let orders: AgentProcess;
let billing: AgentProcess;
let transmitter: Server;
let transmitterKey: CryptoKey;
let jwksUrl: string;

const bearer = (sub: string) => `Bearer e30.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.c2ln`;

async function startAgent(name: string, service: string, keys: unknown): Promise<AgentProcess> {
  const reg = await cp.call('POST', '/v1/agents', { name, service });
  expect(reg.status).toBe(201);
  const agent = new AgentProcess(await freePort(), await freePort(), {
    controlPlane: cp.url,
    token: reg.body.token,
    trustedKeys: keys,
    dataDir: mkdtempSync(join(tmpdir(), `vigil-${name}-`)),
    extra: ['--service', service, '--agent-name', name, '--max-staleness', '3s', '--ext-authz-entrypoint', 'authz/decision', '--risk-window', '10s'],
  });
  await agent.start();
  return agent;
}

async function decide(agent: AgentProcess, input: Record<string, unknown>) {
  return agent.decide('authz/decision', input);
}

beforeAll(async () => {
  requireBuild();
  db = await createScratchDatabase();
  cp = new ControlPlaneProcess(await freePort(), db.url, { VIGIL_RISK_AGGREGATE_MS: '100', VIGIL_EXPIRY_INTERVAL_MS: '200' });
  await cp.start();
  expect((await cp.call('PUT', '/v1/policies/authz', { source: POLICY })).status).toBe(200);
  const keys = (await cp.call('GET', '/v1/keys')).body;
  orders = await startAgent('orders-1', 'orders', keys);
  billing = await startAgent('billing-1', 'billing', keys);
  for (const a of [orders, billing]) await waitFor('policy in force', async () => (await decide(a, { subject: 'warmup', action: 'read' })).body.result === true);

  // A Shared Signals transmitter of our own: an ES256 key pair, its JWKS served on loopback.
  const pair = await generateKeyPair('ES256');
  transmitterKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'tx-1', alg: 'ES256', use: 'sig' };
  transmitter = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => transmitter.listen(0, '127.0.0.1', () => r()));
  jwksUrl = `http://127.0.0.1:${(transmitter.address() as AddressInfo).port}/jwks.json`;
});

afterAll(async () => {
  await stopProcesses([orders, billing], [cp]);
  transmitter?.close();
  await db?.drop();
});

describe('risk signals into policy', () => {
  it('gives the policy input.vigil and refuses a request that brings its own', async () => {
    const res = await decide(orders, { subject: 'ann', action: 'read' });
    expect(res.body).toMatchObject({ result: true });
    const forged = await decide(orders, { subject: 'ann', action: 'read', vigil: { risk: { subject: { score: 0 } } } });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('INPUT_RESERVED');
  });

  it('gives AuthZEN evaluations the request origin too', async () => {
    const evaluation = { subject: { type: 'user', id: 'ann' }, action: { name: 'read' }, resource: { type: 'doc', id: '1' } };
    for (const [path, body] of [['/access/v1/evaluation', evaluation], ['/access/v1/evaluations', { evaluations: [evaluation] }]] as const) {
      const res = await fetch(`${orders.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.evaluations?.[0] ?? answer).toMatchObject({ decision: true });
    }
  });
});

describe('a burst at one agent, the fleet aggregate at another, containment', () => {
  it('raises the subject’s risk at orders, billing answers challenge, a rule revokes it, and a revert lifts it', async () => {
    // Scripted burst of failing requests at `orders` only.
    for (let i = 0; i < 30; i++) {
      const r = await decide(orders, { subject: 'mallory', action: 'write', resource: `doc-${i}` });
      expect(r.body).toMatchObject({ result: { deny: true }, outcome: 'deny' });
    }
    // The aggregate reaches `billing`, which never saw mallory fail: its policy answers challenge.
    const challenged = await waitFor('billing to challenge mallory', async () => {
      const r = await decide(billing, { subject: 'mallory', action: 'read' });
      return r.body.outcome === 'challenge' ? r.body : null;
    });
    expect(challenged).toMatchObject({ outcome: 'challenge', reasons: ['risk is elevated'], challenge: { acr_values: 'mfa' } });
    const fleet = (await cp.call('GET', '/v1/risk/fleet?target=subject')).body.items.find((f: { value: string }) => f.value === 'mallory');
    expect(fleet.score).toBeGreaterThan(0.9);
    expect(fleet.reasons[0]).toMatch(/^orders: deny_rate: /);
    expect(fleet.reports[0]).toMatchObject({ agent: 'orders-1', service: 'orders' }); // the strongest; billing may report its own polling

    // Envoy in front of billing gets the step-up as a 401 with WWW-Authenticate.
    const ext = await fetch(`${billing.url}/ext_authz/accounts/7`, { headers: { authorization: bearer('mallory') } });
    expect(ext.status).toBe(401);
    expect(ext.headers.get('www-authenticate')).toBe('Bearer error="insufficient_user_authentication", error_description="risk is elevated", acr_values="mfa"');

    // Bad rules are refused with the field named.
    const bad = await cp.call('POST', '/v1/risk/rules', { name: 'Bad Name', target: 'planet', threshold: 2, action: 'explode', durationSeconds: 0 });
    expect(bad.status).toBe(400);
    for (const field of ['name', 'target', 'threshold', 'action', 'durationSeconds']) expect(bad.body.message).toContain(`${field}:`);
    // Containment: fleet risk > 0.9 revokes the subject for 15 minutes, as an audited revision.
    const rule = await cp.call('POST', '/v1/risk/rules', { name: 'contain-subjects', target: 'subject', threshold: 0.9, action: 'revoke', durationSeconds: 900 });
    expect(rule.status).toBe(201);
    for (const a of [billing, orders]) {
      await waitFor('mallory revoked', async () => (await decide(a, { subject: 'mallory', action: 'read' })).body.reason === 'revoked');
    }
    const actions = (await cp.call('GET', '/v1/risk/actions?value=mallory')).body.items;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ ruleName: 'contain-subjects', target: 'subject', value: 'mallory', action: 'revoke', revertedAt: null });
    const audit = (await cp.call('GET', `/v1/audit-events?resource=containment_action:${actions[0].id}`)).body.items;
    expect(audit[0]).toMatchObject({ action: 'risk.containment', actor: 'containment:contain-subjects', revision: actions[0].revision });

    // Reversible: reverting lifts the revocation; billing is back to challenging.
    const reverted = await cp.call('POST', `/v1/risk/actions/${actions[0].id}/revert`);
    expect(reverted.status).toBe(200);
    expect(reverted.body.revertedBy).toBe('api-key:bootstrap-admin');
    await waitFor('revocation lifted at billing', async () => (await decide(billing, { subject: 'mallory', action: 'read' })).body.outcome === 'challenge');
    expect((await cp.call('POST', `/v1/risk/actions/${actions[0].id}/revert`)).status).toBe(409);
    // The revert is not undone by the next aggregation pass (one action per rule, subject and duration).
    await new Promise((r) => setTimeout(r, 600));
    expect((await decide(billing, { subject: 'mallory', action: 'read' })).body.reason).toBeUndefined();
  });
});

describe('a containment rule already in place', () => {
  it('fires from the aggregation itself: a burst at billing gets the subject revoked at orders', async () => {
    const rules = (await cp.call('GET', '/v1/risk/rules')).body;
    expect(rules).toEqual([expect.objectContaining({ name: 'contain-subjects', enabled: true })]);
    for (let i = 0; i < 30; i++) await decide(billing, { subject: 'trudy', action: 'write' });
    await waitFor('trudy revoked at orders', async () => (await decide(orders, { subject: 'trudy', action: 'read' })).body.reason === 'revoked');
    const actions = (await cp.call('GET', '/v1/risk/actions?value=trudy')).body.items;
    expect(actions).toEqual([expect.objectContaining({ ruleName: 'contain-subjects', action: 'revoke', reasons: expect.arrayContaining([expect.stringMatching(/^billing: deny_rate/)]) })]);
    const revocation = (await cp.call('GET', '/v1/revocations?kind=subject&value=trudy')).body.items[0];
    expect(revocation).toMatchObject({ createdBy: 'containment:contain-subjects', reason: expect.stringMatching(/^containment rule contain-subjects: fleet risk 0\.9\d+ > 0\.9/) });
    expect(Date.parse(revocation.expiresAt) - Date.now()).toBeGreaterThan(800_000); // 15 minutes
  });
});

describe('signals posted to the control plane', () => {
  it('flip decisions at every agent within the propagation bound, and lifting flips them back', async () => {
    for (const a of [orders, billing]) expect((await decide(a, { subject: 'alice', action: 'read' })).body.result).toBe(true);
    const bad = await cp.call('POST', '/v1/signals', { target: 'subject', value: 'alice', name: 'compromised', level: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/level/);
    const t0 = Date.now();
    const posted = await cp.call('POST', '/v1/signals', { target: 'subject', value: 'alice', name: 'compromised', level: 1, reason: 'found in a breach' });
    expect(posted.status).toBe(200);
    const elapsed: number[] = [];
    await Promise.all(
      [orders, billing].map(async (a) => {
        await waitFor('alice denied', async () => (await decide(a, { subject: 'alice', action: 'read' })).body.reasons?.[0] === 'subject is compromised', 5000);
        elapsed.push(Date.now() - t0);
      }),
    );
    process.stderr.write(`signal → enforced at both agents in ${Math.max(...elapsed)} ms (REST response to last agent, polling every 50 ms)\n`);
    expect(Math.max(...elapsed)).toBeLessThan(1000);
    expect((await cp.call('DELETE', `/v1/signals/${posted.body.id}`)).status).toBe(200);
    for (const a of [orders, billing]) await waitFor('alice allowed again', async () => (await decide(a, { subject: 'alice', action: 'read' })).body.result === true);
  });
});

describe('OpenID Shared Signals (CAEP) from a configured transmitter', () => {
  const issuer = 'https://idp.e2e.test';
  const set = (events: Record<string, unknown>, jti: string, key: CryptoKey = transmitterKey, kid = 'tx-1') =>
    new SignJWT({ jti, events, sub_id: { format: 'complex', user: { format: 'opaque', id: 'bob' } } })
      .setProtectedHeader({ alg: 'ES256', typ: 'secevent+jwt', kid })
      .setIssuer(issuer)
      .setAudience('https://vigil.e2e.test')
      .setIssuedAt()
      .sign(key);
  const push = (jwt: string) => fetch(`${cp.url}/v1/shared-signals/events`, { method: 'POST', headers: { 'content-type': 'application/secevent+jwt' }, body: jwt });

  it('verifies the SET against the fetched JWKS and revokes the subject at every agent', async () => {
    const both = await cp.call('POST', '/v1/shared-signals/transmitters', { name: 'x', issuer: 'https://x', jwksUri: jwksUrl, jwks: { keys: [{ kty: 'EC' }] } });
    expect([both.status, both.body.code]).toEqual([422, 'TRANSMITTER_KEYS']);
    const reg = await cp.call('POST', '/v1/shared-signals/transmitters', { name: 'e2e-idp', issuer, audience: 'https://vigil.e2e.test', jwksUri: jwksUrl, revokeSeconds: 600 });
    expect(reg.status).toBe(201);
    expect((await decide(billing, { subject: 'bob', action: 'read' })).body.result).toBe(true);
    const jwt = await set({ 'https://schemas.openid.net/secevent/caep/event-type/session-revoked': { event_timestamp: 1, reason_admin: { en: 'admin logout' } } }, 'set-1');
    const res = await push(jwt);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ duplicate: false, outcomes: [{ action: 'revoke', detail: 'subject bob' }] });
    for (const a of [orders, billing]) await waitFor('bob revoked', async () => (await decide(a, { subject: 'bob', action: 'read' })).body.reason === 'revoked');
    const again = await push(jwt);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const revs = (await cp.call('GET', '/v1/revocations?kind=subject&value=bob')).body.items;
    expect(revs[0]).toMatchObject({ createdBy: 'set:e2e-idp', reason: 'session-revoked from e2e-idp: admin logout' });
  });

  it('refuses a SET signed by another key, and a body that is not a JWT, with RFC 8935 errors', async () => {
    const other = await generateKeyPair('ES256');
    const forged = await push(await set({ 'https://schemas.openid.net/secevent/caep/event-type/session-revoked': {} }, 'set-2', other.privateKey));
    expect(forged.status).toBe(400);
    expect((await forged.json()).err).toMatch(/^(invalid_key|authentication_failed)$/);
    const garbage = await push('not-a-jwt');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ err: 'invalid_request' });
  });

  it('turns a device compliance change into a signal policies see', async () => {
    const jwt = await set({ 'https://schemas.openid.net/secevent/caep/event-type/device-compliance-change': { current_status: 'not-compliant', previous_status: 'compliant' } }, 'set-3');
    const res = await push(jwt);
    expect(await res.json()).toMatchObject({ outcomes: [{ action: 'signal', detail: 'device_compliance=0.8 for bob' }] });
    const signals = (await cp.call('GET', '/v1/signals?value=bob')).body.items;
    expect(signals[0]).toMatchObject({ name: 'device_compliance', level: 0.8, source: 'set:e2e-idp', attributes: { current_status: 'not-compliant' } });
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After once the token bucket is empty (ext_authz)', async () => {
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 3; i++) {
      last = await fetch(`${orders.url}/ext_authz/upload`, { method: 'POST', headers: { authorization: bearer('carol') } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.headers.get('retry-after')).toBe('1');
    expect(await last!.json()).toMatchObject({ code: 'RATE_LIMITED', outcome: 'limit', reasons: ['metered'] });
  });
});
