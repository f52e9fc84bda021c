/**
 * Envoy ext_authz (HTTP service mode): Envoy forwards the original request's method, path
 * (after our `/ext_authz` prefix) and headers; 200 lets it through with any headers the
 * policy returned in `result.headers`; 403 stops it, 401 with `WWW-Authenticate` asks for
 * step-up, 429 with `Retry-After` limits (Envoy relays a denial's status, headers and body
 * to the client). Anything else Envoy counts as a failure, which its
 * `failure_mode_allow: false` also turns into a deny.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '@vigil/agent-sdk';
import { originOf, refusal, type Refusal, type VigilEngine } from '@vigil/agent-sdk';
import { decideOrThrow } from './data-api';
import { minRevisionOf, sendJson } from './io';
import { httpRequestInput } from '@vigil/agent-sdk';

export const EXT_AUTHZ_PREFIX = '/ext_authz';

/** Headers a policy may add on allow, from `result.headers` (strings only). */
export function policyHeaders(result: unknown): Record<string, string> {
  const h = result && typeof result === 'object' ? (result as { headers?: unknown }).headers : undefined;
  const out: Record<string, string> = {};
  if (h && typeof h === 'object') for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

export async function handleExtAuthz(engine: VigilEngine, entrypoint: string, req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
  req.resume(); // Envoy may forward a body; the decision does not read it
  const original = url.slice(EXT_AUTHZ_PREFIX.length) || '/';
  const d = await decideOrThrow(engine, entrypoint, httpRequestInput(req, original), minRevisionOf(req), originOf(engine, req));
  const ids = { 'x-vigil-decision-id': d.decision_id, 'x-vigil-revision': String(d.revision) };
  if (d.allowed) {
    res.writeHead(200, { ...policyHeaders(d.result), ...ids, 'content-length': 0 });
    res.end();
    return;
  }
  sendRefusal(res, d, ids);
}

/** 401 step-up / 429 limit / 403 deny (the SDK's one mapping), with the agent's `allowed: false` body fields. */
export function agentRefusal(d: Decision): Refusal {
  const r = refusal(d);
  return { status: r.status, headers: r.headers, body: { allowed: false, reason: d.reason ?? (d.outcome === 'deny' ? 'denied' : d.outcome), message: d.message ?? (r.body.message as string | undefined) ?? 'denied by policy', ...r.body } };
}

export function sendRefusal(res: ServerResponse, d: Decision, extraHeaders: Record<string, string> = {}): void {
  const r = agentRefusal(d);
  sendJson(res, r.status, r.body, { ...r.headers, ...extraHeaders });
}
