/**
 * Bundle scopes end to end with real processes: two control-plane replicas on one
 * Postgres, `vigil agent` processes of two services in two scopes. Each agent enforces its
 * own scope's policies; a publish in one scope leaves the other's decisions and bundle as
 * they were (it gets a noop for that revision); an agent restarted while its scope moved on
 * resumes in its scope; a replica restarted under an agent catches it up in its scope; a
 * selector change made through one replica moves an agent connected to the other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from './test-database';
import { AgentProcess, ControlPlaneProcess, freePort, requireBuild, startReplicas, stopProcesses, waitFor } from './processes';

jest.setTimeout(120_000);

const DEFAULT_V1 = `package authz

default allow := false

allow if input.action == "read"
`;
const PAYMENTS_V1 = `package authz

default allow := false

allow if input.action == "pay"
`;
const more = (policy: string, action: string) => `${policy}\nallow if input.action == "${action}"\n`;

let db: ScratchDatabase;
const replicas: ControlPlaneProcess[] = [];
const agents: AgentProcess[] = [];
let keys: unknown;
let orders: AgentProcess;
let payments: AgentProcess;

async function newAgent(via: ControlPlaneProcess, name: string, service: string, controlPlane: string): Promise<AgentProcess> {
  const reg = await via.call('POST', '/v1/agents', { name, service });
  expect(reg.status).toBe(201);
  const agent = new AgentProcess(await freePort(), await freePort(), {
    controlPlane,
    token: reg.body.token,
    trustedKeys: keys,
    dataDir: mkdtempSync(join(tmpdir(), `vigil-${name}-`)),
    extra: ['--max-staleness', '5s', '--min-revision-wait', '5s', '--agent-name', name],
  });
  agents.push(agent);
  return agent;
}

/** The decision once the agent has applied `revision` (the request waits for it). */
async function allowed(agent: AgentProcess, action: string, revision: number): Promise<boolean> {
  const d = await agent.decide('authz/allow', { action }, { 'x-vigil-min-revision': String(revision) });
  expect(d.status).toBe(200);
  expect(d.body.reason).toBeUndefined();
  return d.body.result === true;
}

const sha = async (agent: AgentProcess) => ((await agent.health()) as unknown as { bundle_sha256: string }).bundle_sha256;

beforeAll(async () => {
  requireBuild();
  db = await createScratchDatabase();
  await startReplicas(replicas, db.url, 2);
  keys = (await replicas[0].call('GET', '/v1/keys')).body;
});

afterAll(async () => {
  await stopProcesses(agents, replicas);
  await db?.drop();
});

