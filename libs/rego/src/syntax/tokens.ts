/**
 * Tokens of Rego source. The lexer emits every word as `ident`; whether a word
 * is a keyword depends on the Rego version and on `future.keywords` imports seen
 * so far, so the parser decides that (see `ParserState.keyword`).
 */

/** Punctuation and operators are their own text, so messages can quote them. */
export type PunctKind =
  | '['
  | ']'
  | '{'
  | '}'
  | '('
  | ')'
  | ','
  | ':'
  | ';'
  | '.'
  | ':='
  | '='
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '&'
  | '|';

export type TokenKind = 'ident' | 'number' | 'string' | 'eof' | 'illegal' | PunctKind;

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (for strings: including quotes). */
  readonly text: string;
  /** Decoded value of a string token. */
  readonly value?: string;
  readonly offset: number;
  readonly end: number;
  readonly row: number;
  readonly col: number;
  /** Whitespace or a comment separates this token from the previous one. */
  readonly spaced: boolean;
  /** A newline separates this token from the previous one (statement separator in bodies). */
  readonly newline: boolean;
  /** The lexer already reported this (illegal) token; the parser need not report it again. */
  readonly reported?: boolean;
}

/** Keywords in every Rego version. */
export const BASE_KEYWORDS: ReadonlySet<string> = new Set([
  'package',
  'import',
  'as',
  'default',
  'else',
  'not',
  'some',
  'with',
  'null',
  'true',
  'false',
]);

/** Keywords of Rego v1 that v0 enables only through `import future.keywords[.x]` or `import rego.v1`. */
export const FUTURE_KEYWORDS: readonly string[] = ['contains', 'every', 'if', 'in'];

/** Infix operators → OPA builtin names (design.md). */
export const INFIX_BUILTINS: Readonly<Partial<Record<TokenKind, string>>> = {
  '==': 'equal',
  '!=': 'neq',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
  '|': 'or',
  '&': 'and',
  '+': 'plus',
  '-': 'minus',
  '*': 'mul',
  '/': 'div',
  '%': 'rem',
};

/**
 * Binding strength of infix operators, following OPA's parser: comparisons bind
 * weakest, then `|`, `&`, `+ -`, `* / %`. (`=`, `:=` and `in` sit above these
 * and are handled by the expression parser itself.)
 */
export const INFIX_PRECEDENCE: Readonly<Partial<Record<TokenKind, number>>> = {
  '==': 1,
  '!=': 1,
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '|': 2,
  '&': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for text that lexes as a single word (`foo_1`), used when printing refs. */
export function isIdentText(s: string): boolean {
  return IDENT_RE.test(s);
}
