/**
 * End to end on loopback with real processes: two control-plane replicas on one Postgres,
 * agents started as `vigil agent` processes, a demo upstream behind an agent's proxy.
 *   publish → every agent enforces · revoke → the next request is denied · control plane
 *   killed and restarted → agents catch up with nothing lost · agent restarted with the
 *   control plane down → stored bundle until the staleness bound, then `stale` · forged
 *   bundles refused · min_revision waits, then `revision_unavailable`.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateSigningKey, importSigningKey, type Ed25519PrivateJwk } from '@vigil/contracts';
import { bundleFiles, compilePolicy, writeBundle } from '@vigil/rego';
import { createScratchDatabase, type ScratchDatabase } from './test-database';
import { AgentProcess, ControlPlaneProcess, freePort, requireBuild, startReplicas, stopProcesses, waitFor } from './processes';
import { startRogueControlPlane } from './rogue-control-plane';

jest.setTimeout(120_000);

const POLICY_V1 = `package authz

default allow := false

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "admin"
}
`;
const POLICY_V2 = `${POLICY_V1}
allow if input.action == "ping"
`;

let db: ScratchDatabase;
const replicas: ControlPlaneProcess[] = [];
const agents: AgentProcess[] = [];
let upstream: Server;
let upstreamUrl: string;
let keys: unknown;

const jwt = (claims: Record<string, unknown>) => `Bearer e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

async function newAgent(via: ControlPlaneProcess, name: string, extra: string[] = [], controlPlane = via.url): Promise<AgentProcess> {
  const reg = await via.call('POST', '/v1/agents', { name, service: 'demo', labels: { team: 'e2e' } });
  expect(reg.status).toBe(201);
  const agent = new AgentProcess(await freePort(), await freePort(), {
    controlPlane,
    token: reg.body.token,
    trustedKeys: keys,
    dataDir: mkdtempSync(join(tmpdir(), `vigil-${name}-`)),
    upstream: upstreamUrl,
    extra: ['--max-staleness', '3s', '--min-revision-wait', '700ms', '--mask', 'input.password', ...extra],
  });
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  requireBuild();
  db = await createScratchDatabase();
  await startReplicas(replicas, db.url, 2);
  keys = (await replicas[0].call('GET', '/v1/keys')).body;
  upstream = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`upstream saw ${req.method} ${req.url}`);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await stopProcesses(agents, replicas);
  upstream?.close();
  await db?.drop();
});


describe('agents beside services, two control-plane replicas', () => {
  let a1: AgentProcess;
  let a2: AgentProcess;

  it('publish → every agent enforces the new policy (OPA API, AuthZEN, ext_authz, proxy)', async () => {
    const v1 = await replicas[0].call('PUT', '/v1/policies/authz', { source: POLICY_V1 });
    expect(v1.status).toBe(200);
    await replicas[1].call('POST', '/v1/role-bindings', { subject: 'alice', role: 'admin' });
    a1 = await newAgent(replicas[0], 'agent-1');
    a2 = await newAgent(replicas[1], 'agent-2');
    await Promise.all([a1.start(), a2.start()]);

    const v2 = await replicas[1].call('PUT', '/v1/policies/authz', { source: POLICY_V2 });
    expect(v2.status).toBe(200);
    const rev = String(v2.body.revision);
    for (const a of [a1, a2]) {
      const d = await a.decide('authz/allow', { subject: 'bob', action: 'ping' }, { 'x-vigil-min-revision': rev });
      expect(d).toMatchObject({ status: 200, body: { result: true } });
      expect(d.body.revision).toBeGreaterThanOrEqual(v2.body.revision);
      expect((await a.decide('authz/allow', { subject: 'bob', action: 'write' })).body.result).toBe(false);
      expect((await a.decide('authz/allow', { subject: 'alice', action: 'write' })).body.result).toBe(true);
    }
    const authzen = await fetch(`${a1.url}/access/v1/evaluation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: { type: 'user', id: 'alice' }, action: { name: 'write' }, resource: { type: 'doc', id: '1' } }),
    });
    expect((await authzen.json()).decision).toBe(false); // the policy reads input.subject as a string; AuthZEN sends an object
    expect((await fetch(`${a1.url}/ext_authz/orders`, { method: 'GET' })).status).toBe(403);
    const proxied = await fetch(`${a2.proxyUrl}/orders/7`, { headers: { authorization: jwt({ sub: 'alice' }) } });
    expect(proxied.status).toBe(403); // proxy input has no input.subject: the policy denies, the upstream never sees it
  });

  it('revoke → the next request is denied, whatever the policy says (decision API and proxy)', async () => {
    const ok = await a2.decide('authz/allow', { subject: 'alice', action: 'write' });
    expect(ok.body.result).toBe(true);
    const r = await replicas[0].call('POST', '/v1/revocations', { kind: 'subject', value: 'alice', reason: 'e2e' });
    expect(r.status).toBe(200);
    const rev = String(r.body.revision);
    for (const a of [a1, a2]) {
      const d = await a.decide('authz/allow', { subject: 'alice', action: 'write' }, { 'x-vigil-min-revision': rev });
      expect(d.body).toMatchObject({ result: false, reason: 'revoked' });
    }
    const proxied = await fetch(`${a1.proxyUrl}/anything`, { headers: { authorization: jwt({ sub: 'alice' }) } });
    expect(proxied.status).toBe(403);
    expect((await proxied.json()).reason).toBe('revoked');
  });

  it('min_revision waits for a revision that arrives, and denies revision_unavailable for one that does not', async () => {
    const head = (await replicas[0].call('GET', '/v1/revisions?limit=1')).body;
    const next = (a1 ? (await a1.health()).revision : 0) + 1;
    const waiting = a1.decide('authz/allow', { subject: 'bob', action: 'ping' }, { 'x-vigil-min-revision': String(next) });
    await new Promise((r) => setTimeout(r, 100));
    await replicas[1].call('POST', '/v1/role-bindings', { subject: 'carol', role: 'admin' });
    expect((await waiting).body).toMatchObject({ result: true });
    const started = Date.now();
    const never = await a1.decide('authz/allow', { subject: 'bob', action: 'ping' }, { 'x-vigil-min-revision': String(next + 10_000) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(never.body).toMatchObject({ result: false, reason: 'revision_unavailable' });
    expect(head).toBeDefined();
  });

  it('control plane killed and restarted → agents catch up with nothing lost', async () => {
    await replicas[0].proc!.kill('SIGKILL'); // a1's replica
    const subjects = ['dora', 'eve', 'fred'];
    let last = 0;
    for (const s of subjects) last = (await replicas[1].call('POST', '/v1/revocations', { kind: 'subject', value: s })).body.revision;
    await replicas[0].start();
    await waitFor('agent-1 caught up', async () => (await a1.health()).revision >= last, 30_000);
    for (const s of subjects) expect((await a1.decide('authz/allow', { subject: s, action: 'ping' })).body.reason).toBe('revoked');
    expect((await a1.decide('authz/allow', { subject: 'bob', action: 'ping' })).body.result).toBe(true);
    const listed = await replicas[0].call('GET', '/v1/agents');
    const row = listed.body.items.find((x: { name: string }) => x.name === 'agent-1');
    await waitFor('ack recorded', async () => {
      const l = await replicas[0].call('GET', '/v1/agents');
      return (l.body.items.find((x: { name: string }) => x.name === 'agent-1')?.appliedRevision ?? 0) >= last;
    });
    expect(row).toBeDefined();
  });

  it('decision logs reach GET /v1/decisions with masked fields', async () => {
    await a2.decide('authz/allow', { subject: 'bob', action: 'ping', password: 'hunter2' });
    const found = await waitFor('decision logged', async () => {
      const r = await replicas[0].call('GET', '/v1/decisions?limit=200');
      return r.body.items.find((d: { input: { password?: string } }) => d.input?.password !== undefined);
    });
    expect(found.input.password).toBe('**masked**');
    expect(found).toMatchObject({ allowed: true, path: 'authz/allow' });
    expect(found.bundle_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('agent restarted with the control plane down → serves its stored bundle until the staleness bound, then denies stale', async () => {
    await Promise.all(replicas.map((cp) => cp.proc!.kill('SIGKILL')));
    const downAt = Date.now();
    await a2.proc!.kill('SIGKILL');
    await a2.start(false);
    const served = await a2.decide('authz/allow', { subject: 'bob', action: 'ping' });
    expect(Date.now() - downAt).toBeLessThan(3000);
    expect(served.body).toMatchObject({ result: true });
    expect((await a2.health()).status).toBe('degraded');
    await waitFor('stale', async () => (await a2.decide('authz/allow', { subject: 'bob', action: 'ping' })).body.reason === 'stale', 10_000);
    const health = await fetch(`${a2.url}/health`);
    expect(health.status).toBe(503);
    expect((await health.json()).status).toBe('stale');
    for (const cp of replicas) await cp.start();
    await waitFor('fresh again', async () => (await a2.decide('authz/allow', { subject: 'bob', action: 'ping' })).body.result === true, 30_000);
  });

  it('refuses forged bundles loudly: a foreign key, and a genuine signature over a different archive', async () => {
    const compiled = compilePolicy({ modules: [{ path: 'evil.rego', source: 'package authz\n\nallow := true\n' }], entrypoints: ['authz/allow'] });
    const manifest = { revision: '1', roots: [''], wasm: [{ entrypoint: 'authz/allow', module: '/policy.wasm' }] };
    const evil = await writeBundle(bundleFiles({ manifest, wasm: compiled.wasm }));

    const foreign = await startRogueControlPlane({ key: generateSigningKey().signing, signedArchive: evil, sentArchive: evil, manifest });
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const [{ private_jwk }] = (await pg.query('SELECT private_jwk FROM signing_keys WHERE active')).rows as { private_jwk: Ed25519PrivateJwk }[];
    await pg.end();
    const genuineBundle = await replicas[0].call('GET', '/v1/bundles?limit=1');
    expect(genuineBundle.status).toBe(200);
    const swapped = await startRogueControlPlane({ key: importSigningKey(private_jwk), signedArchive: Buffer.from('the archive that was signed'), sentArchive: evil, manifest });
    try {
      for (const rogue of [foreign, swapped]) {
        const victim = await newAgent(replicas[0], `victim-${rogue.url.split(':').pop()}`, [], rogue.url);
        await victim.start(false);
        const h = await waitFor('refusal', async () => {
          const x = await victim.health();
          return x.refused_events > 0 ? x : null;
        });
        expect(h.status).toBe('no_policy');
        expect(h.last_refusal).toMatch(rogue === foreign ? /UNKNOWN_KEY/ : /BUNDLE_HASH_MISMATCH/);
        expect(victim.proc!.log).toMatch(/REFUSED pushed event/);
        const d = await victim.decide('authz/allow', { subject: 'anyone' });
        expect(d.body.result).toBe(false);
        await victim.proc!.kill('SIGTERM');
      }
    } finally {
      await foreign.close();
      await swapped.close();
    }
  });
});
