/**
 * Rules: heads, bodies, `else` chains, `default` rules and v0's several bodies
 * per head. v0 and v1 syntax produce the same tree; v1's extra requirements
 * (`if` before bodies, `contains` for multi-value rules) are checked here with
 * OPA's messages, because only the parser knows how a rule was written.
 */
import type { Location } from '../diagnostics';
import { isGround, valueName, type Body, type ElseClause, type Expr, type Rule, type RuleHead, type Term } from './ast';
import { trueBody, trueTerm, varTerm } from './build';
import { parseLiteral, parseQuery, parseTermInfix } from './parser-exprs';
import type { ParserState } from './parser-state';
import { canStartTerm, makeVar, parseArgs, parseBracket, parseDotted } from './parser-terms';
import { INFIX_PRECEDENCE, isIdentText, type Token } from './tokens';

/** A rule head as written, before v0/v1 conventions decide its kind. */
interface HeadSyntax {
  readonly ref: Term[];
  readonly args?: Term[];
  readonly key?: Term;
  readonly value?: Term;
  readonly assign: boolean;
  readonly usesContains: boolean;
  readonly loc: Location;
}

/** One rule statement; v0's `p { a } { b }` yields one rule per body. */
export function parseRule(p: ParserState, packagePath: readonly string[]): Rule[] {
  const start = p.tok;
  const isDefault = p.at('default') && !p.refFollows();
  if (isDefault) p.advance();
  const t = p.tok;
  if (t.kind !== 'ident' || (p.keyword(t) && !p.refFollows())) {
    if (isDefault) p.unexpected('expected rule name');
    return notARule(p);
  }
  const head = parseHead(p, isDefault);
  if (isDefault) return [defaultRule(p, start, head, packagePath)];
  return parseRuleBodies(p, start, head, packagePath);
}

const LITERAL_WORDS: ReadonlySet<string> = new Set(['null', 'true', 'false', 'not', 'some', 'every']);

/** A statement that cannot be a rule: parse it for a precise location, then say why (OPA's wording). */
function notARule(p: ParserState): never {
  const kw = p.keyword(p.tok);
  if (kw && !LITERAL_WORDS.has(kw)) p.fail(`${kw} keyword cannot be used for rule name`);
  const expr = parseLiteral(p);
  p.fail(ruleHeadProblem(expr), expr.loc);
}

function ruleHeadProblem(e: Expr): string {
  if (e.with.length > 0) return 'expressions using with keyword cannot be used for rule head';
  if (e.negated) return 'negated expressions cannot be used for rule head';
  if (e.kind === 'someDecl') return "'some' declarations cannot be used for rule head";
  if (e.kind === 'termExpr') return `${valueName(e.term)} cannot be used for rule name`;
  if (e.kind === 'callExpr' && e.args.length === 2) {
    const op = e.operator.head.kind === 'var' ? e.operator.head.name : '';
    if (op === 'eq' || op === 'assign') return `${valueName(e.args[0])} cannot be used for rule name`;
  }
  return 'expression cannot be used for rule head';
}

function parseHead(p: ParserState, isDefault: boolean): HeadSyntax {
  const nameTok = p.advance();
  const ref: Term[] = [makeVar(p, nameTok)];
  if (INFIX_PRECEDENCE[p.kind()] !== undefined) p.unexpected();
  let args: Term[] | undefined;
  // Whitespace may separate the name from what follows (`p [x]`), but not later parts.
  for (let first = true; !args && (first || !p.tok.spaced); first = false) {
    const k = p.kind();
    if (k === '.') ref.push(parseDotted(p));
    else if (k === '[') ref.push(parseBracket(p));
    else if (k === '(') args = parseArgs(p);
    else break;
  }
  const name = refString(ref);
  let key: Term | undefined;
  let value: Term | undefined;
  let assign = false;
  const usesContains = p.at('contains');
  if (usesContains) {
    if (args) p.unexpected(`the contains keyword can only be used with multi-value rule definitions (e.g., ${name} contains <VALUE> { ... })`);
    p.advance();
    if (!canStartTerm(p)) p.unexpected(`expected rule key term (e.g., ${name} contains <VALUE> { ... })`);
    key = parseTermInfix(p, true);
  } else if (p.kind() === '=' || p.kind() === ':=') {
    assign = p.advance().kind === ':=';
    if (!canStartTerm(p)) p.unexpected(valueNote(name, args !== undefined, isDefault, assign ? ':=' : '='));
    value = parseTermInfix(p, true);
  }
  return { ref, args, key, value, assign, usesContains, loc: p.loc(nameTok) };
}

function valueNote(name: string, isFunction: boolean, isDefault: boolean, op: string): string {
  if (isFunction) return `expected function value term (e.g., ${name}(...) ${op} <VALUE> { ... })`;
  if (isDefault) return `expected default rule value term (e.g., default ${name} ${op} <VALUE>)`;
  return `expected rule value term (e.g., ${name} ${op} <VALUE> { ... })`;
}

