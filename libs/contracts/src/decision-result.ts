/**
 * Adaptive decision results. A policy's result may be a boolean (as always) or an object
 *
 *   { "allow": true }                                          allow
 *   { "challenge": { "acr_values": "mfa", "max_age": 300 },    step-up: 401 + WWW-Authenticate
 *     "reasons": ["new origin"] }
 *   { "limit": { "rate": 2, "burst": 5, "per": "subject" } }   allowed within a token bucket, else 429 + Retry-After
 *   { "deny": true, "reasons": ["service is not compliant"] }  403
 *
 * Precedence when several keys are set: deny > challenge > limit > allow; an object with
 * none of them that is not `{allow: true}` denies (fail-closed). `reasons` is a string or a
 * list of strings. `true` is allow and anything else that is not an object is deny, so
 * boolean policies behave exactly as before. Every surface maps the outcome the same way:
 * allow → pass (200), challenge → 401 with a `WWW-Authenticate: Bearer
 * error="insufficient_user_authentication"` step-up challenge (RFC 9470), limit over budget
 * → 429 with `Retry-After`, deny → 403.
 */

export const OUTCOMES = ['allow', 'challenge', 'limit', 'deny'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** RFC 9470 step-up parameters for the `WWW-Authenticate` challenge. */
export interface ChallengeSpec {
  /** Authentication scheme (default `Bearer`). */
  readonly scheme?: string;
  readonly realm?: string;
  /** Default `insufficient_user_authentication`. */
  readonly error?: string;
  readonly error_description?: string;
  /** Space-separated ACR values the client must reach, e.g. `mfa`. */
  readonly acr_values?: string;
  /** Maximum authentication age in seconds. */
  readonly max_age?: number;
  readonly scope?: string;
}

/** What one token bucket counts. */
export const LIMIT_KEYS = ['subject', 'service', 'subject_service'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * A token bucket the policy asks for: `rate` tokens per second, up to `burst` (default `rate`, at
 * least 1). Per agent: each agent keeps its own buckets, so a fleet of n agents admits up to
 * n × rate (libs/agent-sdk README, "Rate limits are per agent").
 */
export interface LimitSpec {
  readonly rate: number;
  readonly burst?: number;
  /** Default `subject`. */
  readonly per?: LimitKey;
}

/** A policy result reduced to what surfaces enforce. */
export interface NormalizedResult {
  readonly outcome: Outcome;
  /** False for plain boolean results and `{allow: ...}` objects without adaptive keys. */
  readonly adaptive: boolean;
  readonly reasons: readonly string[];
  readonly challenge: ChallengeSpec | null;
  readonly limit: LimitSpec | null;
}

const NONE: readonly string[] = Object.freeze([]);
const PLAIN_ALLOW: NormalizedResult = Object.freeze({ outcome: 'allow', adaptive: false, reasons: NONE, challenge: null, limit: null });
const PLAIN_DENY: NormalizedResult = Object.freeze({ outcome: 'deny', adaptive: false, reasons: NONE, challenge: null, limit: null });

function reasonsOf(v: unknown): readonly string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return NONE;
}

function challengeOf(v: unknown): ChallengeSpec {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['scheme', 'realm', 'error', 'error_description', 'acr_values', 'scope'] as const) if (typeof o[k] === 'string') out[k] = o[k];
  if (typeof o.max_age === 'number' && Number.isFinite(o.max_age) && o.max_age >= 0) out.max_age = Math.floor(o.max_age);
  return out as ChallengeSpec;
}

/** A usable limit, or null when the policy's `limit` is malformed (which then denies). */
function limitOf(v: unknown): LimitSpec | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.rate !== 'number' || !(o.rate > 0) || !Number.isFinite(o.rate)) return null;
  const burst = typeof o.burst === 'number' && o.burst >= 1 && Number.isFinite(o.burst) ? o.burst : Math.max(1, o.rate);
  const per = o.per === undefined ? 'subject' : o.per;
  if (!LIMIT_KEYS.includes(per as LimitKey)) return null;
  return { rate: o.rate, burst, per: per as LimitKey };
}

/** Reduces a policy result to its outcome. Allocation-free for booleans and plain `{allow}` objects. */
export function normalizeResult(result: unknown): NormalizedResult {
  if (result === true) return PLAIN_ALLOW;
  if (!result || typeof result !== 'object' || Array.isArray(result)) return PLAIN_DENY;
  const o = result as Record<string, unknown>;
  const deny = o.deny;
  const challenge = o.challenge;
  const limit = o.limit;
  const hasReasons = o.reasons !== undefined;
  if (!deny && !challenge && limit === undefined && !hasReasons) return o.allow === true ? PLAIN_ALLOW : PLAIN_DENY;
  const reasons = reasonsOf(o.reasons);
  if (deny) return { outcome: 'deny', adaptive: true, reasons: typeof deny === 'string' && reasons.length === 0 ? [deny] : reasons, challenge: null, limit: null };
  if (challenge) return { outcome: 'challenge', adaptive: true, reasons, challenge: challengeOf(challenge), limit: null };
  if (limit !== undefined && limit !== null && limit !== false) {
    const spec = limitOf(limit);
    if (!spec) return { outcome: 'deny', adaptive: true, reasons: [...reasons, 'malformed limit in the policy result (needs a positive rate)'], challenge: null, limit: null };
    return { outcome: 'limit', adaptive: true, reasons, challenge: null, limit: spec };
  }
  return { outcome: o.allow === true ? 'allow' : 'deny', adaptive: true, reasons, challenge: null, limit: null };
}

/** Characters allowed inside a quoted auth-param: printable ASCII without `"` and `\`. */
function quoted(s: string): string {
  return `"${s.replace(/[^\x20-\x7e]|["\\]/g, '')}"`;
}

/** The `WWW-Authenticate` value of a step-up challenge (RFC 9470 §3). */
export function wwwAuthenticate(c: ChallengeSpec | null, fallbackDescription?: string): string {
  const spec = c ?? {};
  const scheme = spec.scheme && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(spec.scheme) ? spec.scheme : 'Bearer';
  const params: string[] = [];
  if (spec.realm) params.push(`realm=${quoted(spec.realm)}`);
  params.push(`error=${quoted(spec.error ?? 'insufficient_user_authentication')}`);
  const description = spec.error_description ?? fallbackDescription;
  if (description) params.push(`error_description=${quoted(description)}`);
  if (spec.acr_values) params.push(`acr_values=${quoted(spec.acr_values)}`);
  if (spec.max_age !== undefined) params.push(`max_age=${spec.max_age}`);
  if (spec.scope) params.push(`scope=${quoted(spec.scope)}`);
  return `${scheme} ${params.join(', ')}`;
}
