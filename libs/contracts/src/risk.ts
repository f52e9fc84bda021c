/**
 * Risk as it travels: signals about a subject or service (posted to the control plane,
 * or turned from OpenID Shared Signals / CAEP security event tokens), the fleet-wide risk
 * the control plane aggregates from every agent's reports, and the reports themselves.
 * Signals and fleet risk reach agents as signed revision events (`signal`, `risk`), like
 * revocations; reports go agent → control plane on the authenticated connection.
 */

/** What a signal or a risk score is about. */
export const RISK_TARGETS = ['subject', 'service'] as const;
export type RiskTarget = (typeof RISK_TARGETS)[number];

/**
 * One signal: `name` says what happened (`compromised`, `non_compliant`,
 * `device_compliance`, `assurance_level`, ...), `level` in [0,1] how much risk it adds.
 * A later signal with the same target, value and name replaces it. Policies see signals
 * under `input.vigil.risk.<target>.signals[name]`.
 */
export interface Signal {
  readonly id: string;
  readonly target: RiskTarget;
  readonly value: string;
  readonly name: string;
  readonly level: number;
  readonly reason?: string | null;
  /** Who said so: `api:<actor>`, `set:<transmitter>`, `containment:<rule>`. */
  readonly source: string;
  /** Free-form details from the source (CAEP `current_status`, `change_type`, ...). */
  readonly attributes?: Record<string, unknown> | null;
  readonly expires_at?: string | null;
}

/**
 * The fleet's view of one subject or service: every agent's recent score, combined and
 * decaying. The control plane pushes an entry when reports move it (by a step, or across a
 * threshold); between pushes agents decay it themselves (`fleetScoreAt`), so a fading score
 * costs no revisions.
 */
export interface FleetRisk {
  readonly target: RiskTarget;
  readonly value: string;
  /** Noisy-or of the agents' decayed scores at `updated_at`, in [0,1]. */
  readonly score: number;
  /** The strongest reasons, each prefixed by the reporting agent's service. */
  readonly reasons: readonly string[];
  /** How many agents reported a score above zero in the window. */
  readonly agents: number;
  readonly updated_at: string;
  /**
   * The agents' decayed scores at `updated_at`, strongest first, at most MAX_FLEET_COMPONENTS
   * (weaker ones folded into the last by noisy-or); `score` is their noisy-or. With
   * `half_life_ms` they let agents decay the entry exactly as the control plane does.
   */
  readonly components?: readonly number[];
  /** Half-life of every component; absent: the entry does not decay between pushes (older control planes). */
  readonly half_life_ms?: number;
}

/** Most components a fleet entry carries. */
export const MAX_FLEET_COMPONENTS = 8;

/** 1 − Π(1 − s_i), rounded to 3 decimals as fleet scores are. */
export function noisyOr(scores: readonly number[], factor = 1): number {
  let keep = 1;
  for (const s of scores) keep *= 1 - Math.min(1, Math.max(0, s * factor));
  return Math.round((1 - keep) * 1000) / 1000;
}

/**
 * An entry's fleet score at `nowMs`: each component decays by 2^(−age/half-life) from
 * `updated_at` (milliseconds since the epoch, pass it when already parsed), then noisy-or.
 * The control plane computes the aggregate the same way, so agents agree with it between pushes.
 */
export function fleetScoreAt(r: FleetRisk, nowMs: number, updatedAtMs = Date.parse(r.updated_at)): number {
  if (!r.half_life_ms || !r.components || r.components.length === 0) return r.score;
  return noisyOr(r.components, Math.pow(2, -Math.max(0, nowMs - updatedAtMs) / r.half_life_ms));
}

/** Key of a fleet-risk entry in a `risk` event's `delete` list. */
export function riskKey(target: RiskTarget, value: string): string {
  return `${target}:${value}`;
}

/** One agent's current score for a subject or service. */
export interface RiskReportEntry {
  readonly target: RiskTarget;
  readonly value: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

/** Scores that changed noticeably since the agent's previous report. */
export interface RiskReportBatch {
  readonly batch_id: string;
  /** Agent time of the report, milliseconds since the epoch. */
  readonly at: number;
  readonly entries: readonly RiskReportEntry[];
}

export interface RiskReportAck {
  readonly accepted: number;
}

/** Largest report the control plane accepts in one message. */
export const MAX_RISK_REPORT = 1000;
/** Longest reason list kept per entry (agents and the control plane truncate to it). */
export const MAX_RISK_REASONS = 8;

/** The input key under which agents give policies the risk context (`input.vigil`). */
export const RISK_CONTEXT_KEY = 'vigil';

/**
 * Bundle manifest metadata key saying whether the bundle's policies may read the risk context:
 * `false` lets agents skip building it (they still track anomalies). The control plane sets it
 * from the compiler's analysis (`policyReadsInput` of libs/rego, conservative); a bundle without
 * it gets the context.
 */
export const RISK_CONTEXT_METADATA = 'vigil_context';
