/**
 * The Rego lexer: source text → an array of tokens plus the comments.
 * Tokenizing everything up front keeps the parser's lookahead and backtracking
 * a matter of moving an index. Errors are collected, never thrown; a bad token
 * still becomes a token (a non-terminated string keeps what it has) so the
 * parser can go on and report more.
 */
import type { Comment } from './ast';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { PunctKind, Token, TokenKind } from './tokens';

export interface LexResult {
  readonly tokens: Token[];
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Backslash = 92,
  Underscore = 95,
  Backtick = 96,
}

const SINGLE: Record<string, PunctKind> = {
  '[': '[',
  ']': ']',
  '{': '{',
  '}': '}',
  '(': '(',
  ')': ')',
  ',': ',',
  ';': ';',
  '.': '.',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '&': '&',
  '|': '|',
};

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === Ch.Underscore;
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Tokenizes `source`; `file` only labels locations. */
export function lex(source: string, file: string): LexResult {
  return new Lexer(source, file).run();
}

class Lexer {
  private pos = 0;
  private row = 1;
  private lineStart = 0;
  private spaced = false;
  private newline = false;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {
    // A leading byte-order mark is not part of the text.
    if (src.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  run(): LexResult {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === Ch.Space || c === Ch.Tab || c === Ch.CR) {
        this.pos++;
        this.spaced = true;
      } else if (c === Ch.LF) {
        this.pos++;
        this.row++;
        this.lineStart = this.pos;
        this.spaced = this.newline = true;
      } else if (c === Ch.Hash) {
        this.comment();
      } else {
        this.token(c);
      }
    }
    this.push('eof', this.pos, this.pos);
    return { tokens: this.tokens, comments: this.comments, diagnostics: this.diagnostics };
  }

  private push(kind: TokenKind, start: number, end: number, value?: string, reported?: boolean): void {
    const text = this.src.slice(start, end);
    const col = start - this.lineStart + 1;
    const { row, spaced, newline } = this;
    this.tokens.push({ kind, text, value, offset: start, end, row, col, spaced, newline, reported });
    this.spaced = this.newline = false;
  }

  private error(message: string, start: number, row = this.row, lineStart = this.lineStart): void {
    const loc = { file: this.file, row, col: start - lineStart + 1, offset: start, length: Math.max(1, this.pos - start) };
    this.diagnostics.push(diagnostic('rego_parse_error', message, loc));
  }

  private comment(): void {
    const start = this.pos;
    let end = this.src.indexOf('\n', start);
    if (end < 0) end = this.src.length;
    this.pos = end;
    const textEnd = end > start && this.src.charCodeAt(end - 1) === Ch.CR ? end - 1 : end;
    const loc = { file: this.file, row: this.row, col: start - this.lineStart + 1, offset: start, length: textEnd - start };
    this.comments.push({ text: this.src.slice(start + 1, textEnd), loc });
    this.spaced = true;
  }

  private token(c: number): void {
    const start = this.pos;
    if (isLetter(c)) {
      let p = start + 1;
      while (p < this.src.length && (isLetter(this.src.charCodeAt(p)) || isDigit(this.src.charCodeAt(p)))) p++;
      this.pos = p;
      this.push('ident', start, p);
    } else if (isDigit(c)) {
      this.number(start);
    } else if (c === Ch.Quote) {
      this.string(start);
    } else if (c === Ch.Backtick) {
      this.rawString(start);
    } else {
      this.punct(c, start);
    }
  }

  private punct(c: number, start: number): void {
    const next = this.src.charCodeAt(start + 1);
    let kind: TokenKind | undefined;
    let len = 2;
    if (c === Ch.Colon) kind = next === Ch.Eq ? ':=' : ((len = 1), ':');
    else if (c === Ch.Eq) kind = next === Ch.Eq ? '==' : ((len = 1), '=');
    else if (c === Ch.Lt) kind = next === Ch.Eq ? '<=' : ((len = 1), '<');
    else if (c === Ch.Gt) kind = next === Ch.Eq ? '>=' : ((len = 1), '>');
    else if (c === Ch.Bang && next === Ch.Eq) kind = '!=';
    else {
      len = 1;
      kind = SINGLE[this.src[start]];
    }
    this.pos = start + len;
    if (kind) return this.push(kind, start, this.pos);
    // Unknown characters become `illegal` tokens; the parser reports them where it meets them.
    if (c === Ch.Bang) this.error('illegal ! character', start);
    if (c === Ch.Dollar) this.error('illegal $ character (template strings are not supported)', start);
    // Keep surrogate pairs together so columns of later tokens stay right.
    if (c >= 0xd800 && c <= 0xdbff && this.pos < this.src.length) this.pos++;
    this.push('illegal', start, this.pos, undefined, c === Ch.Bang || c === Ch.Dollar);
  }

