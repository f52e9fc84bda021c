/**
 * Public entry points of the Rego parser. None of them throws: problems come
 * back as `rego_parse_error` diagnostics with file:row:col (1-based).
 *
 * `parseModule` returns the module whenever a `package` clause was parsed, even
 * with errors (editors want the partial tree); callers that compile must check
 * `diagnostics` first.
 */
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Module, Query, RegoVersion, Term } from './ast';
import { lex } from './lexer';
import { parseQuery as parseQueryBody, parseTermInfix } from './parser-exprs';
import { parseModuleSource } from './parser-module';
import { ParseBail, ParserState } from './parser-state';

export interface ParseOptions {
  /** Syntax to expect; default 1. A v0 module that imports `rego.v1` is parsed as v1. */
  readonly regoVersion?: RegoVersion;
}

export interface QueryParseOptions extends ParseOptions {
  /** Name used in diagnostics; default `<query>`. */
  readonly file?: string;
}

export function parseModule(file: string, source: string, opts?: ParseOptions): { module?: Module; diagnostics: Diagnostic[] } {
  return guard(file, () => parseModuleSource(file, source, opts?.regoVersion ?? 1));
}

/** A query such as `data.x.p[x] = z; y := 1`: literals separated by `;` or newlines. */
export function parseQuery(source: string, opts?: QueryParseOptions): { query?: Query; diagnostics: Diagnostic[] } {
  const file = opts?.file ?? '<query>';
  return guard(file, () =>
    withParser(file, source, opts?.regoVersion ?? 1, (p) => {
      const start = p.tok;
      if (start.kind === 'eof') p.fail('empty query');
      const body = parseQueryBody(p, 'eof');
      return { query: { kind: 'query', body, loc: p.loc(start) } as Query };
    }),
  );
}

/**
 * One term, as test inputs write them: `{"foo": 7}`, `{1, 2}`, `set()`, `"b"`.
 * Operators and calls are terms too (`count(x) > 1`); `=`, `not` or `with` are not.
 */
export function parseTerm(source: string, opts?: QueryParseOptions): { term?: Term; diagnostics: Diagnostic[] } {
  const file = opts?.file ?? '<term>';
  return guard(file, () =>
    withParser(file, source, opts?.regoVersion ?? 1, (p) => {
      const term = parseTermInfix(p, true);
      if (p.kind() !== 'eof') p.unexpected('expected exactly one term');
      return { term };
    }),
  );
}

/** Lexes, runs `fn` on a fresh parser, and turns a bail-out into the diagnostics it recorded. */
function withParser<R extends object>(file: string, source: string, version: RegoVersion, fn: (p: ParserState) => R): R & { diagnostics: Diagnostic[] } {
  const { tokens, diagnostics } = lex(source, file);
  const p = new ParserState(tokens, file, version);
  p.diagnostics.push(...diagnostics);
  let result: R | undefined;
  try {
    result = fn(p);
  } catch (e) {
    if (!(e instanceof ParseBail)) throw e;
  }
  const sorted = p.diagnostics.sort((a, b) => (a.location.offset ?? 0) - (b.location.offset ?? 0));
  if (sorted.length > 0 || !result) return { diagnostics: sorted } as R & { diagnostics: Diagnostic[] };
  return { ...result, diagnostics: sorted };
}

/**
 * Last line of defence for "never throws": a stack overflow on absurd input
 * becomes a parse error; anything else is a bug, reported as internal_error.
 */
function guard<R extends { diagnostics: Diagnostic[] }>(file: string, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    const loc = { file, row: 1, col: 1 };
    if (e instanceof RangeError) {
      return { diagnostics: [diagnostic('rego_parse_error', 'max parsing recursion depth exceeded', loc)] } as unknown as R;
    }
    const message = `parser failure (this is a bug in the Rego toolchain): ${(e as Error)?.message ?? String(e)}`;
    return { diagnostics: [diagnostic('internal_error', message, loc)] } as unknown as R;
  }
}

export { termToValue, valueToTerm, valueToJSON, RegoNumber, RegoSet, RegoObject, type RegoValue } from './values';
export { dumpModule, dumpRule, dumpBody, dumpExpr, dumpTerm } from './dump';
