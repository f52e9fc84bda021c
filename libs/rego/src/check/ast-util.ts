/**
 * Small AST builders and walkers shared by the check passes. The AST is immutable: passes build new
 * nodes with these helpers instead of mutating.
 */
import type { Location } from '../diagnostics';
import type {
  Body,
  CallExpr,
  ComprehensionTerm,
  EveryExpr,
  Expr,
  ObjectItem,
  RefTerm,
  StringTerm,
  Term,
  VarTerm,
  WithModifier,
} from '../syntax/ast';
import { operatorName } from '../syntax/ast';

export function mkVar(name: string, loc: Location): VarTerm {
  return { kind: 'var', name, loc };
}

export function mkString(value: string, loc: Location): StringTerm {
  return { kind: 'string', value, loc };
}

export function mkRef(head: Term, path: readonly Term[], loc: Location): RefTerm {
  return { kind: 'ref', head, path, loc };
}

/** An operator ref from a dotted name: `object.get` → `object` + `["get"]`. */
export function mkOperator(name: string, loc: Location): RefTerm {
  const [head, ...rest] = name.split('.');
  return mkRef(mkVar(head as string, loc), rest.map((p) => mkString(p, loc)), loc);
}

/** An absolute data ref from string keys (`['data','a','p']`). */
export function mkPathRef(path: readonly string[], loc: Location): RefTerm {
  return mkRef(mkVar(path[0] as string, loc), path.slice(1).map((p) => mkString(p, loc)), loc);
}

export function mkCallExpr(
  operator: RefTerm | string,
  args: readonly Term[],
  loc: Location,
  withs: readonly WithModifier[] = [],
  negated = false,
): CallExpr {
  const op = typeof operator === 'string' ? mkOperator(operator, loc) : operator;
  return { kind: 'callExpr', operator: op, args, negated, with: withs, loc };
}

/** `a = b` (unification) carrying the given `with` modifiers. */
export function mkEq(a: Term, b: Term, loc: Location, withs: readonly WithModifier[] = []): CallExpr {
  return mkCallExpr('eq', [a, b], loc, withs);
}

export function mkTrueExpr(loc: Location): Expr {
  return { kind: 'termExpr', term: { kind: 'boolean', value: true, loc }, negated: false, with: [], loc };
}

/** The dotted operator name of a call expression or term. */
export function opName(e: { readonly operator: RefTerm }): string {
  const op = e.operator;
  if (op.head.kind !== 'var') return operatorName(op);
  let s = op.head.name;
  for (const p of op.path) {
    if (p.kind !== 'string') return operatorName(op);
    s += `.${p.value}`;
  }
  return s;
}

export function isCallTo(e: Expr, name: string): e is CallExpr {
  if (e.kind !== 'callExpr') return false;
  const op = e.operator;
  if (op.head.kind !== 'var') return false;
  if (op.path.length === 0) return op.head.name === name;
  return opName(e) === name;
}

/** True when the expression holds a comprehension or is an `every` (cheap, no allocation). */
export function hasClosures(e: Expr): boolean {
  if (e.kind === 'every') return true;
  const inTerm = (t: Term): boolean => {
    switch (t.kind) {
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension':
        return true;
      case 'ref':
        return inTerm(t.head) || t.path.some(inTerm);
      case 'array':
      case 'set':
        return t.items.some(inTerm);
      case 'object':
        return t.items.some((i) => inTerm(i.key) || inTerm(i.value));
      case 'call':
        return t.args.some(inTerm);
      default:
        return false;
    }
  };
  switch (e.kind) {
    case 'termExpr':
      if (inTerm(e.term)) return true;
      break;
    case 'callExpr':
      if (e.args.some(inTerm)) return true;
      break;
    case 'someDecl':
      if (e.symbols.some(inTerm)) return true;
      break;
  }
  return e.with.some((w) => inTerm(w.value));
}

export function isScalar(t: Term): boolean {
  return t.kind === 'null' || t.kind === 'boolean' || t.kind === 'number' || t.kind === 'string';
}