describe('agents in two bundle scopes, two control-plane replicas', () => {
  let head = 0;

  it('each agent enforces its own scope\'s policies', async () => {
    expect((await replicas[0].call('PUT', '/v1/policies/authz', { source: DEFAULT_V1 })).status).toBe(200);
    expect((await replicas[1].call('PUT', '/v1/bundle-scopes/payments', { services: ['payments'] })).status).toBe(200);
    const p = await replicas[0].call('PUT', '/v1/policies/payments.authz', { source: PAYMENTS_V1, bundleScope: 'payments' });
    expect(p.status).toBe(200);
    head = p.body.revision;
    orders = await newAgent(replicas[0], 'orders-1', 'orders', replicas[0].url);
    payments = await newAgent(replicas[0], 'payments-1', 'payments', replicas[1].url);
    await Promise.all([orders.start(), payments.start()]);
    expect(await allowed(orders, 'read', head)).toBe(true);
    expect(await allowed(orders, 'pay', head)).toBe(false);
    expect(await allowed(payments, 'pay', head)).toBe(true);
    expect(await allowed(payments, 'read', head)).toBe(false);
    expect(payments.proc!.log).toMatch(/"msg":"synchronising with control plane".*"scope":"payments"/);
  });

  it('a publish in one scope changes its agents\' decisions and not the other scope\'s', async () => {
    const ordersSha = await sha(orders);
    const p2 = await replicas[0].call('PUT', '/v1/policies/payments.authz', { source: more(PAYMENTS_V1, 'refund') });
    expect(p2.body.bundles).toEqual([expect.objectContaining({ scope: 'payments' })]);
    head = p2.body.revision;
    expect(await allowed(payments, 'refund', head)).toBe(true); // through replica B
    expect(await allowed(orders, 'refund', head)).toBe(false);
    expect(await allowed(orders, 'read', head)).toBe(true);
    expect(await sha(orders)).toBe(ordersSha); // a noop at that revision: same bundle

    const paymentsSha = await sha(payments);
    const d2 = await replicas[1].call('PUT', '/v1/policies/authz', { source: more(DEFAULT_V1, 'list') });
    head = d2.body.revision;
    expect(await allowed(orders, 'list', head)).toBe(true);
    expect(await allowed(payments, 'list', head)).toBe(false);
    expect(await sha(payments)).toBe(paymentsSha);
  });

  it('an agent restarted after both scopes moved on resumes in its scope', async () => {
    await payments.proc!.kill('SIGKILL');
    const p3 = await replicas[0].call('PUT', '/v1/policies/payments.authz', { source: more(more(PAYMENTS_V1, 'refund'), 'void') });
    const d3 = await replicas[1].call('PUT', '/v1/policies/authz', { source: more(more(DEFAULT_V1, 'list'), 'ship') });
    head = d3.body.revision;
    await payments.start(); // a new process: its own log
    expect(await allowed(payments, 'void', head)).toBe(true);
    expect(await allowed(payments, 'ship', head)).toBe(false);
    expect(await sha(payments)).toBe(p3.body.bundles[0].sha256);
    expect(payments.proc!.log).toMatch(/"msg":"synchronising with control plane","mode":"resume".*"scope":"payments"/);
  });

  it('a replica killed and restarted under an agent catches it up in its scope', async () => {
    await replicas[1].proc!.kill('SIGKILL'); // the payments agent's replica
    const p4 = await replicas[0].call('PUT', '/v1/policies/payments.authz', { source: more(more(more(PAYMENTS_V1, 'refund'), 'void'), 'chargeback') });
    const d4 = await replicas[0].call('PUT', '/v1/policies/authz', { source: more(more(more(DEFAULT_V1, 'list'), 'ship'), 'track') });
    head = d4.body.revision;
    expect(await allowed(orders, 'track', head)).toBe(true);
    await replicas[1].start();
    await waitFor('payments agent caught up', async () => (await payments.health()).revision >= head, 30_000);
    expect(await allowed(payments, 'chargeback', head)).toBe(true);
    expect(await allowed(payments, 'track', head)).toBe(false);
    expect(await sha(payments)).toBe(p4.body.bundles[0].sha256);
    expect(await allowed(orders, 'chargeback', head)).toBe(false);
  });

  it('a selector change made through one replica moves an agent connected to the other', async () => {
    const moved = await replicas[1].call('PUT', '/v1/bundle-scopes/payments', { services: ['payments', 'orders'] });
    expect(moved.status).toBe(200);
    head = moved.body.revision;
    expect(await allowed(orders, 'chargeback', head)).toBe(true); // orders-1 is on replica A
    expect(await allowed(orders, 'read', head)).toBe(false);
    const listed = await replicas[0].call('GET', '/v1/agents');
    expect(listed.body.items.map((a: { name: string; bundleScope: string }) => [a.name, a.bundleScope])).toEqual([
      ['orders-1', 'payments'],
      ['payments-1', 'payments'],
    ]);
    const back = await replicas[0].call('PUT', '/v1/bundle-scopes/payments', { services: ['payments'] });
    head = back.body.revision;
    expect(await allowed(orders, 'read', head)).toBe(true);
    expect(await allowed(payments, 'pay', head)).toBe(true);
    for (const a of [orders, payments]) expect((await a.health()).refused_events).toBe(0);
  });
});
