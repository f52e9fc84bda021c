/**
 * The policy input for an HTTP request (agent ext_authz and proxy, SDK guard and middleware), in the shape
 * OPA-Envoy policies expect (`input.attributes.request.http`, `parsed_path`,
 * `parsed_query`), plus the bearer token's claims decoded WITHOUT verification under
 * `unverified_token_claims`. Those claims are used to match revocations (subject, jti,
 * sid): a forged token can't dodge a revocation it doesn't carry the claims of, and the
 * policy must still verify the token itself before trusting it.
 */
import type { IncomingMessage } from 'node:http';

export function unverifiedClaims(authorization: string | undefined): Record<string, unknown> | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i.exec(authorization.trim());
  if (!m) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `path` is the request target as the service saw it (path and query). */
export function httpRequestInput(req: IncomingMessage, path: string = req.url ?? '/'): Record<string, unknown> {
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? '' : path.slice(q + 1);
  const parsedQuery: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (parsedQuery[k] ??= []).push(v);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const input: Record<string, unknown> = {
    attributes: { request: { http: { method: req.method, path, host: headers.host ?? '', headers } } },
    parsed_path: pathname.split('/').filter(Boolean).map(decodeURIComponentSafe),
    parsed_query: parsedQuery,
  };
  const claims = unverifiedClaims(headers.authorization);
  if (claims) input.unverified_token_claims = claims;
  const service = headers['x-vigil-service'];
  if (service) input.service = service;
  return input;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
