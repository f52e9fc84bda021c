/**
 * How the fleet's risk of a subject or service is computed from every agent's latest
 * report. Each report decays with its age (half-life `halfLifeMs`), and the decayed scores
 * are combined by noisy-or:
 *
 *   fleet = 1 − Π_i (1 − s_i · 2^(−age_i / halfLife))
 *
 * Noisy-or treats agents as independent witnesses: one agent at 0.9 gives 0.9, two at 0.5
 * give 0.75, and many weak hints add up without ever exceeding 1. So a subject that is
 * risky at one service is at least as risky everywhere, and an old burst fades away. Pure.
 *
 * Every report decays by the same factor as time passes, so the aggregate at a later time is
 * the noisy-or of today's decayed scores times that factor: the `components` (today's decayed
 * scores, libs/contracts `fleetScoreAt`) let agents follow the decay without new revisions.
 * Beyond MAX_FLEET_COMPONENTS reports, the weakest are folded into one component by noisy-or,
 * which then decays as one: a slight underestimate, about (n−7)·s² for n weak reports of s.
 */
import { MAX_FLEET_COMPONENTS, MAX_RISK_REASONS, noisyOr } from '@vigil/contracts';

export interface AgentReport {
  readonly service: string;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly reportedAt: Date;
}

export interface Aggregate {
  readonly score: number;
  readonly reasons: string[];
  /** Reports that still count as witnesses (decayed score at least 0.01; fainter ones only add to the score). */
  readonly agents: number;
  /** Their decayed scores now, strongest first, folded to MAX_FLEET_COMPONENTS (4 decimals). */
  readonly components: number[];
}

export function aggregate(reports: readonly AgentReport[], now: Date, halfLifeMs: number): Aggregate {
  let agents = 0;
  const decayed: number[] = [];
  const weighted: { w: number; text: string }[] = [];
  for (const r of reports) {
    const age = Math.max(0, now.getTime() - r.reportedAt.getTime());
    const s = Math.min(1, Math.max(0, r.score)) * Math.pow(2, -age / halfLifeMs);
    if (s <= 0) continue;
    // Faded reports still count in the score (so it decays smoothly, as agents decay it), not as witnesses.
    decayed.push(s);
    if (s < 0.01) continue;
    agents++;
    for (const text of r.reasons) weighted.push({ w: s, text: `${r.service}: ${text}` });
  }
  weighted.sort((a, b) => b.w - a.w);
  decayed.sort((a, b) => b - a);
  const components = decayed.slice(0, MAX_FLEET_COMPONENTS - 1);
  const rest = decayed.slice(MAX_FLEET_COMPONENTS - 1);
  if (rest.length > 0) components.push(rest.length === 1 ? (rest[0] as number) : 1 - rest.reduce((keep, s) => keep * (1 - s), 1));
  return {
    score: noisyOr(decayed),
    reasons: weighted.slice(0, MAX_RISK_REASONS).map((x) => x.text),
    agents,
    components: components.map((c) => Math.round(c * 10_000) / 10_000),
  };
}
