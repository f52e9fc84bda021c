/**
 * Arrays, sets, objects and comprehensions.
 *
 * `[a | b]` and `{a | b}` are ambiguous between a comprehension and a collection
 * holding `or(a, b)`. OPA prefers the comprehension: the first element is parsed
 * as a plain operand, and a `|` after it starts a comprehension body. Only if that
 * body fails at a `,` (`[a | b, c]`) is it read as a collection after all. The
 * operand is never parsed twice: it is handed to `parseInfixFrom` to continue.
 */
import type { Body, ObjectItem, Term } from './ast';
import { parseInfixFrom, parseQuery, parseTermInfix } from './parser-exprs';
import { ParseBail, type ParserState } from './parser-state';
import { parseOperand } from './parser-terms';
import type { Token } from './tokens';

export function parseArray(p: ParserState): Term {
  const start = p.advance();
  if (p.kind() === ']') {
    p.advance();
    return { kind: 'array', items: [], loc: p.loc(start) };
  }
  const canComprehend = !skipLeadingComma(p);
  const headStart = p.tok;
  const head = parseOperand(p);
  if (canComprehend && p.kind() === '|') {
    const body = parseComprehensionBody(p, ']');
    if (body) return { kind: 'arrayComprehension', head, body, loc: p.loc(start) };
  }
  const items = [parseInfixFrom(p, head, headStart, false)];
  parseListRest(p, items, ']');
  return { kind: 'array', items, loc: p.loc(start) };
}

/** `{` starts an object, a set or a comprehension; `{}` is the empty object. */
export function parseBraced(p: ParserState): Term {
  const start = p.advance();
  if (p.kind() === '}') {
    p.advance();
    return { kind: 'object', items: [], loc: p.loc(start) };
  }
  const canComprehend = !skipLeadingComma(p);
  const headStart = p.tok;
  let head = parseOperand(p);
  if (canComprehend && p.kind() === '|') {
    const body = parseComprehensionBody(p, '}');
    if (body) return { kind: 'setComprehension', head, body, loc: p.loc(start) };
  }
  if (p.kind() !== ':' && p.kind() !== ',' && p.kind() !== '}') head = parseInfixFrom(p, head, headStart, false);
  if (p.kind() === ':') return parseObjectRest(p, start, head, canComprehend);
  if (p.kind() !== ',' && p.kind() !== '}') p.unexpected('non-terminated set');
  const items = [head];
  parseListRest(p, items, '}');
  return { kind: 'set', items, loc: p.loc(start) };
}

/** After `{key:` — the first value, a possible object comprehension, then more pairs. */
function parseObjectRest(p: ParserState, start: Token, key: Term, canComprehend: boolean): Term {
  p.advance();
  const valueStart = p.tok;
  let value = parseOperand(p);
  if (canComprehend && p.kind() === '|') {
    const body = parseComprehensionBody(p, '}');
    if (body) return { kind: 'objectComprehension', key, value, body, loc: p.loc(start) };
  }
  if (p.kind() !== ',' && p.kind() !== '}') value = parseInfixFrom(p, value, valueStart, false);
  if (p.kind() !== ',' && p.kind() !== '}') p.unexpected('non-terminated object');
  const items: ObjectItem[] = [{ key, value }];
  while (p.kind() === ',') {
    p.advance();
    if (p.kind() === '}') break;
    const k = parseTermInfix(p, false);
    if (p.kind() !== ':') p.unexpected('expected ":"');
    p.advance();
    items.push({ key: k, value: parseTermInfix(p, false) });
    if (p.kind() !== ',' && p.kind() !== '}') p.unexpected('expected "," or "}"');
  }
  p.advance();
  return { kind: 'object', items, loc: p.loc(start) };
}

/** `, x, y]`: the remaining elements of an array or set, a trailing comma allowed. */
function parseListRest(p: ParserState, items: Term[], end: ']' | '}'): void {
  while (p.kind() === ',') {
    p.advance();
    if (p.kind() === end) break;
    items.push(parseTermInfix(p, false));
  }
  if (p.kind() !== end) p.unexpected(`expected "," or "${end}"`);
  p.advance();
}

/** OPA still accepts `[, x]` and `{, x}`; such collections are never comprehensions. */
function skipLeadingComma(p: ParserState): boolean {
  if (p.kind() !== ',') return false;
  p.advance();
  return true;
}

/**
 * At `|`: parses `body end`. If the body fails at a `,`, the source is a
 * collection such as `[a | b, c]`: the error is dropped, the cursor goes back to
 * `|` and undefined is returned. Other failures are real errors.
 */
function parseComprehensionBody(p: ParserState, end: ']' | '}'): Body | undefined {
  const m = p.mark();
  try {
    p.advance();
    const body = parseQuery(p, end);
    p.advance();
    return body;
  } catch (e) {
    if (!(e instanceof ParseBail) || p.kind() !== ',') throw e;
    p.reset(m);
    return undefined;
  }
}