/** `p.q["r-s"][x]` for messages. */
function refString(ref: readonly Term[]): string {
  return ref
    .map((t, i) => {
      if (i === 0) return t.kind === 'var' ? t.name : '?';
      if (t.kind === 'string') return isIdentText(t.value) ? `.${t.value}` : `[${JSON.stringify(t.value)}]`;
      if (t.kind === 'var') return `[${t.name}]`;
      if (t.kind === 'number') return `[${t.text}]`;
      return '[...]';
    })
    .join('');
}

function parseRuleBodies(p: ParserState, start: Token, h: HeadSyntax, packagePath: readonly string[]): Rule[] {
  const hasIf = p.at('if');
  let body: Body | undefined;
  if (hasIf) {
    p.advance();
    body = parseIfBody(p);
  } else if (p.kind() === '{') {
    body = parseBraceBody(p);
  }
  const head = ruleHead(p, h, hasIf, body !== undefined);
  const elses = body && p.at('else') && !p.refFollows() ? parseElses(p, head, hasIf) : [];
  const loc = p.loc(start);
  if (p.v1Rules) checkV1(p, head, h, loc, { hasIf, hasBody: body !== undefined });
  const rule: Rule = { kind: 'rule', head, body: body ?? trueBody(h.loc), isDefault: false, elses, loc, packagePath };
  const rules = [rule];
  while (body && p.kind() === '{') {
    if (elses.length > 0) p.fail('expected else keyword');
    rules.push(extraBody(p, rule, hasIf));
  }
  return rules;
}

/**
 * Decides the head's kind the way OPA does. Without `if`, a two-part ref with
 * no value (`p[x]`, even `p.q`) is v0's multi-value rule; with `if` it is a
 * complete rule building an object (`p[x] if ...` → `p[x] = true`).
 */
function ruleHead(p: ParserState, h: HeadSyntax, hasIf: boolean, hasBody: boolean): RuleHead {
  const { ref, assign, loc } = h;
  if (h.usesContains) return { kind: 'multi', ref, key: h.key, assign: false, loc };
  const value = h.value ?? trueTerm(loc);
  if (h.args) return { kind: 'function', ref, args: h.args, value, assign, loc };
  if (!hasIf && ref.length === 2 && h.value === undefined) return { kind: 'multi', ref: [ref[0]], key: ref[1], assign, loc };
  if (ref.length === 1 && h.value === undefined && !hasBody) p.fail(`var cannot be used for rule name${p.hint(p.tok)}`, ref[0].loc);
  return { kind: 'complete', ref, value, assign, loc };
}

/**
 * After `if`: one literal, or a `{ body }`. `{` may also start a literal
 * (`{x} == y`); OPA tries that first and keeps it unless it is a plain set.
 * `literalMayFollow` skips the attempt when it cannot succeed, so ordinary
 * bodies are parsed once. `if {}` is an empty body (an error), not the literal
 * `{}` OPA would take it for.
 */
function parseIfBody(p: ParserState): Body {
  if (p.kind() !== '{') return [parseLiteral(p)];
  if (p.peek().kind === '}' || !literalMayFollow(p)) return parseBraceBody(p);
  const m = p.mark();
  const lit = p.attempt(() => parseLiteral(p));
  if (lit && !(lit.kind === 'termExpr' && lit.term.kind === 'set')) return [lit];
  p.reset(m);
  return parseBraceBody(p);
}

const LITERAL_CONTINUES: ReadonlySet<string> = new Set(['=', ':=', ...Object.keys(INFIX_PRECEDENCE)]);

/**
 * At `{`: could `{...}` be more than a set literal? Only if an operator follows
 * the matching `}`, or if `:` or `|` occurs directly inside (object, comprehension).
 */
function literalMayFollow(p: ParserState): boolean {
  let depth = 0;
  let objectOrComprehension = false;
  for (let i = p.pos; i < p.tokens.length; i++) {
    const t = p.tokens[i];
    if (t.kind === '{' || t.kind === '[' || t.kind === '(') depth++;
    else if (t.kind === '}' || t.kind === ']' || t.kind === ')') {
      if (--depth > 0) continue;
      const next = p.tokens[Math.min(i + 1, p.tokens.length - 1)];
      const ref = !next.spaced && (next.kind === '.' || next.kind === '[');
      return objectOrComprehension || ref || LITERAL_CONTINUES.has(next.kind) || p.isKeyword(next, 'in');
    } else if (depth === 1 && (t.kind === ':' || t.kind === '|')) objectOrComprehension = true;
    else if (t.kind === 'eof') return false;
  }
  return false;
}

function parseBraceBody(p: ParserState): Body {
  p.advance();
  const body = parseQuery(p, '}');
  p.advance();
  return body;
}