export function isClosure(t: Term): t is ComprehensionTerm {
  return t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension';
}

/** True when the term contains a ref, a call or a comprehension (OPA's "requires evaluation"). */
export function requiresEval(t: Term): boolean {
  switch (t.kind) {
    case 'ref':
    case 'call':
    case 'arrayComprehension':
    case 'setComprehension':
    case 'objectComprehension':
      return true;
    case 'array':
    case 'set':
      return t.items.some(requiresEval);
    case 'object':
      return t.items.some((i) => requiresEval(i.key) || requiresEval(i.value));
    default:
      return false;
  }
}

/**
 * Rebuilds a term by applying `f` to its direct child terms (items, keys and values, ref head and path,
 * call args, comprehension heads). Comprehension bodies are left as they are.
 */
export function mapChildren(t: Term, f: (child: Term) => Term): Term {
  // Unchanged subtrees are shared rather than copied: most terms pass through a rewrite untouched.
  switch (t.kind) {
    case 'ref': {
      const head = f(t.head);
      const path = mapSame(t.path, f);
      return head === t.head && path === t.path ? t : { ...t, head, path };
    }
    case 'array':
    case 'set': {
      const items = mapSame(t.items, f);
      return items === t.items ? t : { ...t, items };
    }
    case 'object': {
      let changed = false;
      const items = t.items.map((i): ObjectItem => {
        const key = f(i.key);
        const value = f(i.value);
        if (key === i.key && value === i.value) return i;
        changed = true;
        return { key, value };
      });
      return changed ? { ...t, items } : t;
    }
    case 'call': {
      const args = mapSame(t.args, f);
      return args === t.args ? t : { ...t, args };
    }
    case 'arrayComprehension':
    case 'setComprehension': {
      const head = f(t.head);
      return head === t.head ? t : { ...t, head };
    }
    case 'objectComprehension': {
      const key = f(t.key);
      const value = f(t.value);
      return key === t.key && value === t.value ? t : { ...t, key, value };
    }
    default:
      return t;
  }
}

/** `xs.map(f)`, returning `xs` itself when `f` changed no element. */
export function mapSame<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as T;
    const y = f(x);
    if (y !== x && !out) out = xs.slice(0, i);
    if (out) out.push(y);
  }
  return out ?? xs;
}

/** Renames vars everywhere in a term, comprehension bodies included. */
export function renameVarsInTerm(t: Term, rename: (name: string) => string | undefined): Term {
  if (t.kind === 'var') {
    const n = rename(t.name);
    return n === undefined || n === t.name ? t : { ...t, name: n };
  }
  const mapped = mapChildren(t, (c) => renameVarsInTerm(c, rename));
  if (isClosure(mapped)) {
    return { ...mapped, body: renameVarsInBody(mapped.body, rename) };
  }
  return mapped;
}

export function renameVarsInBody(body: Body, rename: (name: string) => string | undefined): Body {
  return body.map((e) => renameVarsInExpr(e, rename));
}

export function renameVarsInExpr(e: Expr, rename: (name: string) => string | undefined): Expr {
  const r = (t: Term): Term => renameVarsInTerm(t, rename);
  const withs = e.with.map((w) => ({ ...w, target: r(w.target) as RefTerm, value: r(w.value) }));
  return mapOperands(e, r, withs, (ev) => ({
    ...ev,
    key: ev.key && r(ev.key),
    value: r(ev.value),
    domain: r(ev.domain),
    body: renameVarsInBody(ev.body, rename),
    with: withs,
  }));
}

/**
 * Rebuilds a term, call or `some` expression with `f` applied to its operands (the term, the call's
 * args, the symbols; not a call's operator) and `withs` as its modifiers. An `every` is rebuilt by
 * `every`, since each rewrite treats its key, value and body differently.
 */
