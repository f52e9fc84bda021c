/** Answers written at the end of the event-loop turn: each reaches its own request, in order on a connection, and a gone client costs nothing. */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJsonTextSoon } from './io';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      if (req.url!.startsWith('/slow')) setTimeout(() => sendJsonTextSoon(res, `{"n":${n},"text":"zürich"}`), 20);
      else sendJsonTextSoon(res, `{"n":${n},"text":"zürich"}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((r) => server.close(r)));

describe('sendJsonTextSoon', () => {
  it('answers every one of many concurrent requests with its own text, status and exact length', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, n) => {
        const res = await fetch(`http://127.0.0.1:${port}/?n=${n}`, { method: 'POST', body: '{}' });
        return { status: res.status, type: res.headers.get('content-type'), length: Number(res.headers.get('content-length')), body: Buffer.from(await res.arrayBuffer()) };
      }),
    );
    answers.forEach((a, n) => {
      expect(a.status).toBe(200);
      expect(a.type).toBe('application/json');
      expect(a.length).toBe(a.body.length);
      expect(JSON.parse(a.body.toString('utf8'))).toEqual({ n, text: 'zürich' });
    });
  });

  it('keeps going when a client left before its answer was written', async () => {
    const gone = request({ port, host: '127.0.0.1', path: '/slow?n=1', method: 'POST' });
    gone.on('error', () => undefined);
    gone.end('{}');
    await new Promise((r) => setTimeout(r, 5));
    gone.destroy();
    await new Promise((r) => setTimeout(r, 40));
    const res = await fetch(`http://127.0.0.1:${port}/?n=2`, { method: 'POST', body: '{}' });
    expect(await res.json()).toEqual({ n: 2, text: 'zürich' });
  });

  it('answers requests sharing one keep-alive connection in order', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const one = (n: number) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', path: `/?n=${n}`, method: 'POST', agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end('{}');
      });
    const texts = await Promise.all([0, 1, 2, 3, 4].map(one));
    agent.destroy();
    expect(texts.map((t) => (JSON.parse(t) as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
  });
});
