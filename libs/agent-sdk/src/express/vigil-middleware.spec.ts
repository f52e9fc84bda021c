import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { vigilMiddleware } from './vigil-middleware';
import { HTTP_RBAC, inProcessEngine } from '../testing/in-process-engine';
import type { VigilEngine } from '../vigil-engine';

let engine: VigilEngine;
let server: Server;
let base: string;

beforeAll(async () => {
  engine = await inProcessEngine(HTTP_RBAC, ['http/allow'], [
    { id: 'b1', subject: 'ann', role: 'reader' },
    { id: 'b2', subject: 'root', role: 'admin' },
  ]);
  const app = express();
  app.use(vigilMiddleware({ engine, entrypoint: 'http/allow' }));
  app.all('/{*rest}', (req, res) => {
    res.json({ handled: req.path, decision: (req as unknown as { vigil: { decision_id: string } }).vigil.decision_id });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await engine.close();
});

describe('vigilMiddleware (Express, in-process engine)', () => {
  it('passes allowed requests to the handler with the decision attached', async () => {
    const res = await fetch(`${base}/orders/1`, { headers: { 'x-user': 'ann' } });
    expect(res.status).toBe(200);
    expect((await res.json()).decision).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${base}/orders/1`, { method: 'DELETE', headers: { 'x-user': 'root' } })).status).toBe(200);
  });

  it('answers 403 with the reason for a policy deny, and never reaches the handler', async () => {
    const res = await fetch(`${base}/orders/1`, { method: 'DELETE', headers: { 'x-user': 'ann' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'ACCESS_DENIED', reason: 'denied' });
    expect((await fetch(`${base}/orders/1`)).status).toBe(403);
  });

  it('denies a revoked subject whatever the policy says (subject from the bearer token claims)', async () => {
    engine.enforcer.applyDelta({ v: 1, type: 'revocation', revision: 3, prev: 2, issued_at: Date.now(), put: [{ id: 'r1', kind: 'subject', value: 'root' }], delete: [] });
    const token = `Bearer e30.${Buffer.from(JSON.stringify({ sub: 'root' })).toString('base64url')}.c2ln`;
    const res = await fetch(`${base}/orders/1`, { headers: { 'x-user': 'root', authorization: token } });
    expect(res.status).toBe(403);
    expect((await res.json()).reason).toBe('revoked');
  });

  it('rejects a malformed min revision with 400 and waits for a reachable one', async () => {
    expect((await fetch(`${base}/x`, { headers: { 'x-user': 'ann', 'x-vigil-min-revision': 'abc' } })).status).toBe(400);
    const late = fetch(`${base}/x`, { headers: { 'x-user': 'ann', 'x-vigil-min-revision': '4' } });
    setTimeout(() => engine.enforcer.skip(4), 50);
    expect((await late).status).toBe(200);
  });
});
