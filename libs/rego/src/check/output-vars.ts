/**
 * Which vars an expression binds, given the vars already bound (OPA's outputVarsForExpr and Unify,
 * in our own code). The safety pass schedules expressions with it; the print pass uses it to know
 * which vars are bound before a `print` call.
 */
import type { Body, Expr, RefTerm, Term } from '../syntax/ast';
import { exprVars, opName, termVars, type VarWalkOptions, withVars } from './ast-util';

/** Arity of a call operator (`count` → 1, `data.p.f` → its parameter count), or -1 when unknown. */
export type ArityFn = (op: RefTerm) => number;

export const ROOT_VARS: ReadonlySet<string> = new Set(['input', 'data']);

/** Membership only: lets two sets be asked as one without copying either (this runs per expression). */
interface VarLookup {
  has(v: string): boolean;
}

const SAFETY: VarWalkOptions = { skipClosures: true };
const PATTERN: VarWalkOptions = { skipClosures: true, skipObjectKeys: true, skipRefHead: true };
const CALL_ARGS: VarWalkOptions = { skipClosures: true, skipObjectKeys: true, skipRefHead: true, skipSets: true };

/** The vars of an expression that must be bound for it to run (closures and call operators excluded). */
export function safetyVars(e: Expr): Set<string> {
  return exprVars(e, new Set(), SAFETY);
}

/** The vars `e` binds when the vars in `safe` are already bound. */
export function outputVarsForExpr(e: Expr, arity: ArityFn, safe: ReadonlySet<string>): Set<string> {
  if (e.negated) return new Set();
  if (e.with.length > 0 && !withsBound(e, safe)) return new Set();
  switch (e.kind) {
    case 'termExpr':
      return refOutputs(e.term, safe, new Set());
    case 'every':
      return refOutputs(e.domain, safe, new Set());
    case 'someDecl':
      return new Set();
    case 'callExpr': {
      const name = opName(e);
      if (name === 'eq' && e.args.length === 2) return eqOutputs(e.args[0] as Term, e.args[1] as Term, safe);
      const n = arity(e.operator);
      if (n < 0) return new Set();
      return callOutputs(e.args, n, safe);
    }
  }
}

/** Every var of the expression's `with` modifiers is bound (else the expression binds nothing). */
function withsBound(e: Expr, safe: ReadonlySet<string>): boolean {
  for (const w of e.with) {
    for (const v of withVars(w, new Set(), SAFETY)) if (!safe.has(v) && !ROOT_VARS.has(v)) return false;
  }
  return true;
}

/** The vars bound after running `body` in order, beyond `safe`. */
export function outputVarsForBody(body: Body, arity: ArityFn, safe: ReadonlySet<string>): Set<string> {
  const all = new Set(safe);
  for (const e of body) for (const v of outputVarsForExpr(e, arity, all)) all.add(v);
  for (const v of safe) all.delete(v);
  return all;
}

function eqOutputs(a: Term, b: Term, safe: ReadonlySet<string>): Set<string> {
  const refOuts = refOutputs(a, safe, new Set());
  refOutputs(b, safe, refOuts);
  const known: VarLookup = refOuts.size === 0 ? safe : { has: (v) => safe.has(v) || refOuts.has(v) };
  const unified = unify(known, a, b);
  for (const v of unified) refOuts.add(v);
  for (const v of safe) refOuts.delete(v);
  return refOuts;
}

function callOutputs(args: readonly Term[], arity: number, safe: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const a of args) refOutputs(a, safe, out);
  if (args.length <= arity) return out;
  const inputs = new Set<string>();
  for (const a of args.slice(0, arity)) termVars(a, inputs, CALL_ARGS);
  for (const v of inputs) if (!out.has(v) && !safe.has(v)) return new Set();
  for (const a of args.slice(arity)) termVars(a, out, CALL_ARGS);
  return out;
}

/** Vars in the paths of refs whose heads are bound: `input.a[x]` binds `x`. Closures are skipped. */
function refOutputs(t: Term, safe: ReadonlySet<string>, out: Set<string>): Set<string> {
  switch (t.kind) {
    case 'ref':
      if (!isRefSafe(t, safe)) return out;
      for (const p of t.path) termVars(p, out, { skipClosures: true, skipRefHead: true });
      refOutputs(t.head, safe, out);
      for (const p of t.path) refOutputs(p, safe, out);
      return out;
    case 'array':
    case 'set':
      for (const i of t.items) refOutputs(i, safe, out);
      return out;
    case 'object':
      for (const i of t.items) {
        refOutputs(i.key, safe, out);
        refOutputs(i.value, safe, out);
      }
      return out;
    case 'call':
      for (const a of t.args) refOutputs(a, safe, out);
      return out;
    default:
      return out;
  }
}

/**
 * A ref can be evaluated: its head is bound, and so is every ref nested in its path (`x` in
 * `data.xs[x.k]`: only plain vars in a path are outputs, a nested ref must be readable).
 */
function isRefSafe(r: RefTerm, safe: VarLookup): boolean {
  const headSafe = r.head.kind === 'var' ? safe.has(r.head.name) || ROOT_VARS.has(r.head.name) : allIn(termVars(r.head, new Set(), SAFETY), safe);
  return headSafe && r.path.every((p) => nestedRefsSafe(p, safe));
}

