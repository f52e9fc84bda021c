/**
 * The agent's HTTP surfaces before any policy arrives (control plane unreachable): every
 * bad input gets a clear 4xx, and nothing is ever allowed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@vigil/contracts';
import { silentLogger } from '@vigil/agent-sdk';
import { resolveConfig } from '../config';
import { startAgent, type RunningAgent } from '../agent';

let agent: RunningAgent;
let base: string;

beforeAll(async () => {
  const config = resolveConfig(
    {
      controlPlane: 'http://127.0.0.1:1', // nothing listens: the agent stays disconnected
      token: 'vat_test',
      trustedKeys: JSON.stringify(generateSigningKey().publicJwk),
      listen: '127.0.0.1:0',
      dataDir: mkdtempSync(join(tmpdir(), 'vigil-agent-')),
      maxBody: '1k',
      decisionLog: 'off',
    },
    {},
  );
  agent = await startAgent(config, silentLogger);
  base = `http://127.0.0.1:${agent.api.port}`;
});

afterAll(() => agent.close());

const post = (path: string, body: string, type: string | null = 'application/json', headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', body, headers: { ...(type ? { 'content-type': type } : {}), ...headers } });

describe('agent HTTP surfaces without a policy', () => {
  it('denies (never allows) with the reason, revision and a decision id', async () => {
    const res = await post('/v1/data/authz/allow', JSON.stringify({ input: { user: 'alice' } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ result: false, revision: 0, reason: 'stale' });
    expect(body.decision_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400 for malformed JSON, 415 for a wrong content type, 413 for an oversized body', async () => {
    expect((await post('/v1/data/authz/allow', '{"input": ')).status).toBe(400);
    const wrongType = await post('/v1/data/authz/allow', JSON.stringify({ input: {} }), 'text/plain');
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await post('/v1/data/authz/allow', JSON.stringify({ input: { pad: 'x'.repeat(2000) } }));
    expect(big.status).toBe(413);
    expect((await post('/v1/data/authz/allow', '[1,2]')).status).toBe(400);
  });

  it('answers 404 for unknown paths and the bare data document, 405 for wrong methods', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await post('/v1/data', '{}')).status).toBe(404);
    expect((await fetch(`${base}/v1/data/authz/allow`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/access/v1/evaluation`)).status).toBe(405);
  });

  it('validates min_revision and AuthZEN requests', async () => {
    const bad = await post('/v1/data/authz/allow', '{}', 'application/json', { 'x-vigil-min-revision': 'soon' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('INVALID_MIN_REVISION');
    expect((await post('/access/v1/evaluation', JSON.stringify({ subject: { id: 'alice' } }))).status).toBe(400);
    const ok = await post('/access/v1/evaluation', JSON.stringify({ subject: { type: 'user', id: 'alice' }, action: { name: 'read' }, resource: { type: 'doc', id: '1' } }));
    expect(await ok.json()).toMatchObject({ decision: false, context: { reason: { code: 'stale' } } });
  });

  it('denies ext_authz with 403 and reports health as no_policy (503)', async () => {
    const res = await fetch(`${base}/ext_authz/orders/1`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-vigil-decision-id')).toBeTruthy();
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'no_policy', revision: 0 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/vigil_agent_decisions_total\{outcome="stale"\} \d+/);
    expect(metrics).toMatch(/vigil_agent_bad_requests_total \d+/);
  });
});
