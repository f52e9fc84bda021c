/** What the engine answers for one request, whichever surface asked. */

/** Why the agent denied regardless of what the policy would say. */
export type DenyReason = 'revoked' | 'stale' | 'revision_unavailable' | 'no_policy' | 'policy_error';

export interface Decision {
  readonly decision_id: string;
  /** The policy's result; undefined when the policy's result is undefined or the agent denied first. */
  readonly result: unknown;
  /** Whether the result allows: `true`, or an object whose `allow` is `true`. Anything else is a deny. */
  readonly allowed: boolean;
  readonly reason: DenyReason | null;
  /** Human-readable detail for `reason` (which revocation, how stale, which error). */
  readonly message?: string;
  readonly revision: number;
  readonly bundle_sha256: string | null;
  readonly latency_us: number;
}

/** `true`, or `{allow: true, ...}` — the two shapes the surfaces accept as an allow. */
export function isAllow(result: unknown): boolean {
  if (result === true) return true;
  return !!result && typeof result === 'object' && (result as { allow?: unknown }).allow === true;
}
