/**
 * Test support: OPA's conformance cases (../shared/conformance/opa-v1) for host builtin
 * specs. Specs call our implementations directly with the arguments a case's module
 * uses and compare with the case's own want_result / want_error, read from the file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { RawJson, SetValue } from '../values';

export const OPA_CASES_DIR = resolve(__dirname, '../../../../../../shared/conformance/opa-v1');

export interface OpaCase {
  readonly file: string;
  readonly note: string;
  readonly modules: readonly string[];
  readonly input?: unknown;
  readonly want_result?: readonly Record<string, unknown>[];
  readonly want_error?: string;
  readonly want_error_code?: string;
  readonly strict_error?: boolean;
}

const cache = new Map<string, OpaCase[]>();

/** All cases of a category folder, in file order. Integers are bigints when beyond 2^53. */
export function opaCases(category: string): OpaCase[] {
  const hit = cache.get(category);
  if (hit) return hit;
  const dir = join(OPA_CASES_DIR, category);
  const out: OpaCase[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8'), { intAsBigInt: true }) as { cases: Omit<OpaCase, 'file'>[] };
    for (const c of doc.cases) out.push({ ...c, file });
  }
  cache.set(category, out);
  return out;
}

/** The one case with this note (and, when notes repeat, this index among them). */
export function opaCase(category: string, note: string, index = 0): OpaCase {
  const found = opaCases(category).filter((c) => c.note === note);
  const c = found[index];
  if (!c) throw new Error(`no case ${note}#${index} in ${category} (found ${found.length})`);
  return c;
}

/** Integers as numbers when they fit in a double exactly, else bigints; recursively. */
export function normalize(v: unknown): unknown {
  if (v instanceof RawJson) return normalize(JSON.parse(v.text));
  if (v instanceof SetValue) return v.items.map(normalize); // cases write sets as lists
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

/** The value bound to `x` in the first row of want_result (the usual `data.test.p = x` query). */
export function wantX(c: OpaCase): unknown {
  const rows = c.want_result ?? [];
  if (rows.length === 0) return undefined;
  return normalize(rows[0].x);
}
