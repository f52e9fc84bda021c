/**
 * The parser's cursor over the token array, shared by the parser-* files:
 * lookahead, keyword recognition (which depends on the Rego version and on the
 * imports seen so far), locations, error reporting and speculation.
 *
 * Errors are recorded as diagnostics; `fail()` then throws `ParseBail`, which
 * abandons the current statement. The module parser catches it, skips to the
 * next statement and goes on, so one file reports several errors.
 */
import { diagnostic, type Diagnostic, type Location } from '../diagnostics';
import { BASE_KEYWORDS, FUTURE_KEYWORDS, type Token, type TokenKind } from './tokens';

/** Abandons the current statement; only ever thrown after a diagnostic was recorded. */
export class ParseBail extends Error {
  constructor() {
    super('rego parser bail-out (internal control flow)');
  }
}

/** One instance: throwing it costs no stack capture. */
const BAIL = new ParseBail();

/**
 * Nesting limit for terms, bodies and parentheses. Deeper input is rejected with
 * an error instead of overflowing the JS stack.
 */
export const MAX_NESTING = 500;

export interface Mark {
  readonly pos: number;
  readonly diags: number;
  readonly wildcards: number;
  readonly depth: number;
}

export class ParserState {
  pos = 0;
  readonly diagnostics: Diagnostic[] = [];
  /** Future keywords in force: all of them in v1; in v0 those imported so far. */
  readonly future = new Set<string>();
  /** Rules must follow v1 syntax (`if`, `contains`): v1 modules and v0 modules that `import rego.v1`. */
  v1Rules: boolean;
  private wildcards = 0;
  private depth = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly file: string,
    regoVersion: 0 | 1,
  ) {
    if (regoVersion === 1) for (const k of FUTURE_KEYWORDS) this.future.add(k);
    this.v1Rules = regoVersion === 1;
  }

  get tok(): Token {
    return this.tokens[this.pos];
  }

  /** Kind of the current token (a method, so TypeScript does not narrow it across `advance()`). */
  kind(): TokenKind {
    return this.tokens[this.pos].kind;
  }

  peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }

  advance(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1].end : 0;
  }

  /** The keyword `t` spells here, if any. */
  keyword(t: Token): string | undefined {
    if (t.kind !== 'ident') return undefined;
    return BASE_KEYWORDS.has(t.text) || this.future.has(t.text) ? t.text : undefined;
  }

  isKeyword(t: Token, name: string): boolean {
    return t.kind === 'ident' && t.text === name && (BASE_KEYWORDS.has(name) || this.future.has(name));
  }

  /** The current token is keyword `name`. */
  at(name: string): boolean {
    return this.isKeyword(this.tok, name);
  }

  /** `.` or `[` right after the token at pos+n, without space: the word is a ref head (`not.x`, `if[0]`). */
  refFollows(n = 0): boolean {
    const next = this.peek(n + 1);
    return !next.spaced && (next.kind === '.' || next.kind === '[');
  }

  /** Location of the node that started at `start` and ends with the last consumed token. */
  loc(start: Token): Location {
    return { file: this.file, row: start.row, col: start.col, offset: start.offset, length: Math.max(0, this.lastEnd - start.offset) };
  }

  tokLoc(t: Token): Location {
    return { file: this.file, row: t.row, col: t.col, offset: t.offset, length: t.end - t.offset };
  }

  error(message: string, at: Token | Location): void {
    const loc = 'kind' in at ? this.tokLoc(at) : at;
    this.diagnostics.push(diagnostic('rego_parse_error', message, loc));
  }

  /** Records an error and abandons the statement. */
  fail(message: string, at: Token | Location = this.tok): never {
    this.error(message, at);
    throw BAIL;
  }

  /** `unexpected } token`, `unexpected if keyword: <note>`, `illegal token`. */
  unexpected(note?: string, t: Token = this.tok): never {
    if (t.kind === 'illegal') {
      if (t.reported) throw BAIL;
      this.fail('illegal token', t);
    }
    let what: string;
    if (this.keyword(t)) what = `${t.text} keyword`;
    else what = `${t.kind} token`;
    this.fail(`unexpected ${what}${note ? `: ${note}` : ''}${this.hint(t)}`, t);
  }

  /** In v0, a word that would be a keyword in v1 explains itself. */
  hint(t: Token): string {
    if (t.kind !== 'ident' || this.future.has(t.text) || !FUTURE_KEYWORDS.includes(t.text)) return '';
    return ` (hint: \`${t.text}\` is a keyword only in Rego v1, or in v0 after \`import future.keywords.${t.text}\` or \`import rego.v1\`)`;
  }

  expect(kind: TokenKind, note?: string): Token {
    if (this.tok.kind !== kind) this.unexpected(note ?? `expected ${kind}`);
    return this.advance();
  }

  mark(): Mark {
    return { pos: this.pos, diags: this.diagnostics.length, wildcards: this.wildcards, depth: this.depth };
  }

  reset(m: Mark): void {
    this.pos = m.pos;
    this.diagnostics.length = m.diags;
    this.wildcards = m.wildcards;
    this.depth = m.depth;
  }

  /** Runs `fn`; if it bails, undoes everything it did and returns undefined. */
  attempt<T>(fn: () => T): T | undefined {
    const m = this.mark();
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ParseBail)) throw e;
      this.reset(m);
      return undefined;
    }
  }

  enter(): void {
    if (++this.depth > MAX_NESTING) this.fail('max parsing recursion depth exceeded');
  }

  leave(): void {
    this.depth--;
  }

  /** Clears nesting after a bail-out skipped the matching `leave()` calls. */
  resetDepth(): void {
    this.depth = 0;
  }

  /** A fresh name for `_`: unique within the module, not writable in source. */
  wildcard(): string {
    return `$wildcard${this.wildcards++}`;
  }
}
