/**
 * Adaptive results through the Express middleware with a real compiled policy that reads
 * input.vigil: step-up on a new origin (401 + WWW-Authenticate), a token bucket (429 +
 * Retry-After), an explicit deny with reasons (403), and a plain boolean allow.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, importTrustedKeys } from '@vigil/contracts';
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { VigilEngine } from '../vigil-engine';
import { vigilMiddleware } from './vigil-middleware';

const POLICY = `package adaptive

default decision := {"deny": true, "reasons": ["no rule for this path"]}

decision := true if input.path == "/open"

decision := {"limit": {"rate": 1, "burst": 2}, "reasons": ["metered endpoint"]} if input.path == "/metered"

decision := {"challenge": {"acr_values": "mfa", "max_age": 300}, "reasons": ["new origin"]} if {
  input.path == "/account"
  not input.vigil.usual.origin
}

decision := {"allow": true} if {
  input.path == "/account"
  input.vigil.usual.origin
}
`;

let engine: VigilEngine;
let server: Server;
let base: string;

beforeAll(async () => {
  const compiled = compilePolicy({ modules: [{ path: 'adaptive.rego', source: POLICY }], entrypoints: ['adaptive/decision'] });
  engine = await VigilEngine.create({
    controlPlane: 'http://127.0.0.1:1',
    token: 'unused',
    trustedKeys: importTrustedKeys([generateSigningKey().publicJwk]),
    decisionLog: { enabled: false },
    risk: { originSettleMs: 0 },
  });
  engine.enforcer.installBundle({ sha256: 'b'.repeat(64), manifest: { revision: '1', roots: [''] }, policy: await RegoPolicy.load(compiled.wasm), baseData: {} }, 1);
  engine.enforcer.heartbeat(1);
  const app = express();
  app.use(vigilMiddleware({ engine, entrypoint: 'adaptive/decision', input: (req) => ({ subject: req.headers['x-user'], path: req.url }) }));
  app.all('/{*rest}', (req, res) => res.json({ ok: req.path }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await engine.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { 'x-user': 'ann', ...headers } });

describe('adaptive results through the middleware', () => {
  it('keeps boolean results as they were', async () => {
    expect((await get('/open')).status).toBe(200);
  });

  it('answers a step-up challenge for a new origin with 401 and WWW-Authenticate', async () => {
    const carol = (ip: string) => ({ 'x-user': 'carol', 'x-forwarded-for': ip });
    expect((await get('/account', carol('198.51.100.1'))).status).toBe(200); // first origin: nothing to compare with
    const res = await get('/account', carol('203.0.113.50'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_user_authentication", error_description="new origin", acr_values="mfa", max_age=300');
    expect(await res.json()).toMatchObject({ code: 'STEP_UP_REQUIRED', outcome: 'challenge', reasons: ['new origin'], challenge: { acr_values: 'mfa' } });
    expect((await get('/account', carol('198.51.100.1'))).status).toBe(200); // the usual origin still passes
  });

  it('limits with a token bucket: the burst passes, then 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/metered', { 'x-user': 'meter' })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await get('/metered', { 'x-user': 'meter' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED', outcome: 'limit', reasons: ['metered endpoint'] });
    expect((await get('/metered', { 'x-user': 'someone-else' })).status).toBe(200); // per subject
  });

  it('denies with 403 and the policy reasons', async () => {
    const res = await get('/admin');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'ACCESS_DENIED', reasons: ['no rule for this path'] });
  });
});
