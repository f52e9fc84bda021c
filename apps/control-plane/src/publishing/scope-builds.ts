/**
 * Which bundle scopes a change rebuilds, and building one: a scope's bundle holds its own
 * policies and the shared ones, so a change rebuilds the scopes its policies leave and
 * enter (every scope for a shared policy) and nothing else. Publishing and dry runs use
 * the same planning, so a dry run compiles and tests exactly what a publish would.
 */
import { RISK_CONTEXT_KEY } from '@vigil/contracts';
import { DEFAULT_SCOPE, SHARED_SCOPE } from '../bundle-scopes/scope-selector';
import { policiesInScope, toRegoModules, type EditedPolicy, type PolicyModule } from '../policies/policy-set';
import { PolicyCompileError, type PolicyCompiler } from './policy-compiler.service';
import type { CompiledPolicy, RegoModuleSource, RegoTestResult } from './rego-toolchain';

export interface TestSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: readonly string[];
  /** Every test's outcome in run order (the web UI's pass/fail list); `scope` is set outside the default scope. */
  readonly results: readonly { readonly name: string; readonly passed: boolean; readonly error?: string; readonly scope?: string }[];
}

/** Every scope that exists: `default` first, then the named ones by name. */
export function allScopes(named: readonly { readonly name: string }[]): string[] {
  return [DEFAULT_SCOPE, ...named.map((s) => s.name).sort()];
}

/**
 * The scopes to rebuild: those the changed policies were in and are in now (all of them
 * for a shared policy), plus a newly created scope that already has policies (the shared
 * ones). A scope a policy change touches is rebuilt even when it ends up empty, as the
 * default scope always was when its last policy went.
 */
export function scopesToBuild(args: {
  readonly before: readonly PolicyModule[];
  readonly after: readonly EditedPolicy[];
  readonly changedIds: readonly string[];
  readonly scopes: readonly string[];
  readonly created?: string;
}): string[] {
  const out = new Set<string>();
  const add = (scope: string | undefined) => {
    if (scope === undefined) return;
    if (scope === SHARED_SCOPE) for (const s of args.scopes) out.add(s);
    else out.add(scope);
  };
  for (const id of args.changedIds) {
    add(args.before.find((m) => m.id === id)?.scope);
    add(args.after.find((m) => m.id === id)?.scope);
  }
  if (args.created !== undefined && policiesInScope(args.after, args.created).length > 0) out.add(args.created);
  return args.scopes.filter((s) => out.has(s));
}

/** One scope's compiled and tested policy set. */
export interface ScopeBuild {
  readonly scope: string;
  readonly policyIds: readonly string[];
  readonly compiled: CompiledPolicy & { readonly compileMs: number };
  /** Whether the policies may read input.vigil (agents build the risk context only then). */
  readonly riskContext: boolean;
  readonly tests: TestSummary;
}

/** Compiles and tests one scope's set; a compile error names the scope (outside `default`). */
export async function buildScope(compiler: PolicyCompiler, scope: string, policies: readonly EditedPolicy[], data: unknown, purpose: string): Promise<ScopeBuild> {
  const mine = policiesInScope(policies, scope);
  const modules: RegoModuleSource[] = toRegoModules(mine);
  try {
    const compiled = compiler.compile({ modules, purpose });
    const riskContext = compiler.readsInput(modules, [RISK_CONTEXT_KEY]).reads;
    const tests = summarize(await compiler.test(modules, data), scope);
    return { scope, policyIds: mine.map((p) => p.id), compiled, riskContext, tests };
  } catch (e) {
    if (e instanceof PolicyCompileError && scope !== DEFAULT_SCOPE && e.scope === undefined) throw new PolicyCompileError(e.diagnostics, scope);
    throw e;
  }
}

export function summarize(results: readonly RegoTestResult[], scope: string = DEFAULT_SCOPE): TestSummary {
  const named = scope === DEFAULT_SCOPE ? (n: string) => n : (n: string) => `${scope}: ${n}`;
  const failed = results.filter((r) => !r.passed).map((r) => (r.error ? `${named(r.name)} (${r.error})` : named(r.name)));
  return {
    total: results.length,
    passed: results.length - failed.length,
    failed,
    results: results.map((r) => ({ name: r.name, passed: r.passed, ...(r.error ? { error: r.error } : {}), ...(scope === DEFAULT_SCOPE ? {} : { scope }) })),
  };
}

/** The tests of several scopes as one summary (one scope: its own). */
export function mergeSummaries(summaries: readonly TestSummary[]): TestSummary {
  if (summaries.length === 1) return summaries[0];
  return {
    total: summaries.reduce((n, s) => n + s.total, 0),
    passed: summaries.reduce((n, s) => n + s.passed, 0),
    failed: summaries.flatMap((s) => s.failed),
    results: summaries.flatMap((s) => s.results),
  };
}
