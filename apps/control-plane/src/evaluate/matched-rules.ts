/**
 * "Which rules matched" for the playground. The wasm ABI has no tracing, so instead of
 * instrumenting evaluation we ask for every rule of the entrypoint's package as an extra
 * entrypoint of the same compile and report each rule's value for the input: a rule
 * matched when it has a value other than false or an empty collection. Granularity is
 * the rule (all definitions of `allow` together); each result names the rows where the
 * rule is defined so the editor can point at them.
 */
import { parseModule, type RegoModuleSource } from '../publishing/rego-toolchain';

/** A rule of the entrypoint's package, as the playground reports it. */
export interface RuleOutcome {
  /** `data.authz.allow`. */
  readonly rule: string;
  /** The entrypoint that evaluates it (`authz/allow`). */
  readonly entrypoint: string;
  readonly file: string;
  /** 1-based rows of the rule's definitions. */
  readonly rows: readonly number[];
  /** True when the rule has a value other than false, {} or [] for this input. */
  readonly matched: boolean;
  /** The value (absent when undefined for this input). */
  readonly value?: unknown;
}

interface ProbeRule {
  readonly entrypoint: string;
  readonly rule: string;
  readonly file: string;
  readonly rows: number[];
}

/** `authz/allow`, `authz.allow` or `data.authz.allow` → `["authz", "allow"]`. */
export function entrypointPath(entrypoint: string): string[] {
  const parts = entrypoint.split(/[/.]/).filter((p) => p !== '');
  return parts[0] === 'data' ? parts.slice(1) : parts;
}

/**
 * The non-function, non-test rules of the package the entrypoint lives in (the package
 * whose path is the longest prefix of the entrypoint's). Modules that do not parse are
 * skipped: the compile that follows reports them.
 */
export function probeRules(modules: readonly RegoModuleSource[], entrypoint: string): ProbeRule[] {
  const target = entrypointPath(entrypoint);
  const parsed = modules.flatMap((m) => {
    const { module } = parseModule(m.path, m.source);
    return module ? [module] : [];
  });
  const isPrefix = (pkg: readonly string[]) => pkg.length <= target.length && pkg.every((p, i) => p === target[i]);
  const depth = Math.max(-1, ...parsed.filter((m) => isPrefix(m.package.path)).map((m) => m.package.path.length));
  const byName = new Map<string, ProbeRule>();
  for (const m of parsed) {
    if (m.package.path.length !== depth || !isPrefix(m.package.path)) continue;
    for (const r of m.rules) {
      const head = r.head.ref[0];
      if (r.head.kind === 'function' || head?.kind !== 'var' || head.name.startsWith('test_')) continue;
      const path = [...m.package.path, head.name];
      const key = path.join('/');
      const probe = byName.get(key) ?? { entrypoint: key, rule: `data.${path.join('.')}`, file: m.file, rows: [] };
      probe.rows.push(r.loc.row);
      byName.set(key, probe);
    }
  }
  return [...byName.values()];
}

/** Whether a value counts as "matched": defined, and not false or an empty collection. */
export function isMatch(value: unknown): boolean {
  if (value === undefined || value === false || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** Evaluates each probe with `evaluate(entrypoint)` (which returns the result set). */
export function ruleOutcomes(probes: readonly ProbeRule[], evaluate: (entrypoint: string) => Record<string, unknown>[]): RuleOutcome[] {
  return probes.map((p) => {
    const rs = evaluate(p.entrypoint);
    const value = rs.length > 0 ? rs[0].result : undefined;
    return { rule: p.rule, entrypoint: p.entrypoint, file: p.file, rows: p.rows, matched: isMatch(value), ...(value === undefined ? {} : { value }) };
  });
}
