/**
 * Infix operators, expressions (literals) and bodies.
 *
 * Binding, weakest first (OPA's parser): `=`/`:=` (only at the top of an
 * expression), `in` (`x in xs`, `k, v in xs`), comparisons, `|`, `&`, `+ -`,
 * `* / %`, then operands (unary minus, refs, calls). All are left-associative.
 * Infix operators become call terms with OPA's builtin names.
 */
import type { Location } from '../diagnostics';
import type { Body, Expr, RefTerm, Term, WithModifier } from './ast';
import { callTerm, operatorRef, refOf } from './build';
import type { ParserState } from './parser-state';
import { parseOperand } from './parser-terms';
import { INFIX_BUILTINS, INFIX_PRECEDENCE, type Token, type TokenKind } from './tokens';
import { operatorName } from './ast';

type ExprCore = DistributiveOmit<Expr, 'negated' | 'with' | 'loc'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An operand followed by infix operators. `keyVal` allows `k, v in xs`; it is
 * off inside argument and element lists, where the comma separates items, so
 * `f(x in xs)` passes one argument and `[k, v in xs]` holds two elements.
 */
export function parseTermInfix(p: ParserState, keyVal: boolean): Term {
  const start = p.tok;
  p.enter();
  const term = parseInfixFrom(p, parseOperand(p), start, keyVal);
  p.leave();
  return term;
}

/** Continues after an already parsed operand `lhs` that began at `start`. */
export function parseInfixFrom(p: ParserState, lhs: Term, start: Token, keyVal: boolean): Term {
  let left = parseBinaryFrom(p, lhs, start, 1);
  if (keyVal && p.kind() === ',' && inFollows(p)) {
    const member3 = p.attempt(() => {
      p.advance();
      const mhs = parseBinary(p, 1);
      if (!p.at('in')) p.unexpected();
      const op = p.advance();
      const rhs = parseBinary(p, 1);
      return callTerm('internal.member_3', [left, mhs, rhs], p.tokLoc(op), p.loc(start));
    });
    if (member3) left = member3;
  }
  while (p.at('in')) {
    const op = p.advance();
    const rhs = parseBinary(p, 1);
    left = callTerm('internal.member_2', [left, rhs], p.tokLoc(op), p.loc(start));
  }
  return left;
}

function parseBinary(p: ParserState, minPrec: number): Term {
  const start = p.tok;
  return parseBinaryFrom(p, parseOperand(p), start, minPrec);
}

/** Precedence climbing over the operators in INFIX_PRECEDENCE. */
function parseBinaryFrom(p: ParserState, lhs: Term, start: Token, minPrec: number): Term {
  let left = lhs;
  for (;;) {
    const op = p.tok;
    const prec = INFIX_PRECEDENCE[op.kind];
    if (prec === undefined || prec < minPrec) return left;
    p.advance();
    const rhs = parseBinary(p, prec + 1);
    left = callTerm(INFIX_BUILTINS[op.kind] as string, [left, rhs], p.tokLoc(op), p.loc(start));
  }
}

const STOP_AT_DEPTH0: ReadonlySet<TokenKind> = new Set<TokenKind>([',', ';', '=', ':=', ':', 'eof']);
const STOP_WORDS: ReadonlySet<string> = new Set(['with', 'if', 'else', 'as', 'not', 'some', 'every', 'default', 'package', 'import']);

/**
 * Cheap pre-check before trying `k, v in xs` at a comma: is there an `in` ahead
 * at the same nesting level before anything that would end the middle operand?
 * Only a filter; the attempt itself decides.
 */
function inFollows(p: ParserState): boolean {
  let depth = 0;
  for (let i = p.pos + 1; i < p.tokens.length; i++) {
    const t = p.tokens[i];
    const k = t.kind;
    if (k === '(' || k === '[' || k === '{') depth++;
    else if (k === ')' || k === ']' || k === '}') {
      if (--depth < 0) return false;
    } else if (depth === 0) {
      if (STOP_AT_DEPTH0.has(k)) return false;
      if (k === 'ident' && p.tokens[i - 1].kind !== '.') {
        if (p.isKeyword(t, 'in')) return true;
        if (STOP_WORDS.has(t.text) && p.keyword(t)) return false;
      }
    }
  }
  return false;
}

/** `lhs = rhs`, `lhs := rhs`, a call, or a bare term. */
function parseExprCore(p: ParserState): ExprCore {
  const lhs = parseTermInfix(p, true);
  const op = p.tok;
  if (op.kind === '=' || op.kind === ':=') {
    p.advance();
    const rhs = parseTermInfix(p, true);
    const operator = operatorRef(op.kind === '=' ? 'eq' : 'assign', p.tokLoc(op));
    return { kind: 'callExpr', operator, args: [lhs, rhs] };
  }
  if (lhs.kind === 'call') return { kind: 'callExpr', operator: lhs.operator, args: lhs.args };
  return { kind: 'termExpr', term: lhs };
}

