/**
 * The planner: checked program → IR policy. Plans the query (if any) and each entrypoint, then
 * every function they reach, lazily by rule-tree node (and `with` scope), until none is left.
 * Rule functions are named `g<scope>.data.<path>`; scope 0 is "no `with` in effect".
 */
import type { CheckedProgram, CheckedQuery } from '../check/program';
import { functionArity, hasErrors } from '../check/program';
import { diagnostic, RegoCompileError, invariant } from '../diagnostics';
import { Planner, type RuleIndexMode } from './context';
import type * as ir from './ir';
import { planEntrypoint, planQuery } from './queries';

export interface PlanOptions {
  /** Data paths, `a/b` (or `data.a.b`, `a.b`); each becomes a plan named `a/b` binding `result`. */
  readonly entrypoints: readonly string[];
  /** The query to plan first (plan 0); defaults to the checked program's query, `false` for none. */
  readonly query?: CheckedQuery | false;
  /** Name of the query plan; default `eval`. */
  readonly queryName?: string;
  /**
   * Rule indexing: `switch` emits `Switch` statements, `guards` groups bodies behind equality
   * guards (no new statements), `off` plans bodies one by one. Default `switch`.
   */
  readonly ruleIndex?: RuleIndexMode;
  /** Bodies testing one input path needed before a rule set is indexed (default 8). */
  readonly ruleIndexMinBodies?: number;
}

export function planProgram(program: CheckedProgram, opts: PlanOptions): ir.Policy {
  invariant(!hasErrors(program), 'the planner was given a program with errors');
  const planner = new Planner(program, {
    ruleIndex: opts.ruleIndex ?? 'switch',
    ruleIndexMinBodies: opts.ruleIndexMinBodies ?? 8,
  });
  const plans: ir.Plan[] = [];
  const query = opts.query === false ? undefined : (opts.query ?? program.query);
  if (query) plans.push(planQuery(planner, query, opts.queryName ?? 'eval'));
  for (const ep of opts.entrypoints) {
    const path = entrypointPath(ep);
    if (functionArity(program, ['data', ...path]) !== undefined) {
      const loc = { file: '', row: 0, col: 0 };
      throw new RegoCompileError([diagnostic('rego_compile_error', `entrypoint ${ep} names a function`, loc)]);
    }
    plans.push(planEntrypoint(planner, path, path.join('/')));
  }
  planner.drain();
  const funcs = [...planner.funcs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const builtins = [...planner.builtins].map(([name, arity]) => ({ name, arity })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    static: { strings: planner.strings.strings, builtins, files: [...planner.files].sort() },
    plans,
    funcs,
  };
}

/** `a/b`, `data.a.b`, `a.b` → `['a', 'b']`; `data` or empty → `[]` (the whole document). */
export function entrypointPath(ep: string): string[] {
  const parts = ep.includes('/') ? ep.split('/') : ep.split('.');
  const path = parts.filter((p) => p.length > 0);
  if (path[0] === 'data' && !ep.includes('/')) path.shift();
  return path;
}
