/**
 * Distribution against a real Postgres with two control-plane replicas (in this process,
 * each its own Nest app, port and pool) and real agent engines over socket.io: changes
 * made through one replica reach agents on the other, revocations deny on the next
 * request, resume after a disconnect loses nothing, credential revocation disconnects,
 * decision logs land in GET /v1/decisions, acks show in GET /v1/agents.
 */
import { importTrustedKeys, type TrustedKeys } from '@vigil/contracts';
import { VigilEngine, jsonLineLogger, silentLogger } from '@vigil/agent-sdk';
import { ADMIN_KEY as ADMIN, TestControlPlane, until } from '../../test/control-plane-harness';
import { RevisionsService } from '../revisions/revisions.service';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';

jest.setTimeout(60_000);
// Two replicas need a real Postgres; the local server is the default outside CI. The
// environment is put back afterwards so other suites in this worker see it unchanged.
const savedEnv = { postgres: process.env.VIGIL_TEST_POSTGRES_URL };
process.env.VIGIL_TEST_POSTGRES_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

let db: TestDatabase;
const replicas: TestControlPlane[] = [];
const urls: string[] = [];
let keys: TrustedKeys;
const engines: VigilEngine[] = [];

const RBAC = `package authz

default allow := false

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "admin"
}

allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == "reader"
  input.action == "read"
}
`;

