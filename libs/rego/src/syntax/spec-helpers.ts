/**
 * Helpers for the parser's specs (STYLE.md 11): `expectValid(rego)` and
 * `expectErrors(rego, [{ code, row, col }])`, plus short ways to parse one rule,
 * body or term and look at its dump.
 */
import type { DiagnosticCode } from '../diagnostics';
import type { Module, RegoVersion } from './ast';
import { dumpBody, dumpRule, dumpTerm } from './dump';
import { parseModule, parseQuery, parseTerm } from './parse';

export interface ExpectedError {
  readonly code: DiagnosticCode;
  readonly row: number;
  readonly col: number;
  /** Substring of the message, when the spec cares about wording. */
  readonly message?: string;
}

/** Parses a module and fails the spec on any diagnostic. */
export function expectValid(source: string, regoVersion: RegoVersion = 1): Module {
  const { module, diagnostics } = parseModule('test.rego', source, { regoVersion });
  expect(diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.message}`)).toEqual([]);
  if (!module) throw new Error('no module');
  return module;
}

/** Parses a module and compares its diagnostics (code, row, col, message substring) in order. */
export function expectErrors(source: string, expected: readonly ExpectedError[], regoVersion: RegoVersion = 1): void {
  const { diagnostics } = parseModule('test.rego', source, { regoVersion });
  const got = diagnostics.map((d, i) => {
    const want = expected[i];
    const message = want?.message !== undefined && d.message.includes(want.message) ? want.message : d.message;
    return { code: d.code, row: d.location.row, col: d.location.col, ...(want?.message !== undefined ? { message } : {}) };
  });
  expect(got).toEqual(expected.map((e) => ({ ...e })));
}

/** The first diagnostic's message for a module. */
export function firstError(source: string, regoVersion: RegoVersion = 1): string | undefined {
  return parseModule('test.rego', source, { regoVersion }).diagnostics[0]?.message;
}

/** `package test` + `source`, dumped rule by rule, each on one line: `(rule complete p := 1 (body true))`. */
export function rules(source: string, regoVersion: RegoVersion = 1): string[] {
  const m = expectValid(`package test\n${source}`, regoVersion);
  return m.rules.map((r) => dumpRule(r).map((l) => l.trim()).join(' '));
}

/** A query's body as one line. */
export function query(source: string, regoVersion: RegoVersion = 1): string {
  const { query: q, diagnostics } = parseQuery(source, { regoVersion });
  expect(diagnostics.map((d) => d.message)).toEqual([]);
  return q ? dumpBody(q.body) : '<none>';
}

/** A term, dumped. */
export function term(source: string): string {
  const { term: t, diagnostics } = parseTerm(source);
  expect(diagnostics.map((d) => d.message)).toEqual([]);
  return t ? dumpTerm(t) : '<none>';
}
