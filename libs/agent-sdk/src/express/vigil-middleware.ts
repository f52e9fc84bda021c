/**
 * Express (or any connect-style) middleware: decides each request in-process with the
 * engine and calls `next()` only on an allow; otherwise it answers here: 401 with a step-up
 * challenge, 429 with Retry-After, or 403 (see `refusal`). The decision
 * is left on `req.vigil` for handlers that want its id or revision.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../engine/decision';
import { minRevisionHeader, refusal } from '../http/deny-body';
import { httpRequestInput } from '../http/request-input';
import { originOf } from '../risk/request-origin';
import type { VigilEngine } from '../vigil-engine';

export interface VigilMiddlewareOptions {
  readonly engine: VigilEngine;
  /** Entrypoint deciding requests, e.g. `authz/allow`. */
  readonly entrypoint: string;
  /** Builds the policy input (default: the HTTP request in OPA-Envoy shape, see httpRequestInput). */
  readonly input?: (req: IncomingMessage) => unknown;
}

type Next = (err?: unknown) => void;

function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function vigilMiddleware(opts: VigilMiddlewareOptions): (req: IncomingMessage & { vigil?: Decision }, res: ServerResponse, next: Next) => void {
  const build = opts.input ?? ((req: IncomingMessage) => httpRequestInput(req, (req as { originalUrl?: string }).originalUrl ?? req.url));
  return (req, res, next) => {
    let minRevision: number | undefined;
    try {
      minRevision = minRevisionHeader(req.headers['x-vigil-min-revision']);
    } catch (e) {
      send(res, 400, { code: 'INVALID_MIN_REVISION', message: (e as Error).message });
      return;
    }
    const finish = (d: Decision) => {
      req.vigil = d;
      if (d.allowed) return next();
      const r = refusal(d);
      send(res, r.status, r.body, r.headers);
    };
    try {
      const d = opts.engine.decide(opts.entrypoint, build(req), { minRevision, origin: originOf(opts.engine, req) });
      if (d instanceof Promise) d.then(finish, next);
      else finish(d);
    } catch (e) {
      next(e); // a misconfigured entrypoint is a server error, never an allow
    }
  };
}
