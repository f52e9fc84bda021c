/** What the engine answers for one request, whichever surface asked. */
import { normalizeResult, type ChallengeSpec, type LimitSpec, type Outcome } from '@vigil/contracts';

/** Why the agent denied regardless of what the policy would say. */
export type DenyReason = 'revoked' | 'stale' | 'revision_unavailable' | 'no_policy' | 'policy_error';

/** The adaptive part of a decision: the policy's reasons and step-up or limit details (libs/contracts decision-result.ts). */
export interface AdaptiveDetail {
  readonly reasons: readonly string[];
  readonly challenge: ChallengeSpec | null;
  readonly limit: LimitSpec | null;
  /** Seconds until the token bucket has a token again; set when the outcome is `limit`. */
  readonly retry_after_s?: number;
}

export interface Decision {
  readonly decision_id: string;
  /** The policy's result; undefined when the policy's result is undefined or the agent denied first. */
  readonly result: unknown;
  /** Whether the request may proceed: the outcome is `allow`. */
  readonly allowed: boolean;
  /**
   * allow | challenge (step-up, 401) | limit (over the policy's rate, 429) | deny (403).
   * A `limit` result within its budget is an `allow`.
   */
  readonly outcome: Outcome;
  /** Present when the policy's result was adaptive (libs/contracts `normalizeResult`). */
  readonly adaptive?: AdaptiveDetail;
  readonly reason: DenyReason | null;
  /** Human-readable detail for `reason` (which revocation, how stale, which error). */
  readonly message?: string;
  readonly revision: number;
  readonly bundle_sha256: string | null;
  readonly latency_us: number;
}

/** Whether a policy result allows outright: `true`, or an object whose outcome is `allow`. */
export function isAllow(result: unknown): boolean {
  return normalizeResult(result).outcome === 'allow';
}