  /** Numbers as OPA scans them: digits, optional fraction, optional exponent; letters right after are an error. */
  private number(start: number): void {
    const src = this.src;
    let p = start;
    while (isDigit(src.charCodeAt(p))) p++;
    let problem: string | undefined;
    if (src.charCodeAt(p) === Ch.Dot) {
      const q = ++p;
      while (isDigit(src.charCodeAt(p))) p++;
      if (p === q) problem = 'expected fraction';
    }
    const e = src.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      if (src[p] === '+' || src[p] === '-') p++;
      const q = p;
      while (isDigit(src.charCodeAt(p))) p++;
      if (p === q) problem ??= 'expected exponent';
    }
    if (isLetter(src.charCodeAt(p))) {
      problem ??= 'illegal number format';
      while (isLetter(src.charCodeAt(p)) || isDigit(src.charCodeAt(p))) p++;
    }
    this.pos = p;
    if (problem) this.error(problem, start);
    this.push(problem ? 'illegal' : 'number', start, p, undefined, problem !== undefined);
  }

  private string(start: number): void {
    const src = this.src;
    let p = start + 1;
    let out = '';
    let chunk = p;
    let problem: string | undefined;
    for (;;) {
      const c = src.charCodeAt(p);
      if (p >= src.length || c === Ch.LF) {
        problem ??= 'non-terminated string';
        out += src.slice(chunk, p);
        break;
      }
      if (c === Ch.Quote) {
        out += src.slice(chunk, p++);
        break;
      }
      if (c !== Ch.Backslash) {
        p++;
        continue;
      }
      out += src.slice(chunk, p);
      const esc = this.escape(p);
      out += esc.text;
      problem ??= esc.problem;
      chunk = p = esc.end;
    }
    this.pos = p;
    if (problem === 'illegal string literal') problem += `: ${src.slice(start, p)}`;
    if (problem) this.error(problem, start);
    this.push('string', start, p, out);
  }

  /** Decodes the escape at `p` (a backslash). Lone surrogates become U+FFFD, as JSON decoders do. */
  private escape(p: number): { text: string; end: number; problem?: string } {
    const src = this.src;
    const ch = src[p + 1];
    const simple = ch === undefined ? undefined : SIMPLE_ESCAPES[ch];
    if (simple !== undefined) return { text: simple, end: p + 2 };
    if (ch !== 'u') {
      // Leave a backslash before a newline/eof alone so the string reports as non-terminated.
      const end = ch === undefined || ch === '\n' ? p + 1 : p + 2;
      return { text: '', end, problem: 'illegal escape sequence' };
    }
    const unit = this.hex4(p + 2);
    if (unit < 0) return { text: '', end: Math.min(p + 6, this.lineEnd(p)), problem: 'illegal string literal' };
    if (unit >= 0xd800 && unit <= 0xdbff && src[p + 6] === '\\' && src[p + 7] === 'u') {
      const low = this.hex4(p + 8);
      if (low >= 0xdc00 && low <= 0xdfff) return { text: String.fromCharCode(unit, low), end: p + 12 };
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return { text: '\ufffd', end: p + 6 };
    return { text: String.fromCharCode(unit), end: p + 6 };
  }

  private hex4(p: number): number {
    for (let i = 0; i < 4; i++) if (!isHex(this.src.charCodeAt(p + i))) return -1;
    return parseInt(this.src.slice(p, p + 4), 16);
  }

  private lineEnd(p: number): number {
    const nl = this.src.indexOf('\n', p);
    return nl < 0 ? this.src.length : nl;
  }

  /** Raw strings may span lines; rows and line starts move with them. */
  private rawString(start: number): void {
    const startRow = this.row;
    const startLine = this.lineStart;
    let p = start + 1;
    const src = this.src;
    while (p < src.length && src.charCodeAt(p) !== Ch.Backtick) {
      if (src.charCodeAt(p) === Ch.LF) {
        this.row++;
        this.lineStart = p + 1;
      }
      p++;
    }
    const terminated = p < src.length;
    const value = src.slice(start + 1, p);
    this.pos = terminated ? p + 1 : p;
    if (!terminated) this.error('non-terminated string', start, startRow, startLine);
    // The token is located where it starts.
    const endRow = this.row;
    const endLine = this.lineStart;
    this.row = startRow;
    this.lineStart = startLine;
    this.push('string', start, this.pos, value);
    this.row = endRow;
    this.lineStart = endLine;
  }
}
