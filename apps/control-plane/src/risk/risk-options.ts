/**
 * Tunables of fleet risk, read and validated with the rest of the configuration
 * (config/config.ts); this is the slice the risk services inject.
 */
export interface RiskOptions {
  /** `VIGIL_RISK_AGGREGATE_MS` (250): how often reported changes become a `risk` revision (at most one per period per replica). */
  readonly aggregateMs: number;
  /** `VIGIL_RISK_HALF_LIFE_MS` (120000): how fast an agent's report loses weight. */
  readonly halfLifeMs: number;
  /** `VIGIL_RISK_WINDOW_MS` (900000): reports older than this are ignored (and pruned). */
  readonly windowMs: number;
  /** Smallest change of a fleet score (against what agents hold, decayed) worth a revision (0.02); drops below 0.01 remove the entry. */
  readonly minChange: number;
  /**
   * `VIGIL_RISK_THRESHOLDS` (0.25,0.5,0.75,0.9): scores policies compare with; a change that
   * crosses one is pushed however small (enabled containment rules' thresholds count too).
   */
  readonly thresholds: readonly number[];
}

export const RISK_OPTIONS = Symbol('RISK_OPTIONS');

export const DEFAULT_RISK_OPTIONS: RiskOptions = Object.freeze({ aggregateMs: 250, halfLifeMs: 120_000, windowMs: 900_000, minChange: 0.02, thresholds: Object.freeze([0.25, 0.5, 0.75, 0.9]) });
