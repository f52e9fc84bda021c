/**
 * WebSocket (and any protocol upgrade) through the agent's reverse proxy: a real engine with a
 * real compiled policy in front of a real upstream that switches protocols and echoes.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { generateSigningKey, importTrustedKeys } from '@vigil/contracts';
import { VigilEngine, silentLogger } from '@vigil/agent-sdk';
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import type { AgentConfig } from '../config';
import { createProxyServer } from './agent-server';
import { AgentMetrics } from './metrics';

const POLICY = `package http
default allow := false
allow if input.attributes.request.http.headers["x-user"] == "alice"
allow := {"challenge": {"acr_values": "mfa"}, "reasons": ["step up"]} if input.attributes.request.http.headers["x-user"] == "bob"
`;

let upstream: Server;
let proxy: Server;
let engine: VigilEngine;
const seenByUpstream: IncomingMessage[] = [];
const upstreamSockets: Duplex[] = [];

const port = (s: Server) => (s.address() as AddressInfo).port;
const listen = (s: Server) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));

beforeAll(async () => {
  upstream = createServer((req, res) => res.end('plain'));
  upstream.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    seenByUpstream.push(req);
    upstreamSockets.push(socket);
    if (req.headers['x-refuse']) {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 6\r\n\r\nno way');
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\n\r\n');
    socket.on('data', (b: Buffer) => socket.write(`echo:${b.toString()}`));
  });
  await listen(upstream);
  const policy = await RegoPolicy.load(compilePolicy({ modules: [{ path: 'http.rego', source: POLICY }], entrypoints: ['http/allow'] }).wasm);
  engine = await VigilEngine.create({ controlPlane: 'http://127.0.0.1:1', token: 'unused', trustedKeys: importTrustedKeys([generateSigningKey().publicJwk]), decisionLog: { enabled: false } });
  engine.enforcer.installBundle({ sha256: 'b'.repeat(64), manifest: { revision: '1', roots: [''] }, policy, baseData: {} }, 1);
  engine.enforcer.heartbeat(1);
  const config = { upstream: `http://127.0.0.1:${port(upstream)}`, proxyEntrypoint: 'http/allow' } as AgentConfig;
  proxy = createProxyServer(engine, config, new AgentMetrics(), silentLogger);
  await listen(proxy);
});

afterAll(async () => {
  await engine.close();
  upstreamSockets.forEach((s) => s.destroy());
  for (const s of [proxy, upstream]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Sends an upgrade request through the proxy: the switched socket, or the plain answer. */
function upgrade(headers: Record<string, string>): Promise<{ socket: Duplex; res: IncomingMessage } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port(proxy), path: '/chat?room=1', headers: { connection: 'Upgrade', upgrade: 'echo', ...headers } });
    req.on('upgrade', (res, socket) => resolve({ socket, res }));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('reverse proxy: protocol upgrades', () => {
  it('authorizes the upgrade request, then pipes both ways', async () => {
    const r = await upgrade({ 'x-user': 'alice' });
    if (!('socket' in r)) throw new Error(`expected an upgrade, got ${r.status} ${r.body}`);
    expect(r.res.statusCode).toBe(101);
    const echoed = new Promise<string>((res) => r.socket.once('data', (b: Buffer) => res(b.toString())));
    r.socket.write('hello');
    expect(await echoed).toBe('echo:hello');
    r.socket.destroy();
    const seen = seenByUpstream[seenByUpstream.length - 1];
    expect(seen.url).toBe('/chat?room=1');
    expect(seen.headers['x-vigil-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers.upgrade).toBe('echo');
  });

  it('answers 403 to a denied upgrade, which never reaches the upstream', async () => {
    const before = seenByUpstream.length;
    const r = await upgrade({ 'x-user': 'mallory' });
    expect('status' in r && r.status).toBe(403);
    expect(JSON.parse((r as { body: string }).body)).toMatchObject({ allowed: false, reason: 'denied' });
    expect(seenByUpstream.length).toBe(before);
  });

  it('answers a step-up challenge as the proxy does: 401 with WWW-Authenticate', async () => {
    const before = seenByUpstream.length;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: port(proxy), path: '/chat', headers: { connection: 'Upgrade', upgrade: 'echo', 'x-user': 'bob' } });
      req.on('response', resolve);
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    let body = '';
    for await (const c of res) body += (c as Buffer).toString();
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('acr_values="mfa"');
    expect(JSON.parse(body)).toMatchObject({ allowed: false, code: 'STEP_UP_REQUIRED', outcome: 'challenge', reasons: ['step up'] });
    expect(seenByUpstream.length).toBe(before);
  });

  it('relays an upstream that declines to switch', async () => {
    const r = await upgrade({ 'x-user': 'alice', 'x-refuse': '1' });
    expect(r).toEqual({ status: 400, body: 'no way' });
  });

  it('denies a revoked subject even when the policy would allow', async () => {
    engine.enforcer.applyDelta({ v: 1, type: 'revocation', revision: 2, prev: 1, issued_at: 0, put: [{ id: 'r1', kind: 'service', value: 'evil' }], delete: [] });
    engine.enforcer.heartbeat(2);
    const r = await upgrade({ 'x-user': 'alice', 'x-vigil-service': 'evil' });
    expect('status' in r && r.status).toBe(403);
  });
});