/** One literal of a body: `[not] expr [with ...]`, `some ...`, `every ...`. */
export function parseLiteral(p: ParserState): Expr {
  const start = p.tok;
  p.enter();
  let negated = false;
  if (p.at('not') && !p.refFollows()) {
    p.advance();
    negated = true;
  }
  let core: ExprCore;
  if (p.at('some') && !p.refFollows()) {
    if (negated) p.unexpected("illegal negation of 'some'");
    core = parseSome(p);
  } else if (p.at('every') && !p.refFollows()) {
    if (negated) p.unexpected("illegal negation of 'every'");
    core = parseEvery(p);
  } else {
    core = parseExprCore(p);
  }
  const withs = p.at('with') ? parseWiths(p) : NO_WITHS;
  p.leave();
  return finishExpr(core, negated, withs, p.loc(start));
}

const NO_WITHS: readonly WithModifier[] = [];

/** Builds each kind with one fixed shape (object spread over the union is slow in V8). */
function finishExpr(core: ExprCore, negated: boolean, withs: readonly WithModifier[], loc: Location): Expr {
  switch (core.kind) {
    case 'termExpr':
      return { kind: 'termExpr', term: core.term, negated, with: withs, loc };
    case 'callExpr':
      return { kind: 'callExpr', operator: core.operator, args: core.args, negated, with: withs, loc };
    case 'someDecl':
      return { kind: 'someDecl', symbols: core.symbols, negated, with: withs, loc };
    case 'every':
      if (core.key) return { kind: 'every', key: core.key, value: core.value, domain: core.domain, body: core.body, negated, with: withs, loc };
      return { kind: 'every', value: core.value, domain: core.domain, body: core.body, negated, with: withs, loc };
  }
}

const MEMBER_ARITY: Record<string, number> = { 'internal.member_2': 2, 'internal.member_3': 3 };

/** `some x in xs` / `some k, v in xs` (one member call), else `some x, y` (vars). */
function parseSome(p: ParserState): ExprCore {
  p.advance();
  const m = p.mark();
  const symbol = p.attempt(() => parseTermInfix(p, true));
  if (symbol?.kind === 'call') {
    const arity = MEMBER_ARITY[operatorName(symbol.operator)];
    if (arity === undefined) p.unexpected('expected `x in xs` or `x, y in xs` expression');
    if (symbol.args.length !== arity) p.unexpected('illegal domain');
    return { kind: 'someDecl', symbols: [symbol] };
  }
  p.reset(m);
  const symbols: Term[] = [];
  for (;;) {
    const t = p.tok;
    if (t.kind !== 'ident' || p.keyword(t)) p.unexpected('expected var');
    p.advance();
    symbols.push({ kind: 'var', name: t.text === '_' ? p.wildcard() : t.text, loc: p.tokLoc(t) });
    if (p.kind() !== ',') return { kind: 'someDecl', symbols };
    p.advance();
  }
}

/** `every [k,] v in domain { body }`: the vars are plain vars, the body is required. */
function parseEvery(p: ParserState): ExprCore {
  p.advance();
  const shape = 'expected `x[, y] in xs { ... }` expression';
  const t = parseTermInfix(p, true);
  if (t.kind !== 'call') p.unexpected(shape);
  const arity = MEMBER_ARITY[operatorName(t.operator)];
  if (arity === undefined) p.unexpected(shape);
  if (t.args.length !== arity) p.unexpected('illegal domain');
  const key = arity === 3 ? t.args[0] : undefined;
  const value = t.args[arity - 2];
  const domain = t.args[arity - 1];
  if (key && key.kind !== 'var') p.unexpected('expected key to be a variable');
  if (value.kind !== 'var') p.unexpected('expected value to be a variable');
  if (p.kind() !== '{') p.unexpected('missing body');
  p.advance();
  const body = parseQuery(p, '}');
  p.advance();
  return key ? { kind: 'every', key, value, domain, body } : { kind: 'every', value, domain, body };
}

function parseWiths(p: ParserState): WithModifier[] {
  const withs: WithModifier[] = [];
  while (p.at('with')) {
    const start = p.advance();
    const t = p.tok;
    if (t.kind !== 'ident' || (p.keyword(t) && !p.refFollows())) p.unexpected('expected ident');
    const target = parseOperand(p);
    let ref: RefTerm;
    if (target.kind === 'var') ref = refOf(target);
    else if (target.kind === 'ref') ref = target;
    else p.fail('unexpected term: expected with target path', target.loc);
    if (!p.at('as')) p.unexpected('expected as keyword');
    p.advance();
    const value = parseTermInfix(p, true);
    withs.push({ kind: 'with', target: ref, value, loc: p.loc(start) });
  }
  return withs;
}

/**
 * Literals separated by `;` or newlines, up to (not including) `end`.
 * An empty body is an error, as in OPA.
 */
export function parseQuery(p: ParserState, end: '}' | ']' | 'eof'): Body {
  p.enter();
  if (p.kind() === end) p.fail('found empty body');
  const body: Expr[] = [];
  for (;;) {
    body.push(parseLiteral(p));
    if (p.kind() === ';') {
      p.advance();
      continue;
    }
    if (p.kind() === end) break;
    if (!p.tok.newline) p.unexpected(`expected \\n or ; or ${end}`);
  }
  p.leave();
  return body;
}
