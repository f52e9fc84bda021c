/**
 * The agent's HTTP surfaces on raw node:http: a switch on the path, no framework, because
 * the decision is microseconds and the HTTP layer must not dominate it.
 *   /v1/data/{path}            OPA-compatible decisions
 *   /access/v1/evaluation(s)   AuthZEN
 *   /ext_authz/...             Envoy ext_authz (HTTP)
 *   /health, /metrics
 * The reverse proxy gets its own listener (createProxyServer) so upstream paths never
 * collide with the agent's own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EngineLogger, VigilEngine } from '@vigil/agent-sdk';
import type { AgentConfig } from '../config';
import { handleEvaluation, handleEvaluations } from './authzen';
import { handleData, handleDataPost } from './data-api';
import { EXT_AUTHZ_PREFIX, handleExtAuthz } from './ext-authz';
import { HttpError } from './http-error';
import { sendError, sendJson } from './io';
import type { AgentMetrics } from './metrics';
import { createProxyHandler } from './proxy';
import { createUpgradeHandler } from './proxy-upgrade';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Answers a failed request: its HttpError, or a 500 that denies (never a silent allow). */
function failRequest(res: ServerResponse, e: unknown, metrics: AgentMetrics, log: EngineLogger): void {
  if (e instanceof HttpError) {
    metrics.badRequests++;
    if (!res.headersSent) sendError(res, e);
    return;
  }
  log.error('request failed', { error: (e as Error).stack ?? String(e) });
  if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: 'internal error; the request is denied' });
  else res.destroy();
}

function failer(res: ServerResponse, metrics: AgentMetrics, log: EngineLogger): (e: unknown) => void {
  return (e) => failRequest(res, e, metrics, log);
}

function guarded(handler: Handler, metrics: AgentMetrics, log: EngineLogger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(req, res).catch(failer(res, metrics, log));
  };
}

export function createApiServer(engine: VigilEngine, config: AgentConfig, metrics: AgentMetrics, log: EngineLogger): Server {
  const handler: Handler = async (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path.startsWith('/v1/data')) return handleData(engine, req, res, path, q < 0 ? '' : url.slice(q + 1), config.maxBodyBytes);
    if (path.startsWith(EXT_AUTHZ_PREFIX + '/') || path === EXT_AUTHZ_PREFIX) return handleExtAuthz(engine, config.extAuthzEntrypoint, req, res, url);
    if (path === '/access/v1/evaluation' || path === '/access/v1/evaluations') {
      if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts POST only`);
      return path.endsWith('s')
        ? handleEvaluations(engine, config.authzenEntrypoint, req, res, config.maxBodyBytes)
        : handleEvaluation(engine, config.authzenEntrypoint, req, res, config.maxBodyBytes);
    }
    if (path === '/health') {
      const h = engine.health();
      return sendJson(res, h.status === 'ok' || h.status === 'degraded' ? 200 : 503, h);
    }
    if (path === '/metrics') {
      const text = metrics.render(engine);
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    req.resume();
    throw new HttpError(404, 'UNKNOWN_PATH', `no such endpoint: ${req.method} ${path}`);
  };
  const other = guarded(handler, metrics, log);
  const fail = (res: ServerResponse, e: unknown) => failRequest(res, e, metrics, log);
  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    // The decision path first, and synchronously: no async handler, promise or error closure per request.
    const url = req.url;
    if (req.method === 'POST' && url !== undefined && url.startsWith('/v1/data')) {
      const q = url.indexOf('?');
      try {
        handleDataPost(engine, req, res, q < 0 ? url : url.slice(0, q), config.maxBodyBytes, fail);
      } catch (e) {
        fail(res, e);
      }
      return;
    }
    other(req, res);
  });
}

export function createProxyServer(engine: VigilEngine, config: AgentConfig, metrics: AgentMetrics, log: EngineLogger): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, guarded(createProxyHandler(engine, config.upstream!, config.proxyEntrypoint), metrics, log));
  const upgrade = createUpgradeHandler(engine, config.upstream!, config.proxyEntrypoint);
  const tunnels = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    upgrade(req, socket, head).catch((e: unknown) => {
      log.error('upgrade failed', { error: (e as Error).stack ?? String(e) });
      socket.destroy();
    });
  });
  // Upgraded sockets are no longer HTTP connections: close() would wait for them forever.
  const close = server.close.bind(server);
  server.close = (cb?: (err?: Error) => void) => {
    for (const t of tunnels) t.destroy();
    return close(cb);
  };
  return server;
}