function mapOperands(e: Expr, f: (t: Term) => Term, withs: readonly WithModifier[], every: (e: EveryExpr) => EveryExpr): Expr {
  switch (e.kind) {
    case 'termExpr':
      return { ...e, term: f(e.term), with: withs };
    case 'callExpr':
      return { ...e, args: e.args.map(f), with: withs };
    case 'someDecl':
      return { ...e, symbols: e.symbols.map(f), with: withs };
    case 'every':
      return every(e);
  }
}

export interface VarWalkOptions {
  /** Do not descend into comprehensions (their heads and bodies) or `every` bodies. */
  readonly skipClosures?: boolean;
  /** Skip object keys (they cannot bind vars in unification). */
  readonly skipObjectKeys?: boolean;
  /** Skip the head var of refs (`x` in `x[i]`). */
  readonly skipRefHead?: boolean;
  /** Skip set elements. */
  readonly skipSets?: boolean;
}

/** Adds the names of vars under `t` to `out`. Call operators are never visited. */
export function termVars(t: Term, out: Set<string>, opts: VarWalkOptions = {}): Set<string> {
  switch (t.kind) {
    case 'var':
      out.add(t.name);
      break;
    case 'ref':
      if (!(opts.skipRefHead && t.head.kind === 'var')) termVars(t.head, out, opts);
      for (const p of t.path) termVars(p, out, opts);
      break;
    case 'array':
      for (const i of t.items) termVars(i, out, opts);
      break;
    case 'set':
      if (!opts.skipSets) for (const i of t.items) termVars(i, out, opts);
      break;
    case 'object':
      for (const i of t.items) {
        if (!opts.skipObjectKeys) termVars(i.key, out, opts);
        termVars(i.value, out, opts);
      }
      break;
    case 'call':
      for (const a of t.args) termVars(a, out, opts);
      break;
    case 'arrayComprehension':
    case 'setComprehension':
      if (!opts.skipClosures) {
        termVars(t.head, out, opts);
        bodyVars(t.body, out, opts);
      }
      break;
    case 'objectComprehension':
      if (!opts.skipClosures) {
        termVars(t.key, out, opts);
        termVars(t.value, out, opts);
        bodyVars(t.body, out, opts);
      }
      break;
    default:
      break;
  }
  return out;
}

/** Vars of an expression: its terms and `with` modifiers (for `every`: the domain, plus key, value and body unless closures are skipped). */
export function exprVars(e: Expr, out: Set<string>, opts: VarWalkOptions = {}): Set<string> {
  switch (e.kind) {
    case 'termExpr':
      termVars(e.term, out, opts);
      break;
    case 'callExpr':
      for (const a of e.args) termVars(a, out, opts);
      break;
    case 'someDecl':
      for (const s of e.symbols) termVars(s, out, opts);
      break;
    case 'every':
      termVars(e.domain, out, opts);
      if (!opts.skipClosures) {
        if (e.key) termVars(e.key, out, opts);
        termVars(e.value, out, opts);
        bodyVars(e.body, out, opts);
      }
      break;
  }
  // As OPA's safety visitor: with target heads (`input`, `count`, `time` of `time.now_ns`) and the
  // head of a ref value (a function mock) are names, not vars.
  for (const w of e.with) withVars(w, out, opts);
  return out;
}

/** The vars of a `with` modifier: the target's path, and the value (a ref value's path only). */
export function withVars(w: WithModifier, out: Set<string>, opts: VarWalkOptions = {}): Set<string> {
  for (const p of w.target.path) termVars(p, out, opts);
  if (w.value.kind === 'ref') for (const p of w.value.path) termVars(p, out, opts);
  else termVars(w.value, out, opts);
  return out;
}

export function bodyVars(body: Body, out: Set<string>, opts: VarWalkOptions = {}): Set<string> {
  for (const e of body) exprVars(e, out, opts);
  return out;
}