function nestedRefsSafe(t: Term, safe: VarLookup): boolean {
  switch (t.kind) {
    case 'ref':
      return isRefSafe(t, safe);
    case 'array':
    case 'set':
      return t.items.every((i) => nestedRefsSafe(i, safe));
    case 'object':
      return t.items.every((i) => nestedRefsSafe(i.key, safe) && nestedRefsSafe(i.value, safe));
    case 'call':
      return t.args.every((a) => nestedRefsSafe(a, safe));
    default:
      return true;
  }
}

function allIn(vs: Iterable<string>, safe: VarLookup): boolean {
  for (const v of vs) if (!safe.has(v) && !ROOT_VARS.has(v)) return false;
  return true;
}

/** The vars that unifying `a` with `b` binds, given bound vars `safe` (OPA's Unify). */
export function unify(safe: VarLookup, a: Term, b: Term): Set<string> {
  const u = new Unifier(safe);
  u.unify(a, b);
  return u.unified;
}

class Unifier {
  readonly unified = new Set<string>();
  private readonly unknown = new Map<string, Set<string>>();
  /** The vars known to be bound so far: `safe` plus `unified`. */
  private readonly bound: VarLookup = { has: (v) => this.isSafe(v) };
  constructor(private readonly safe: VarLookup) {}

  private isSafe(v: string): boolean {
    return this.safe.has(v) || this.unified.has(v) || ROOT_VARS.has(v);
  }

  private isBound(t: Term): boolean {
    if (t.kind === 'ref') return isRefSafe(t, this.bound);
    return allIn(termVars(t, new Set(), SAFETY), this.bound);
  }

  unify(a: Term, b: Term): void {
    switch (a.kind) {
      case 'var':
        return this.unifyVar(a.name, b);
      case 'ref':
      case 'call':
        if (this.isBound(a)) this.markTermSafe(b);
        return;
      case 'arrayComprehension':
      case 'objectComprehension':
      case 'setComprehension':
        return this.markTermSafe(b);
      case 'array':
      case 'object':
        return this.unifyComposite(a, b);
      case 'set':
        // Unification never binds a set's elements: a set is a value only once all its vars are bound.
        if (this.isBound(a)) this.markTermSafe(b);
        return;
      default:
        if (b.kind === 'var') this.markSafe(b.name);
    }
  }

  private unifyVar(a: string, b: Term): void {
    switch (b.kind) {
      case 'var':
        if (this.isSafe(b.name)) this.markSafe(a);
        else if (this.isSafe(a)) this.markSafe(b.name);
        else {
          this.markUnknown(a, b.name);
          this.markUnknown(b.name, a);
        }
        return;
      case 'array':
      case 'object':
        return this.unifyAll(a, b);
      case 'ref':
      case 'call':
      case 'set':
        if (this.isBound(b)) this.markSafe(a);
        return;
      default:
        this.markSafe(a);
    }
  }

  private unifyComposite(a: Term & { kind: 'array' | 'object' }, b: Term): void {
    if (b.kind === 'var') return this.unifyAll(b.name, a);
    if (b.kind === 'ref' || b.kind === 'call') {
      if (this.isBound(b)) this.markAllSafe(a);
      return;
    }
    if (b.kind === 'arrayComprehension' || b.kind === 'objectComprehension' || b.kind === 'setComprehension') {
      return this.markAllSafe(a);
    }
    if (a.kind === 'array' && b.kind === 'array' && a.items.length === b.items.length) {
      a.items.forEach((x, i) => this.unify(x, b.items[i] as Term));
    } else if (a.kind === 'object' && b.kind === 'object' && a.items.length === b.items.length) {
      for (const item of a.items) {
        const other = b.items.find((o) => sameGround(o.key, item.key));
        if (other) this.unify(item.value, other.value);
      }
    }
  }

  /** `b` gets the value of a bound term: a var becomes bound, a pattern's vars too. */
  private markTermSafe(b: Term): void {
    if (b.kind === 'var') this.markSafe(b.name);
    else if (b.kind === 'array' || b.kind === 'object') this.markAllSafe(b);
  }

  private markAllSafe(t: Term): void {
    for (const v of termVars(t, new Set(), PATTERN)) this.markSafe(v);
  }

  private unifyAll(a: string, b: Term): void {
    if (this.isSafe(a)) return this.markAllSafe(b);
    const unsafe = [...termVars(b, new Set(), PATTERN)].filter((v) => !this.isSafe(v));
    if (unsafe.length === 0) this.markSafe(a);
    else for (const v of unsafe) this.markUnknown(a, v);
  }

  private markSafe(v: string): void {
    if (this.unified.has(v)) return;
    this.unified.add(v);
    if (this.unknown.size === 0) return;
    const deps = this.unknown.get(v);
    this.unknown.delete(v);
    for (const d of deps ?? []) this.markSafe(d);
    for (const [other, ds] of [...this.unknown]) {
      if (ds.delete(v) && ds.size === 0) this.markSafe(other);
    }
  }

  private markUnknown(a: string, b: string): void {
    const s = this.unknown.get(a) ?? new Set<string>();
    s.add(b);
    this.unknown.set(a, s);
  }
}

/** Structural equality of two ground scalar/composite terms (object keys). */
function sameGround(a: Term, b: Term): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
      return a.value === (b as typeof a).value;
    case 'number':
      return a.text === (b as typeof a).text;
    case 'boolean':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'var':
      return a.name === (b as typeof a).name;
    default:
      return false;
  }
}
