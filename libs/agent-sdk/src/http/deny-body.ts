import { wwwAuthenticate } from '@vigil/contracts';
import type { Decision } from '../engine/decision';

/** The 403 body every in-process surface answers with on a deny. */
export function denyBody(d: Decision): Record<string, unknown> {
  const body: Record<string, unknown> = { code: 'ACCESS_DENIED', reason: d.reason ?? 'denied', message: d.message ?? 'denied by policy', decision_id: d.decision_id, revision: d.revision };
  if (d.adaptive && d.adaptive.reasons.length > 0) body.reasons = d.adaptive.reasons;
  return body;
}

/** A limit's `Retry-After`: whole seconds, at least 1. */
export function retryAfterSeconds(d: Decision): number {
  return Math.max(1, Math.ceil(d.adaptive?.retry_after_s ?? 1));
}

/** How a surface refuses a decision that is not an allow: status, headers and JSON body. */
export interface Refusal {
  readonly status: 401 | 403 | 429;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/**
 * The one mapping of outcomes to HTTP, shared by the agent's ext_authz and proxy and the
 * SDK's middleware and guard: challenge → 401 with a step-up `WWW-Authenticate`
 * (RFC 9470), limit → 429 with `Retry-After` (whole seconds, at least 1), deny → 403.
 */
export function refusal(d: Decision): Refusal {
  const reasons = d.adaptive?.reasons ?? [];
  const ids = { decision_id: d.decision_id, revision: d.revision };
  if (d.outcome === 'challenge') {
    return {
      status: 401,
      headers: { 'www-authenticate': wwwAuthenticate(d.adaptive?.challenge ?? null, reasons[0]) },
      body: { code: 'STEP_UP_REQUIRED', outcome: 'challenge', message: reasons[0] ?? 'a stronger authentication is required', reasons, challenge: d.adaptive?.challenge ?? {}, ...ids },
    };
  }
  if (d.outcome === 'limit') {
    const retry = retryAfterSeconds(d);
    return {
      status: 429,
      headers: { 'retry-after': String(retry) },
      body: { code: 'RATE_LIMITED', outcome: 'limit', message: reasons[0] ?? 'too many requests', reasons, retry_after: retry, ...ids },
    };
  }
  return { status: 403, headers: {}, body: denyBody(d) };
}

/** `X-Vigil-Min-Revision` as a number, or undefined; anything else is the caller's error (thrown). */
export function minRevisionHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`X-Vigil-Min-Revision must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}
