/**
 * Reverse-proxy mode for protocol upgrades (WebSocket): the upgrade request is decided like
 * any other request (the policy sees method, path, headers, token claims); a refusal is
 * answered on the raw socket as the proxy answers any request (403 deny, 401 step-up, 429
 * limit) and closes it, and the upstream never sees it. An allowed
 * upgrade is forwarded with the policy's headers, and once the upstream switches protocols
 * the two sockets are piped both ways. The decision covers the connection's start: a
 * revocation that arrives later does not cut an open WebSocket (the service decides per
 * message if it needs that).
 */
import { request as httpRequest, STATUS_CODES, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { httpRequestInput, originOf, type VigilEngine } from '@vigil/agent-sdk';
import { decideOrThrow } from './data-api';
import { agentRefusal, policyHeaders } from './ext-authz';
import { minRevisionOf } from './io';

/** Hop-by-hop headers that are not part of the upgrade handshake itself. */
const DROP = new Set(['keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding']);

function rawResponse(socket: Duplex, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  let extra = '';
  for (const [k, v] of Object.entries(headers)) extra += `${k}: ${v}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${extra}connection: close\r\n\r\n${text}`,
  );
}

function headLines(statusLine: string, rawHeaders: readonly string[]): string {
  let out = `${statusLine}\r\n`;
  for (let i = 0; i < rawHeaders.length; i += 2) out += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${out}\r\n`;
}

export function createUpgradeHandler(engine: VigilEngine, upstream: string, entrypoint: string, agent?: Agent) {
  const target = new URL(upstream);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const base = target.pathname.replace(/\/+$/, '');

  return async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '/';
    let d;
    try {
      d = await decideOrThrow(engine, entrypoint, httpRequestInput(req, url), minRevisionOf(req), originOf(engine, req));
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      rawResponse(socket, status, { code: (e as { code?: string }).code ?? 'INTERNAL', message: status === 500 ? 'internal error; the request is denied' : (e as Error).message });
      return;
    }
    if (!d.allowed) {
      const r = agentRefusal(d);
      rawResponse(socket, r.status, r.body, r.headers);
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !DROP.has(k)) headers[k] = v;
    Object.assign(headers, policyHeaders(d.result), { 'x-vigil-decision-id': d.decision_id, 'x-vigil-revision': String(d.revision), host: target.host });
    const up = send({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: base + url, headers, agent });
    up.on('upgrade', (upRes, upSocket, upHead) => {
      upSocket.on('error', () => socket.destroy());
      socket.on('close', () => upSocket.destroy());
      upSocket.on('close', () => socket.destroy());
      socket.write(headLines(`HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage ?? ''}`, upRes.rawHeaders));
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
    });
    // The upstream refused to switch (a plain answer): relay it and close.
    up.on('response', (upRes) => {
      const raw: string[] = [];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
        if (!/^(connection|content-length|transfer-encoding)$/i.test(upRes.rawHeaders[i])) raw.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
      }
      // The body arrives decoded: it is delimited by closing the connection.
      socket.write(headLines(`HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage ?? ''}`, [...raw, 'connection', 'close']));
      upRes.pipe(socket);
    });
    up.on('error', (e) => rawResponse(socket, 502, { code: 'UPSTREAM_UNAVAILABLE', message: `upstream ${target.host}: ${e.message}` }));
    up.end();
  };
}
