/**
 * Reverse-proxy mode: a listener in front of `--upstream` that decides every request and
 * forwards only allowed ones (body streamed, never buffered). A refusal is answered by the
 * agent (403 deny, 401 step-up challenge, 429 limit); the upstream never sees it.
 */
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { originOf, type VigilEngine } from '@vigil/agent-sdk';
import { decideOrThrow } from './data-api';
import { policyHeaders, sendRefusal } from './ext-authz';
import { minRevisionOf, sendJson } from './io';
import { httpRequestInput } from '@vigil/agent-sdk';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export function createProxyHandler(engine: VigilEngine, upstream: string, entrypoint: string) {
  const target = new URL(upstream);
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const base = target.pathname.replace(/\/+$/, '');

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const d = await decideOrThrow(engine, entrypoint, httpRequestInput(req, url), minRevisionOf(req), originOf(engine, req));
    if (!d.allowed) {
      req.resume();
      sendRefusal(res, d);
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    Object.assign(headers, policyHeaders(d.result), { 'x-vigil-decision-id': d.decision_id, 'x-vigil-revision': String(d.revision), host: target.host });
    await new Promise<void>((resolve) => {
      const up = send({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: base + url, headers, agent }, (upRes) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('end', resolve);
        upRes.on('error', resolve);
      });
      up.on('error', (e) => {
        if (!res.headersSent) sendJson(res, 502, { code: 'UPSTREAM_UNAVAILABLE', message: `upstream ${target.host}: ${e.message}` });
        else res.destroy();
        resolve();
      });
      req.pipe(up);
    });
  };
}
