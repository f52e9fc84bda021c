/** The harness's printed report: a per-category table, failing notes, and the final count line. */
import type { CaseOutcome } from './run-case';

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export function totals(outcomes: readonly CaseOutcome[]): Totals {
  const t = { passed: 0, failed: 0, skipped: 0 };
  for (const o of outcomes) {
    if (o.status === 'pass') t.passed++;
    else if (o.status === 'fail') t.failed++;
    else t.skipped++;
  }
  return t;
}

export function categoryTable(outcomes: readonly CaseOutcome[]): string {
  const byCat = new Map<string, CaseOutcome[]>();
  for (const o of outcomes) byCat.set(o.category, [...(byCat.get(o.category) ?? []), o]);
  const rows = [...byCat.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(8, ...rows.map(([c]) => c.length));
  const lines = [`${'category'.padEnd(width)}  pass  fail  skip`];
  for (const [cat, list] of rows) {
    const t = totals(list);
    lines.push(`${cat.padEnd(width)}  ${pad(t.passed)}  ${pad(t.failed)}  ${pad(t.skipped)}`);
  }
  return lines.join('\n');
}

export function failureNotes(outcomes: readonly CaseOutcome[], limit: number): string {
  const failed = outcomes.filter((o) => o.status === 'fail');
  const shown = failed.slice(0, limit).map((o) => `FAIL ${o.note}\n      ${(o.reason ?? '').split('\n').join('\n      ')}`);
  if (failed.length > limit) shown.push(`... and ${failed.length - limit} more failing cases (--verbose shows all)`);
  return shown.join('\n');
}

export function finalLine(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

const pad = (n: number): string => String(n).padStart(4);
