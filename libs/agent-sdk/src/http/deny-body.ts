import type { Decision } from '../engine/decision';

/** The 403 body every in-process surface answers with on a deny. */
export function denyBody(d: Decision): Record<string, unknown> {
  return { code: 'ACCESS_DENIED', reason: d.reason ?? 'denied', message: d.message ?? 'denied by policy', decision_id: d.decision_id, revision: d.revision };
}

/** `X-Vigil-Min-Revision` as a number, or undefined; anything else is the caller's error (thrown). */
export function minRevisionHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`X-Vigil-Min-Revision must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}