function parseElses(p: ParserState, head: RuleHead, parentIf: boolean): ElseClause[] {
  if (head.kind === 'complete' && !head.ref.slice(1).every(isGround)) {
    p.fail('else keyword cannot be used on rules with variables in head');
  }
  if (head.kind === 'multi') p.fail('else keyword cannot be used on multi-value rules');
  const elses: ElseClause[] = [];
  while (p.at('else') && !p.refFollows()) elses.push(parseElse(p, head.kind === 'function', parentIf));
  return elses;
}

/** `else [= v | := v] [if] [{ body } | literal]`; no value means true, no body means `[true]`. */
function parseElse(p: ParserState, isFunction: boolean, parentIf: boolean): ElseClause {
  const start = p.advance();
  let value: Term;
  if (p.kind() === '{' || p.at('if')) value = trueTerm(p.tokLoc(start));
  else if (p.kind() === '=' || p.kind() === ':=') {
    p.advance();
    if (!canStartTerm(p)) p.unexpected('expected else value term');
    value = parseTermInfix(p, true);
  } else p.unexpected('expected else value term or rule body');
  const hasIf = p.at('if');
  let body: Body | undefined;
  if (hasIf) {
    p.advance();
    if (p.kind() === 'eof') p.unexpected('rule body expected');
    body = p.kind() === '{' ? parseBraceBody(p) : [parseLiteral(p)];
  } else if (p.kind() === '{') {
    body = parseBraceBody(p);
  }
  const loc = p.loc(start);
  // An else inherits its rule's `if` (OPA copies the head's keywords).
  if (p.v1Rules && body && !hasIf && !parentIf) p.error(ifRequired(isFunction), loc);
  return { value, body: body ?? trueBody(loc), loc };
}

/** v0's `p { a } { b }`: another rule with the same head (fresh wildcards in its arguments). */
function extraBody(p: ParserState, first: Rule, hasIf: boolean): Rule {
  const start = p.tok;
  const body = parseBraceBody(p);
  const loc = p.loc(start);
  const head = first.head;
  const args = head.args?.map((a) => (a.kind === 'var' && a.name.startsWith('$wildcard') ? varTerm(p.wildcard(), a.loc) : a));
  if (p.v1Rules && !hasIf) p.error(ifRequired(head.kind === 'function'), loc);
  return { ...first, head: args ? { ...head, args } : head, body, elses: [], loc };
}

function ifRequired(isFunction: boolean): string {
  return `\`if\` keyword is required before ${isFunction ? 'function' : 'rule'} body`;
}

function checkV1(p: ParserState, head: RuleHead, h: HeadSyntax, loc: Location, how: { hasIf: boolean; hasBody: boolean }): void {
  const what = head.kind === 'function' ? 'function' : 'rule';
  if (how.hasBody && !how.hasIf) p.error(ifRequired(what === 'function'), loc);
  if (head.kind === 'multi' && !h.usesContains) p.error('`contains` keyword is required for partial set rules', loc);
  if (!how.hasBody && head.kind !== 'multi' && h.value === undefined) {
    p.error(`${what} must have value assignment and/or body declaration`, loc);
  }
}

/** `default p := v`: a value made only of constants (comprehensions aside), no body. */
function defaultRule(p: ParserState, start: Token, h: HeadSyntax, packagePath: readonly string[]): Rule {
  const startLoc = p.tokLoc(start);
  if (h.usesContains || h.value === undefined) p.fail('illegal default rule (must have a value)', startLoc);
  const bad = nonConstant(h.value);
  if (bad) p.error(`illegal default rule (value cannot contain ${bad})`, startLoc);
  if (h.args) checkDefaultArgs(p, h.args, startLoc);
  const { ref, args, value, assign, loc } = h;
  const head: RuleHead = args ? { kind: 'function', ref, args, value, assign, loc } : { kind: 'complete', ref, value, assign, loc };
  return { kind: 'rule', head, body: trueBody(startLoc), isDefault: true, elses: [], loc: p.loc(start), packagePath };
}

/** The first var/ref/call kind inside `t`, skipping comprehensions (they are closures). */
function nonConstant(t: Term): string | undefined {
  switch (t.kind) {
    case 'var':
    case 'ref':
    case 'call':
      return t.kind;
    case 'array':
    case 'set':
      for (const i of t.items) {
        const bad = nonConstant(i);
        if (bad) return bad;
      }
      return undefined;
    case 'object':
      for (const i of t.items) {
        const bad = nonConstant(i.key) ?? nonConstant(i.value);
        if (bad) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}

function checkDefaultArgs(p: ParserState, args: readonly Term[], loc: Location): void {
  const seen = new Set<string>();
  for (const a of args) {
    if (a.kind !== 'var') return p.error(`illegal default rule (arguments cannot contain ${valueName(a)})`, loc);
    if (seen.has(a.name)) return p.error(`illegal default rule (arguments cannot be repeated ${a.name})`, loc);
    seen.add(a.name);
  }
}
