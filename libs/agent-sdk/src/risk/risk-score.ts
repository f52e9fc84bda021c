/**
 * The local risk score, kept simple enough to explain in one paragraph:
 *
 *   For each feature f of the last window (request count, denied count, distinct
 *   resources), z_f = (x_f − μ_f) / (σ_f + floor_f) against the entity's exponentially
 *   weighted baseline (μ, σ² updated once per closed window). Being up to Z0 = 2 standard
 *   deviations above normal costs nothing; beyond it, each feature adds w_f · (z_f − Z0).
 *   A new origin (not among the entity's settled origins, while it has one) adds a fixed
 *   W_origin. The sum S is squashed to [0,1) with score = 1 − exp(−S / K).
 *
 * Weights: denied requests weigh most (failures are the classic sign of a stolen or
 * probing credential), then distinct resources (enumeration), then plain volume. With
 * the defaults, 10 denials in a window of a subject that normally has none scores ≈ 0.5,
 * 20 ≈ 0.85, 30 ≈ 0.96; a new origin alone ≈ 0.31. Reasons name every feature that
 * contributed, with its value, baseline and z.
 */
export const Z0 = 2;
export const K = 4;
export const W_ORIGIN = 1.5;

/** The features, in the order the tracker stores them. */
export const FEATURES = ['request_rate', 'deny_rate', 'distinct_resources'] as const;
export type Feature = (typeof FEATURES)[number];
export const FEATURE_WEIGHT: Readonly<Record<Feature, number>> = { request_rate: 0.5, deny_rate: 1, distinct_resources: 0.7 };
/** Added to σ so a baseline that never varied does not turn one extra request into a huge z. */
export const FEATURE_FLOOR: Readonly<Record<Feature, number>> = { request_rate: 2, deny_rate: 1, distinct_resources: 1 };
/** What a new entity is assumed to look like per window until it has a history (μ, σ²). */
export const FEATURE_PRIOR: Readonly<Record<Feature, readonly [number, number]>> = { request_rate: [2, 4], deny_rate: [0.2, 1], distinct_resources: [1, 1] };

/** z against the baseline, with the feature's floor. */
export function zScore(x: number, mean: number, variance: number, floor: number): number {
  return (x - mean) / (Math.sqrt(variance > 0 ? variance : 0) + floor);
}

/** What a feature adds to S. */
export function contribution(feature: Feature, z: number): number {
  return z > Z0 ? FEATURE_WEIGHT[feature] * (z - Z0) : 0;
}

/** S → [0,1). */
export function squash(s: number): number {
  return s > 0 ? 1 - Math.exp(-s / K) : 0;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** One feature's reason, e.g. `deny_rate: 30 in the last 10s, usually 0.2±1 (z=14.9)`. */
export function featureReason(feature: Feature, x: number, mean: number, variance: number, z: number, windowMs: number): string {
  return `${feature}: ${r2(x)} in the last ${windowMs / 1000}s, usually ${r2(mean)}±${r2(Math.sqrt(Math.max(0, variance)))} (z=${r2(z)})`;
}
