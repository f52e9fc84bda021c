/**
 * Comparing a result set with a case's `want_result`. Result rows are a multiset
 * (their order carries no meaning); inside a row values compare exactly, except
 * that `sort_bindings` sorts arrays inside the bindings first (they came from sets).
 */

/** A canonical JSON text: object keys sorted, numbers as JS prints them. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof v === 'number' && Object.is(v, -0)) return '0';
  return JSON.stringify(v) ?? 'undefined';
}

/** Sorts every array inside `v` (recursively) by canonical text. */
export function sortArraysDeep(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(sortArraysDeep).sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0));
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = sortArraysDeep(x);
    return out;
  }
  return v;
}

/** Undefined when equal; otherwise a short explanation. */
export function diffResultSets(
  got: readonly unknown[],
  want: readonly unknown[],
  sortBindings: boolean,
): string | undefined {
  const norm = (rows: readonly unknown[]): string[] =>
    rows.map((r) => canonical(sortBindings ? sortArraysDeep(r) : r)).sort();
  const g = norm(got);
  const w = norm(want);
  if (g.length === w.length && g.every((x, i) => x === w[i])) return undefined;
  return `want ${truncate(`[${w.join(', ')}]`)}\n      got  ${truncate(`[${g.join(', ')}]`)}`;
}

function truncate(s: string, n = 600): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
