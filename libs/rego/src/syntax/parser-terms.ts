/**
 * Operands: scalars, vars, unary minus, parenthesized expressions, and the
 * postfix parts that turn them into refs and calls (`a.b[c]`, `f(x).y`).
 * Composites (arrays, sets, objects, comprehensions) are in parser-composites.ts.
 *
 * As in OPA, `.`, `[` and `(` continue a term only when no whitespace precedes
 * them: `x [1]` is two terms, `x[1]` is a ref.
 */
import { valueName, type NumberTerm, type RefTerm, type Term, type VarTerm } from './ast';
import { callTerm, refOf, varTerm } from './build';
import { parseArray, parseBraced } from './parser-composites';
import { parseTermInfix } from './parser-exprs';
import type { ParserState } from './parser-state';
import type { Token } from './tokens';

const SCALAR_WORDS: Record<string, true> = { null: true, true: true, false: true };

/** A term with postfix refs/calls, or a negated operand: OPA's `parseTerm`. */
export function parseOperand(p: ParserState): Term {
  const start = p.tok;
  p.enter();
  const term = start.kind === '-' ? parseNegative(p) : parsePostfix(p, parsePrimary(p), start);
  p.leave();
  return term;
}

/** Whether `t` can begin an operand (used to give "expected ... term" errors a better note). */
export function canStartTerm(p: ParserState, t: Token = p.tok): boolean {
  switch (t.kind) {
    case 'number':
    case 'string':
    case '[':
    case '{':
    case '(':
    case '-':
    case '.':
      return true;
    case 'ident': {
      const kw = p.keyword(t);
      return !kw || kw in SCALAR_WORDS || kw === 'contains';
    }
    default:
      return false;
  }
}

/** `-1` folds into the literal; `-x` is `minus(0, x)`. */
function parseNegative(p: ParserState): Term {
  const minus = p.advance();
  const t = p.tok;
  if (t.kind === 'number') {
    p.advance();
    return parsePostfix(p, numberTerm(p, `-${t.text}`, t, minus), minus);
  }
  if (t.kind === '.' && p.peek().kind === 'number' && !p.peek().spaced) {
    p.advance();
    const digits = p.advance();
    return parsePostfix(p, numberTerm(p, `-0.${digits.text}`, digits, minus), minus);
  }
  const operand = parseOperand(p);
  const zero: NumberTerm = { kind: 'number', text: '0', loc: p.tokLoc(minus) };
  return callTerm('minus', [zero, operand], p.tokLoc(minus), p.loc(minus));
}

function parsePrimary(p: ParserState): Term {
  const t = p.tok;
  switch (t.kind) {
    case 'number':
      p.advance();
      return numberTerm(p, t.text, t, t);
    case 'string':
      p.advance();
      return { kind: 'string', value: t.value ?? '', loc: p.tokLoc(t) };
    case '[':
      return parseArray(p);
    case '{':
      return parseBraced(p);
    case '(':
      return parseParens(p);
    case '.':
      return parseLeadingDot(p);
    case 'ident':
      return parseWord(p, t);
    default:
      return p.unexpected();
  }
}

function parseWord(p: ParserState, t: Token): Term {
  const kw = p.keyword(t);
  if (kw === 'null') return p.advance(), { kind: 'null', loc: p.tokLoc(t) };
  if (kw === 'true' || kw === 'false') return p.advance(), { kind: 'boolean', value: kw === 'true', loc: p.tokLoc(t) };
  // `contains` is a keyword only in rule heads; keywords directly followed by `.`/`[` start refs.
  if (kw && kw !== 'contains' && !p.refFollows()) p.unexpected();
  p.advance();
  return makeVar(p, t);
}

/** A var from a word token; `_` becomes a fresh wildcard. */
export function makeVar(p: ParserState, t: Token): VarTerm {
  return varTerm(t.text === '_' ? p.wildcard() : t.text, p.tokLoc(t));
}

/** `.5`: OPA accepts a leading dot; the text gets its zero so it stays valid JSON. */
function parseLeadingDot(p: ParserState): Term {
  const dot = p.advance();
  const digits = p.tok;
  if (digits.kind !== 'number' || digits.spaced) p.unexpected('expected number');
  p.advance();
  return numberTerm(p, `0.${digits.text}`, digits, dot);
}

function parseParens(p: ParserState): Term {
  p.advance();
  const inner = parseTermInfix(p, true);
  if (p.kind() !== ')') p.fail('non-terminated expression');
  p.advance();
  return inner;
}

/**
 * Checks a number literal as OPA does (no leading zeros, bounded exponent) and
 * keeps its text.
 */
