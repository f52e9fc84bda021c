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
 */
import { MAX_RISK_REASONS } from '@vigil/contracts';

export interface AgentReport {
  readonly service: string;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly reportedAt: Date;
}

export interface Aggregate {
  readonly score: number;
  readonly reasons: string[];
  /** Reports that still count (decayed score at least 0.01). */
  readonly agents: number;
}

export function aggregate(reports: readonly AgentReport[], now: Date, halfLifeMs: number): Aggregate {
  let keep = 1;
  let agents = 0;
  const weighted: { w: number; text: string }[] = [];
  for (const r of reports) {
    const age = Math.max(0, now.getTime() - r.reportedAt.getTime());
    const s = Math.min(1, Math.max(0, r.score)) * Math.pow(2, -age / halfLifeMs);
    if (s < 0.01) continue;
    agents++;
    keep *= 1 - s;
    for (const text of r.reasons) weighted.push({ w: s, text: `${r.service}: ${text}` });
  }
  weighted.sort((a, b) => b.w - a.w);
  return { score: Math.round((1 - keep) * 1000) / 1000, reasons: weighted.slice(0, MAX_RISK_REASONS).map((x) => x.text), agents };
}
