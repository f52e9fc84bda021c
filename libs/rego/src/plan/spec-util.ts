/**
 * Helpers for the planner's specs: Rego source → parse → check → plan, with the real parser and
 * checker (no hand-built trees). A fixture's leading comments choose what to plan:
 * `# entrypoints: test/p, test/q`, `# query: data.test.p = x`, `# rule-index: switch`.
 */
import { checkProgram } from '../check/check';
import { parseSpecModules, parseSpecQuery } from '../check/spec-util';
import { formatDiagnostics } from '../diagnostics';
import type { RuleIndexMode } from './context';
import type * as ir from './ir';
import { planProgram, type PlanOptions } from './planner';
import { printPolicy } from './print-ir';

export interface PlanSpecOptions extends Omit<PlanOptions, 'query' | 'entrypoints'> {
  readonly entrypoints?: readonly string[];
  readonly query?: string;
  readonly enablePrint?: boolean;
}

/** Plans one module (or file name → source) after the real parse and check passes. */
export function planRego(src: string | Readonly<Record<string, string>>, opts: PlanSpecOptions = {}): ir.Policy {
  const program = checkProgram(parseSpecModules(src), { query: parseSpecQuery(opts.query), enablePrint: opts.enablePrint });
  const errors = program.diagnostics.filter((d) => d.severity !== 'warning');
  if (errors.length > 0) throw new Error(`check failed:\n${formatDiagnostics(errors)}`);
  const { query: _q, enablePrint: _p, ...planOpts } = opts;
  return planProgram(program, { ...planOpts, entrypoints: opts.entrypoints ?? [] });
}

export function printRego(src: string | Readonly<Record<string, string>>, opts: PlanSpecOptions = {}): string {
  return printPolicy(planRego(src, opts));
}

/** Options from a fixture's header comments. */
export function fixtureOptions(source: string): PlanSpecOptions {
  const header = (key: string): string | undefined => new RegExp(`^# ${key}: (.*)$`, 'm').exec(source)?.[1]?.trim();
  const eps = header('entrypoints');
  return {
    entrypoints: eps ? eps.split(',').map((s) => s.trim()) : [],
    query: header('query'),
    ruleIndex: header('rule-index') as RuleIndexMode | undefined,
    ruleIndexMinBodies: header('rule-index-min') ? Number(header('rule-index-min')) : undefined,
    enablePrint: header('print') === 'on',
  };
}
