/**
 * Helpers for the check passes' specs (graphql-js style): `expectValid(rego)` and
 * `expectErrors(rego, [{ code, row, col }])`, plus `dumpChecked` to compare rewritten bodies.
 * Sources are dedented, so specs can indent them; rows count from the first non-empty line.
 */
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { formatDiagnostics } from '../diagnostics';
import { dumpBody, dumpTerm } from '../syntax/dump';
import type { Module, Query } from '../syntax/ast';
import { parseModule, parseQuery } from '../syntax/parse';
import { lookupBuiltin } from '../builtins/registry';
import type { BuiltinLookup } from './builtin-api';
import { checkProgram, type CheckProgramOptions } from './check';
import type { CheckedProgram, CheckedRule } from './program';

export interface SpecOptions extends Omit<CheckProgramOptions, 'query'> {
  readonly query?: string;
  readonly regoVersion?: 0 | 1;
}

/**
 * Every builtin the registry knows, implemented yet or not: the check passes' specs do not depend on
 * which builtins the runtime implements today.
 */
export const ALL_KNOWN_BUILTINS: BuiltinLookup = {
  get: (name) => lookupBuiltin(name),
  isDeprecated: (name) => lookupBuiltin(name)?.deprecated === true,
  describe: (name) => lookupBuiltin(name),
};

/** Removes the common indentation and the first empty line of a template literal. */
export function dedent(src: string): string {
  const lines = src.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = Math.min(...indents, Infinity);
  return lines.map((l) => l.slice(cut === Infinity ? 0 : cut)).join('\n');
}

/** Parses `src` (one module, or file name → source) and checks it; parse errors fail the spec. */
export function checkRego(src: string | Readonly<Record<string, string>>, opts: SpecOptions = {}): CheckedProgram {
  const modules = parseSpecModules(src, opts.regoVersion);
  return checkProgram(modules, { builtins: ALL_KNOWN_BUILTINS, ...opts, query: parseSpecQuery(opts.query) });
}

/** A spec's modules (one source as `test.rego`, or file name → source), dedented; parse errors fail the spec. */
export function parseSpecModules(src: string | Readonly<Record<string, string>>, regoVersion?: SpecOptions['regoVersion']): Module[] {
  const files = typeof src === 'string' ? { 'test.rego': src } : src;
  const modules: Module[] = [];
  for (const [file, text] of Object.entries(files)) {
    const r = parseModule(file, dedent(text), { regoVersion });
    if (r.diagnostics.length > 0 || !r.module) throw new Error(`parse failed:\n${formatDiagnostics(r.diagnostics)}`);
    modules.push(r.module);
  }
  return modules;
}

/** A spec's query, if it has one; parse errors fail the spec. */
export function parseSpecQuery(text: string | undefined): Query | undefined {
  if (text === undefined) return undefined;
  const q = parseQuery(text);
  if (q.diagnostics.length > 0 || !q.query) throw new Error(`query parse failed:\n${formatDiagnostics(q.diagnostics)}`);
  return q.query;
}

export function expectValid(src: string | Readonly<Record<string, string>>, opts: SpecOptions = {}): CheckedProgram {
  const p = checkRego(src, opts);
  const errors = p.diagnostics.filter((d) => d.severity !== 'warning');
  if (errors.length > 0) throw new Error(`expected no errors, got:\n${formatDiagnostics(errors)}`);
  return p;
}

export interface ExpectedError {
  readonly code: DiagnosticCode;
  readonly row: number;
  readonly col?: number;
  /** Substring (or pattern) the message must contain. */
  readonly message?: string | RegExp;
}

export function expectErrors(src: string | Readonly<Record<string, string>>, expected: readonly ExpectedError[], opts: SpecOptions = {}): CheckedProgram {
  const p = checkRego(src, opts);
  const errors = p.diagnostics.filter((d) => d.severity !== 'warning');
  const show = (ds: readonly Diagnostic[]): string => (ds.length === 0 ? '(none)' : formatDiagnostics(ds));
  const unmatched = [...errors];
  for (const want of expected) {
    const i = unmatched.findIndex((d) => matches(d, want));
    if (i < 0) throw new Error(`expected ${JSON.stringify(want, replacer)}, got:\n${show(errors)}`);
    unmatched.splice(i, 1);
  }
  if (unmatched.length > 0) throw new Error(`unexpected errors:\n${show(unmatched)}`);
  return p;
}

function matches(d: Diagnostic, want: ExpectedError): boolean {
  if (d.code !== want.code || d.location.row !== want.row) return false;
  if (want.col !== undefined && d.location.col !== want.col) return false;
  if (want.message === undefined) return true;
  return typeof want.message === 'string' ? d.message.includes(want.message) : want.message.test(d.message);
}

function replacer(_k: string, v: unknown): unknown {
  return v instanceof RegExp ? v.toString() : v;
}

/** The checked rules at a dotted path (`data.test.p`). */
export function rulesOf(p: CheckedProgram, dotted: string): CheckedRule[] {
  return p.rules.filter((r) => r.path.join('.') === dotted);
}

/** One line per checked rule at `dotted`: `head :- body`. */
export function dumpChecked(p: CheckedProgram, dotted: string): string[] {
  return rulesOf(p, dotted).map((r) => {
    const head = [
      r.path.join('.'),
      ...r.suffix.map((t) => `[${dumpTerm(t)}]`),
      r.args.length > 0 ? `(${r.args.map(dumpTerm).join(', ')})` : '',
      r.key ? ` contains ${dumpTerm(r.key)}` : '',
      r.value ? ` = ${dumpTerm(r.value)}` : '',
    ].join('');
    const elses = r.elses.map((e) => ` else = ${dumpTerm(e.value)} :- ${dumpBody(e.body)}`).join('');
    return `${head} :- ${dumpBody(r.body)}${elses}`;
  });
}

/** The checked query body as text. */
export function dumpQuery(p: CheckedProgram): string {
  return p.query ? dumpBody(p.query.body) : '';
}