async function startReplica(): Promise<string> {
  const cp = await TestControlPlane.start(db, { VIGIL_DB_POOL_SIZE: '4', VIGIL_HEARTBEAT_MS: '200' });
  replicas.push(cp);
  urls.push(cp.url);
  return cp.url;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read ad hoc by tests and benches
async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function registerAgent(base: string, name: string): Promise<{ id: string; token: string }> {
  const r = await api(base, 'POST', '/v1/agents', { name, service: 'orders', labels: { env: 'test' } });
  expect(r.status).toBe(201);
  return { id: r.body.agent.id, token: r.body.token };
}

async function engineFor(base: string, token: string, opts: { maxStalenessMs?: number } = {}): Promise<VigilEngine> {
  const e = await VigilEngine.create({ controlPlane: base, token, trustedKeys: keys, logger: process.env.DEBUG_AGENT ? jsonLineLogger('agent') : silentLogger, maxStalenessMs: opts.maxStalenessMs ?? 5000, decisionLog: { flushIntervalMs: 50 } });
  engines.push(e);
  e.start();
  return e;
}

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  await startReplica();
  await startReplica();
  keys = importTrustedKeys((await api(urls[0], 'GET', '/v1/keys')).body);
});

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  for (const cp of replicas) await cp.close();
  await db?.drop();
  for (const [name, value] of [['VIGIL_TEST_POSTGRES_URL', savedEnv.postgres]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('push distribution across two replicas', () => {
  it('a revocation made through replica A denies the next request at an agent on replica B', async () => {
    const { token } = await registerAgent(urls[0], 'agent-b1');
    const engine = await engineFor(urls[1], token);
    await until('agent live and fresh', () => engine.health().stream === 'live' && engine.enforcer.lease.isFresh());
    expect(engine.enforcer.decideNow('authz/allow', { subject: 'alice' }).reason).toBe('no_policy');

    const r = await api(urls[0], 'POST', '/v1/revocations', { kind: 'subject', value: 'alice', reason: 'left the company' });
    expect(r.status).toBe(200);
    const revision: number = r.body.revision;
    await until('revocation applied', () => engine.enforcer.applied >= revision);
    const d = engine.enforcer.decideNow('authz/allow', { subject: 'alice' });
    expect(d).toMatchObject({ allowed: false, reason: 'revoked', revision });
    expect(engine.enforcer.decideNow('authz/allow', { subject: 'bob' }).reason).toBe('no_policy');
  });

  it('an agent that was away resumes from its revision and misses nothing', async () => {
    const { token } = await registerAgent(urls[0], 'agent-resume');
    const engine = await engineFor(urls[0], token);
    await until('live', () => engine.health().stream === 'live');
    engine.stream.close();
    const revs: number[] = [];
    for (const v of ['carol', 'dave', 'erin']) revs.push((await api(urls[1], 'POST', '/v1/revocations', { kind: 'session', value: v })).body.revision);

    const again = await engineFor(urls[1], token);
    again.enforcer.restore(engine.enforcer.snapshot(), null); // the same agent, restarted with its state
    await until('caught up', () => again.enforcer.applied >= revs[2]);
    for (const v of ['carol', 'dave', 'erin']) expect(again.enforcer.decideNow('x', { session: v }).reason).toBe('revoked');
  });

  it('shows acks as applied revision and lag, and takes decision logs into GET /v1/decisions', async () => {
    const { id, token } = await registerAgent(urls[1], 'agent-acks');
    const engine = await engineFor(urls[0], token);
    await until('live', () => engine.health().stream === 'live');
    const head = (await api(urls[0], 'POST', '/v1/revocations', { kind: 'token_id', value: 'jti-77' })).body.revision;
    await until('applied', () => engine.enforcer.applied >= head);
    const d = engine.enforcer.decideNow('authz/allow', { jti: 'jti-77', password: 'x' });
    const statuses = await until('ack recorded', async () => {
      const s = (await api(urls[1], 'GET', '/v1/distribution/agents')).body as { id: string; applied_revision: number; lag: number; state: string }[];
      const mine = s.find((a) => a.id === id);
      return mine && mine.applied_revision >= head ? mine : null;
    });
    expect(statuses).toMatchObject({ state: 'connected' });
    // GET /v1/agents tells the same, from either replica: registration, connection and lag in one view.
    for (const base of urls) {
      const agent = (await api(base, 'GET', `/v1/agents/${id}`)).body;
      expect(agent).toMatchObject({ status: 'current', lag: 0, connection: { state: 'connected', replica: expect.any(String) } });
      expect(agent.appliedRevision).toBeGreaterThanOrEqual(head);
      const listed = (await api(base, 'GET', '/v1/agents?limit=200')).body.items.find((a: { id: string }) => a.id === id);
      expect(listed.connection.state).toBe('connected');
    }
    const listed = await until('decision stored', async () => {
      const r = await api(urls[1], 'GET', `/v1/decisions?agent_id=${id}`);
      return r.body.items.length > 0 ? r.body : null;
    });
    expect(listed.items[0]).toMatchObject({ decision_id: d.decision_id, allowed: false, reason: 'revoked', revision: head, path: 'authz/allow' });
    const metrics = await (await fetch(`${urls[0]}/metrics`)).text();
    expect(metrics).toMatch(/vigil_agent_drift_revisions\{agent="agent-acks"\} \d+/);
  });

  it('disconnects a deregistered agent at once and refuses its reconnect', async () => {
    const { id, token } = await registerAgent(urls[0], 'agent-doomed');
    const engine = await engineFor(urls[1], token);
    await until('live', () => engine.health().stream === 'live');
    const r = await api(urls[0], 'DELETE', `/v1/agents/${id}`);
    expect(r.status).toBe(200);
    await until('disconnected', () => engine.stream.state === 'connecting' && /AGENT_REVOKED|UNAUTHORIZED/.test(engine.stream.lastConnectError ?? ''));
  });

  it('publishing a policy reaches every agent; role bindings and revocations apply on top without a new bundle', async () => {
    const a = await registerAgent(urls[0], 'agent-policy-a');
    const b = await registerAgent(urls[1], 'agent-policy-b');
    const ea = await engineFor(urls[0], a.token);
    const eb = await engineFor(urls[1], b.token);
    await until('live', () => ea.health().stream === 'live' && eb.health().stream === 'live');
    const put = await api(urls[0], 'PUT', '/v1/policies/authz', { source: RBAC });
    expect(put.status).toBe(200);
    const published: number = put.body.revision;
    for (const e of [ea, eb]) await until('bundle installed', () => e.enforcer.applied >= published && e.enforcer.bundleSha256 !== null);
    const sha = ea.enforcer.bundleSha256;
    expect(eb.enforcer.bundleSha256).toBe(sha);
    expect(ea.enforcer.decideNow('authz/allow', { subject: 'frank', action: 'read' })).toMatchObject({ allowed: false, reason: null, result: false });

    const bind = await api(urls[1], 'POST', '/v1/role-bindings', { subject: 'frank', role: 'reader' });
    expect(bind.status).toBeLessThan(300);
    for (const e of [ea, eb]) await until('binding applied', () => e.enforcer.applied >= bind.body.revision);
    for (const e of [ea, eb]) {
      expect(e.enforcer.decideNow('authz/allow', { subject: 'frank', action: 'read' })).toMatchObject({ allowed: true, result: true, bundle_sha256: sha });
      expect(e.enforcer.decideNow('authz/allow', { subject: 'frank', action: 'write' }).allowed).toBe(false);
    }
    expect(ea.enforcer.bundleSha256).toBe(sha); // no recompile, no new bundle

    const revoke = await api(urls[0], 'POST', '/v1/revocations', { kind: 'subject', value: 'frank' });
    await until('revocation applied', () => eb.enforcer.applied >= revoke.body.revision);
    expect(eb.enforcer.decideNow('authz/allow', { subject: 'frank', action: 'read' })).toMatchObject({ allowed: false, reason: 'revoked' });
    expect(() => eb.enforcer.decideNow('authz/nope', {})).toThrow(/UNKNOWN_ENTRYPOINT/);
  });

  it('rotating a token disconnects connections made with the old one; the new one connects', async () => {
    const { id, token } = await registerAgent(urls[0], 'agent-rotated');
    const old = await engineFor(urls[1], token);
    await until('live', () => old.health().stream === 'live');
    const r = await api(urls[0], 'POST', `/v1/agents/${id}/token`);
    expect(r.status).toBe(201);
    expect(r.body.token).not.toBe(token);
    await until('old connection closed and refused', () => old.stream.state === 'connecting' && /AGENT_REVOKED|UNAUTHORIZED/.test(old.stream.lastConnectError ?? ''));
    const fresh = await engineFor(urls[1], r.body.token);
    await until('new token live', () => fresh.health().stream === 'live');
  });

  it('fans out without reading the log for its own commits, and one page per wake-up for the other replica\'s', async () => {
    const { token } = await registerAgent(urls[0], 'agent-fanout');
    const engine = await engineFor(urls[0], token);
    await until('live', () => engine.health().stream === 'live');
    const reads = [0, 1].map((i) => jest.spyOn(replicas[i].app.get(RevisionsService), 'after'));
    let last = 0;
    for (const v of ['f1', 'f2', 'f3', 'f4', 'f5']) last = (await api(urls[0], 'POST', '/v1/revocations', { kind: 'subject', value: v })).body.revision;
    await until('all five applied', () => engine.enforcer.applied >= last);
    for (const v of ['f1', 'f5']) expect(engine.enforcer.decideNow('authz/allow', { subject: v }).reason).toBe('revoked');
    expect(reads[0]).not.toHaveBeenCalled(); // replica A committed them: pushed from memory
    // Replica B learnt of them by NOTIFY: at most one read per revision, never a read that comes back empty.
    await until('replica B caught up', async () => reads[1].mock.calls.length > 0);
    const results = await Promise.all(reads[1].mock.results.map((r) => r.value as Promise<unknown[]>));
    expect(results.length).toBeLessThanOrEqual(5);
    for (const rows of results) expect(rows.length).toBeGreaterThan(0);
    reads.forEach((r) => r.mockRestore());
  });

  it('keeps heartbeats going while its replica commits without pause (the lease never lapses under writes)', async () => {
    const { token } = await registerAgent(urls[0], 'agent-busy');
    const engine = await engineFor(urls[0], token, { maxStalenessMs: 1000 });
    await until('live', () => engine.health().stream === 'live');
    // Thirty-two writers back to back for 3 s: group commit always has a batch in flight.
    const end = Date.now() + 3000;
    let writes = 0;
    const writer = async (w: number) => {
      for (let i = 0; Date.now() < end; i++) {
        expect((await api(urls[0], 'POST', '/v1/role-bindings', { subject: `busy-${w}-${i}`, role: 'reader' })).status).toBe(200);
        writes++;
      }
    };
    const stale: string[] = [];
    const sampler = setInterval(() => {
      const reason = engine.enforcer.decideNow('authz/allow', { subject: 'nobody' }).reason;
      if (reason === 'stale') stale.push(new Date().toISOString());
    }, 50);
    try {
      await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
    } finally {
      clearInterval(sampler);
    }
    expect(writes).toBeGreaterThan(20);
    expect(stale).toEqual([]);
  });

  it('refuses unknown tokens at connect', async () => {
    const engine = await engineFor(urls[0], 'vga_not_a_real_token');
    await until('refused', () => engine.stream.lastConnectError === 'UNAUTHORIZED');
  });
});