function numberTerm(p: ParserState, text: string, digits: Token, start: Token): NumberTerm {
  const body = text.startsWith('-') ? text.slice(1) : text;
  if (body.length > 1 && body[0] === '0' && body[1] !== '.' && !(body.length > 2 && (body[1] === 'e' || body[1] === 'E'))) {
    p.unexpected('expected number without leading zero', digits);
  }
  if (numberTooBig(body)) p.fail('number too big', digits);
  return { kind: 'number', text, loc: { ...p.tokLoc(start), length: digits.end - start.offset } };
}

/** Rejects magnitudes far outside what any consumer can handle (OPA limits the binary exponent to 1e5). */
function numberTooBig(text: string): boolean {
  // Every plain literal is far below the limit: skip the analysis (it runs for each number).
  if (text.length < 1000 && text.indexOf('e') < 0 && text.indexOf('E') < 0) return false;
  const e = text.search(/[eE]/);
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exp = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const intDigits = (dot < 0 ? mantissa : mantissa.slice(0, dot)).replace(/^0+/, '').length;
  if (!/[1-9]/.test(mantissa)) return false;
  const magnitude = exp + intDigits;
  return !Number.isFinite(magnitude) || Math.abs(magnitude) > 30000;
}

const REF_HEAD_KINDS: ReadonlySet<Term['kind']> = new Set([
  'var',
  'array',
  'object',
  'set',
  'arrayComprehension',
  'setComprehension',
  'objectComprehension',
  'call',
]);

/** Continues `head` with `.name`, `[term]` and `(args)` written without spaces before them. */
export function parsePostfix(p: ParserState, head: Term, start: Token): Term {
  let term = head;
  let path: Term[] | undefined;
  for (;;) {
    const t = p.tok;
    if (t.spaced || (t.kind !== '.' && t.kind !== '[' && t.kind !== '(')) break;
    if (t.kind === '(') {
      if (!path && term.kind === 'call') break;
      term = parseCall(p, path ? refTerm(p, term, path, start) : asOperator(p, term), start);
      path = undefined;
      continue;
    }
    if (!path) {
      checkRefHead(p, term);
      path = [];
    }
    path.push(t.kind === '.' ? parseDotted(p) : parseBracket(p));
  }
  if (path) return refTerm(p, term, path, start);
  if (term.kind === 'var' && (term.name === 'data' || term.name === 'input')) return refOf(term);
  return term;
}

function refTerm(p: ParserState, head: Term, path: Term[], start: Token): RefTerm {
  return { kind: 'ref', head, path, loc: p.loc(start) };
}

function checkRefHead(p: ParserState, head: Term): void {
  if (!REF_HEAD_KINDS.has(head.kind)) p.error(`illegal ref (head cannot be ${valueName(head)})`, head.loc);
}

function asOperator(p: ParserState, t: Term): RefTerm {
  if (t.kind === 'ref') return t;
  checkRefHead(p, t);
  return { kind: 'ref', head: t, path: [], loc: t.loc };
}

/** `.name`: any word, keywords included (`input.in`, `data.x.if`). */
export function parseDotted(p: ParserState): Term {
  p.advance();
  const name = p.tok;
  if (name.kind !== 'ident' || name.spaced) p.unexpected('expected ident');
  p.advance();
  return { kind: 'string', value: name.text, loc: p.tokLoc(name) };
}

export function parseBracket(p: ParserState): Term {
  p.advance();
  const key = parseTermInfix(p, true);
  if (p.kind() !== ']') p.unexpected('expected ]');
  p.advance();
  return key;
}

/** `op(args)`; `set()` is the empty set. */
function parseCall(p: ParserState, operator: RefTerm, start: Token): Term {
  const args = parseArgs(p);
  if (args.length === 0 && operator.path.length === 0 && operator.head.kind === 'var' && operator.head.name === 'set') {
    return { kind: 'set', items: [], loc: p.loc(start) };
  }
  return { kind: 'call', operator, args, loc: p.loc(start) };
}

/** `( a, b, )`: comma-separated operands (a trailing comma is allowed). */
export function parseArgs(p: ParserState): Term[] {
  p.advance();
  const args: Term[] = [];
  while (p.kind() !== ')') {
    args.push(parseTermInfix(p, false));
    if (p.kind() === ',') p.advance();
    else if (p.kind() !== ')') p.unexpected('expected "," or ")"');
  }
  p.advance();
  return args;
}

/** A ref whose head is any word, keywords included, as `package` and `import` paths allow. */
export function parseWordRef(p: ParserState): Term {
  const t = p.tok;
  if (t.kind !== 'ident') p.unexpected();
  p.advance();
  return parsePostfix(p, makeVar(p, t), t);
}