/** Calls `f` on each direct child term (no allocation; comprehension bodies are not entered). */
export function forEachChild(t: Term, f: (child: Term) => void): void {
  switch (t.kind) {
    case 'ref':
      f(t.head);
      for (const p of t.path) f(p);
      break;
    case 'array':
    case 'set':
      for (const i of t.items) f(i);
      break;
    case 'object':
      for (const i of t.items) {
        f(i.key);
        f(i.value);
      }
      break;
    case 'call':
      for (const a of t.args) f(a);
      break;
    case 'arrayComprehension':
    case 'setComprehension':
      f(t.head);
      break;
    case 'objectComprehension':
      f(t.key);
      f(t.value);
      break;
    default:
      break;
  }
}

/** Calls `f` on every term of an expression (pre-order), comprehension and `every` bodies included. */
export function forEachTermInExpr(e: Expr, f: (t: Term) => void): void {
  const visit = (t: Term): void => {
    f(t);
    forEachChild(t, visit);
    if (isClosure(t)) {
      for (const x of t.body) forEachTermInExpr(x, f);
    }
  };
  switch (e.kind) {
    case 'termExpr':
      visit(e.term);
      break;
    case 'callExpr':
      visit(e.operator);
      for (const a of e.args) visit(a);
      break;
    case 'someDecl':
      for (const s of e.symbols) visit(s);
      break;
    case 'every':
      if (e.key) visit(e.key);
      visit(e.value);
      visit(e.domain);
      for (const x of e.body) forEachTermInExpr(x, f);
      break;
  }
  for (const w of e.with) {
    visit(w.target);
    visit(w.value);
  }
}

/** Rebuilds every body nested in an expression (comprehension and `every` bodies), innermost first. */
export function mapNestedBodies(e: Expr, f: (body: Body) => Body): Expr {
  const mt = (t: Term): Term => {
    const m = mapChildren(t, mt);
    if (isClosure(m)) {
      return { ...m, body: f(m.body.map((x) => mapNestedBodies(x, f))) };
    }
    return m;
  };
  const withs = e.with.map((w) => ({ ...w, value: mt(w.value) }));
  return mapOperands(e, mt, withs, (ev) => ({ ...ev, domain: mt(ev.domain), with: withs, body: f(ev.body.map((x) => mapNestedBodies(x, f))) }));
}

/**
 * Rebuilds the bodies directly nested in an expression (comprehensions anywhere in its terms, an
 * `every` body) with `f`, without entering those bodies: `f` decides whether to recurse.
 */
export function mapDirectBodies(e: Expr, f: (body: Body, owner: ComprehensionTerm | EveryExpr) => Body): Expr {
  return mapClosures(
    e,
    (c) => ({ ...c, body: f(c.body, c) }),
    (ev) => f(ev.body, ev),
  );
}

/**
 * Rebuilds the closures directly inside an expression: each comprehension (found anywhere in its
 * terms, but not inside another closure) through `onComprehension`, an `every` body through `onEvery`.
 */
export function mapClosures(
  e: Expr,
  onComprehension: (c: ComprehensionTerm) => Term,
  onEvery: (ev: EveryExpr) => Body,
): Expr {
  if (!hasClosures(e)) return e;
  const mt = (t: Term): Term => {
    return isClosure(t) ? onComprehension(t) : mapChildren(t, mt);
  };
  const withs = e.with.map((w) => ({ ...w, value: mt(w.value) }));
  return mapOperands(e, mt, withs, (ev) => ({ ...ev, domain: mt(ev.domain), with: withs, body: onEvery(ev) }));
}

/** True when a call to `name` occurs anywhere in the body (statements, terms, nested bodies). */
export function bodyCalls(body: Body, name: string): boolean {
  for (const e of body) {
    if (isCallTo(e, name)) return true;
    let found = false;
    forEachTermInExpr(e, (t) => {
      if (found) return;
      if (t.kind === 'call' && opName(t) === name) found = true;
      else if (isClosure(t)) {
        found = t.body.some((x) => isCallTo(x, name));
      }
    });
    if (found) return true;
    if (e.kind === 'every' && bodyCalls(e.body, name)) return true;
  }
  return false;
}
