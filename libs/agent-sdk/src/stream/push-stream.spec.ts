/**
 * The agent's side of the protocol against a scripted peer: a real socket.io server on
 * `/agents` that signs what it pushes with a test key (the control plane's own gateway
 * is covered by apps/control-plane/src/distribution and the e2e suites).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { AGENTS_NAMESPACE, generateSigningKey, importTrustedKeys, signEvent, type HelloPayload, type PushedEvent } from '@vigil/contracts';
import { encodeDecisionBatch } from '../decision-log/decision-logger';
import { Enforcer } from '../engine/enforcer';
import { JitteredBackoff } from './backoff';
import { PushStream } from './push-stream';

const key = generateSigningKey();
const keys = importTrustedKeys([key.publicJwk]);
let http: HttpServer;
let io: Server;
let url: string;
const hellos: HelloPayload[] = [];
/** What the peer's decision-log handler does: a current control plane takes bytes, an older one only objects. */
let peerTakesBytes = true;
const batchesReceived: { bytes: boolean; batch: { batch_id: string; entries: unknown[] } }[] = [];
let peer: Socket | null = null;

const revocation = (revision: number, prev: number, value: string): PushedEvent => ({
  v: 1,
  type: 'revocation',
  revision,
  prev,
  issued_at: Date.now(),
  put: [{ id: `r-${value}`, kind: 'subject', value }],
  delete: [],
});

beforeAll(async () => {
  http = createServer();
  io = new Server(http);
  io.of(AGENTS_NAMESPACE).on('connection', (socket) => {
    peer = socket;
    socket.on('hello', (h: HelloPayload, reply: (r: unknown) => void) => {
      hellos.push(h);
      reply({ mode: 'resume', head: h.applied_revision, replica: 'peer' });
    });
    socket.on('decisions', (body: unknown, reply: (r: unknown) => void) => {
      const bytes = Buffer.isBuffer(body);
      if (bytes && !peerTakesBytes) return reply({ error: { code: 'INVALID_EVENT', message: 'INVALID_EVENT: batch.batch_id: expected a non-empty string' } });
      const batch = bytes ? JSON.parse(body.toString('utf8')) : body;
      batchesReceived.push({ bytes, batch });
      reply({ accepted: batch.entries.length });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => io.close(() => r())));

async function until(fn: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PushStream', () => {
  const enforcer = new Enforcer({ maxStalenessMs: 1000 });
  let stream: PushStream;

  beforeAll(async () => {
    stream = new PushStream(enforcer, { controlPlane: url, token: 't', trustedKeys: keys, loadBundle: () => Promise.reject(new Error('no bundles here')), backoff: new JitteredBackoff(10, 50) });
    stream.start();
    await until(() => hellos.length === 1, 'hello');
  });
  afterAll(() => stream.close());

  it('applies revisions in order, ignores duplicates, and refuses forged events loudly', async () => {
    peer!.emit('revocation', signEvent(revocation(1, 0, 'alice'), key.signing));
    peer!.emit('revocation', signEvent(revocation(1, 0, 'alice'), key.signing)); // duplicate
    peer!.emit('revocation', signEvent(revocation(2, 1, 'bob'), generateSigningKey().signing)); // forged
    await until(() => stream.refusedEvents === 1, 'refusal');
    expect(enforcer.applied).toBe(1);
    expect(stream.lastRefusal).toMatch(/UNKNOWN_KEY/);
    expect(enforcer.decideNow('x', { subject: 'bob' }).reason).not.toBe('revoked');
  });

  it('resumes with hello on a gap instead of applying out of order', async () => {
    const before = hellos.length;
    peer!.emit('revocation', signEvent(revocation(5, 4, 'carol'), key.signing));
    await until(() => hellos.length > before, 'resume hello');
    expect(hellos[hellos.length - 1].applied_revision).toBe(1);
    expect(enforcer.applied).toBe(1);
  });

  it('confirms freshness from a heartbeat at or below applied, never later than it was issued', async () => {
    peer!.emit('heartbeat', signEvent({ v: 1, type: 'heartbeat', head: 1, issued_at: Date.now() - 5000 }, key.signing)); // replayed
    await new Promise((r) => setTimeout(r, 50));
    expect(enforcer.lease.isFresh()).toBe(false);
    peer!.emit('heartbeat', signEvent({ v: 1, type: 'heartbeat', head: 1, issued_at: Date.now() }, key.signing));
    await until(() => enforcer.lease.isFresh(), 'fresh');
    expect(stream.state).toBe('live');
  });

  it('refuses an old snapshot that would roll revisions back', async () => {
    const refused = stream.refusedEvents;
    const old = { v: 1 as const, type: 'snapshot' as const, revision: 0, issued_at: Date.now() - 60_000, bundle: null, data: [], role_bindings: [], revocations: [] };
    peer!.emit('snapshot', signEvent(old, key.signing), null);
    await until(() => stream.refusedEvents > refused, 'refusal');
    expect(stream.lastRefusal).toMatch(/replayed rollback/);
    expect(enforcer.decideNow('x', { subject: 'alice' }).reason).toBe('revoked');
  });

  it('sends decision-log batches as bytes, and as objects to a control plane that predates them', async () => {
    const batch = (id: string) => encodeDecisionBatch({ batch_id: id, dropped: 0, entries: [] });
    await until(() => stream.connected, 'connected');
    expect(await stream.sendDecisions(batch('b1'))).toBe(true);
    peerTakesBytes = false;
    expect(await stream.sendDecisions(batch('b2'))).toBe(true);
    expect(await stream.sendDecisions(batch('b3'))).toBe(true);
    expect(batchesReceived.map((b) => [b.batch.batch_id, b.bytes])).toEqual([
      ['b1', true],
      ['b2', false],
      ['b3', false],
    ]);
    peerTakesBytes = true;
  });
});
