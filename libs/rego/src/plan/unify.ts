/**
 * Unification (`a = b`). An unbound var is bound to the local holding the other side (no copy);
 * bound values are compared with `Equal`; array and object patterns are matched structurally
 * against a value (type check, length, then element by element); refs and comprehensions are
 * planned first and their value unified. Unification that cannot succeed statically (`1 = 2`,
 * `[x] = [1, 2]`) simply does not plan the rest of the body.
 */
import { RegoInternalError } from '../diagnostics';
import type { Term } from '../syntax/ast';
import { localOp } from './builder';
import type { FuncCtx } from './context';
import type * as ir from './ir';
import { type Cont, hasUnboundVars, planTerm, planTermLocal, toLocal } from './terms';

type Composite = Extract<Term, { kind: 'array' | 'object' | 'set' }>;

const isScalar = (t: Term): boolean => t.kind === 'null' || t.kind === 'boolean' || t.kind === 'number' || t.kind === 'string';
const needsEval = (t: Term): boolean =>
  t.kind === 'ref' || t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension';

export function unify(c: FuncCtx, a: Term, b: Term, k: Cont): void {
  if (a.kind === 'var' && b.kind === 'var') return unifyVars(c, a.name, b.name, k);
  if (a.kind === 'var') return unifyVarTerm(c, a.name, b, k);
  if (b.kind === 'var') return unifyVarTerm(c, b.name, a, k);
  if (needsEval(a)) return planTermLocal(c, a, (l) => unifyLocal(c, b, l, k));
  if (needsEval(b)) return planTermLocal(c, b, (l) => unifyLocal(c, a, l, k));
  if (isScalar(a) && isScalar(b)) return scalarsEqual(a, b) ? k() : undefined;
  if (isScalar(a) || isScalar(b)) return; // scalar vs composite never unifies
  unifyComposites(c, a as Composite, b as Composite, k);
}

function unifyVars(c: FuncCtx, a: string, b: string, k: Cont): void {
  const la = c.vars.get(a);
  const lb = c.vars.get(b);
  if (la !== undefined && lb !== undefined) {
    if (la !== lb) c.emit({ type: 'Equal', a: localOp(la), b: localOp(lb) });
    return k();
  }
  if (la !== undefined) c.vars.bind(b, la);
  else if (lb !== undefined) c.vars.bind(a, lb);
  else throw new RegoInternalError(`unification of two unbound vars ${a} and ${b} (${c.loc.file}:${c.loc.row})`);
  k();
}

function unifyVarTerm(c: FuncCtx, name: string, t: Term, k: Cont): void {
  const l = c.vars.get(name);
  if (l !== undefined) return unifyLocal(c, t, l, k);
  if (hasUnboundVars(c, t) && !needsEval(t)) {
    throw new RegoInternalError(`unification of unbound var ${name} with a pattern with unbound vars (${c.loc.file}:${c.loc.row})`);
  }
  planTerm(c, t, (op) => {
    c.vars.bind(name, toLocal(c, op));
    k();
  });
}

/** Unifies a term (pattern) with the value held in `l`. */
export function unifyLocal(c: FuncCtx, t: Term, l: ir.Local, k: Cont): void {
  if (t.kind === 'var') {
    const bound = c.vars.get(t.name);
    if (bound === undefined) c.vars.bind(t.name, l);
    else if (bound !== l) c.emit({ type: 'Equal', a: localOp(bound), b: localOp(l) });
    return k();
  }
  if ((t.kind === 'array' || t.kind === 'object') && hasUnboundVars(c, t)) return unifyPattern(c, t, l, k);
  planTerm(c, t, (op) => {
    c.emit({ type: 'Equal', a: op, b: localOp(l) });
    k();
  });
}

/** An array or object pattern with unbound vars against a value. */
function unifyPattern(c: FuncCtx, t: Extract<Term, { kind: 'array' | 'object' }>, l: ir.Local, k: Cont): void {
  const n = c.newLocal();
  const want = c.newLocal();
  c.emit(t.kind === 'array' ? { type: 'IsArray', source: localOp(l) } : { type: 'IsObject', source: localOp(l) });
  c.emit({ type: 'Len', source: localOp(l), target: n });
  c.emit({ type: 'MakeNumberInt', value: t.items.length, target: want });
  c.emit({ type: 'Equal', a: localOp(n), b: localOp(want) });
  const rec = (i: number): void => {
    if (i === t.items.length) return k();
    const item = t.items[i];
    const value = c.newLocal();
    if (t.kind === 'array') {
      const idx = c.newLocal();
      c.emit({ type: 'MakeNumberInt', value: i, target: idx });
      c.emit({ type: 'Dot', source: localOp(l), key: localOp(idx), target: value });
      return unifyLocal(c, item as Term, value, () => rec(i + 1));
    }
    const { key, value: v } = item as { key: Term; value: Term };
    planTerm(c, key, (keyOp) => {
      c.emit({ type: 'Dot', source: localOp(l), key: keyOp, target: value });
      unifyLocal(c, v, value, () => rec(i + 1));
    });
  };
  rec(0);
}

function unifyComposites(c: FuncCtx, a: Composite, b: Composite, k: Cont): void {
  if (a.kind !== b.kind) return;
  if (a.kind === 'set' || b.kind === 'set') {
    return planTerm(c, a, (x) => planTerm(c, b, (y) => (c.emit({ type: 'Equal', a: x, b: y }), k())));
  }
  if (a.kind === 'array' && b.kind === 'array') {
    if (a.items.length !== b.items.length) return;
    return unifyPairs(c, a.items.map((x, i): [Term, Term] => [x, b.items[i] as Term]), k);
  }
  if (a.kind === 'object' && b.kind === 'object') return unifyObjects(c, a, b, k);
}

/** Object literals: keys must match (ground keys compared statically), then values unify. */
function unifyObjects(c: FuncCtx, a: Extract<Term, { kind: 'object' }>, b: Extract<Term, { kind: 'object' }>, k: Cont): void {
  if (a.items.length !== b.items.length) return;
  const pairs: [Term, Term][] = [];
  for (const item of a.items) {
    const match = b.items.find((o) => isScalar(o.key) && isScalar(item.key) && scalarsEqual(o.key, item.key));
    if (!match) {
      // Non-scalar keys: compare the two objects as values.
      return planTermLocal(c, b, (l) => unifyLocal(c, a, l, k));
    }
    pairs.push([item.value, match.value]);
  }
  unifyPairs(c, pairs, k);
}

/**
 * Unifies element pairs, each as soon as it can be planned: `[x, y] = [y, 1]` binds y first. A pair
 * of two unbound vars waits until one of them is bound by another pair.
 */
function unifyPairs(c: FuncCtx, pairs: readonly [Term, Term][], k: Cont): void {
  if (pairs.length === 0) return k();
  const ready = pairs.findIndex(([a, b]) => !(hasUnboundVars(c, a) && hasUnboundVars(c, b)));
  const i = ready < 0 ? 0 : ready; // none ready: let unify report the unsafe pair
  const [a, b] = pairs[i] as [Term, Term];
  unify(c, a, b, () => unifyPairs(c, pairs.filter((_, j) => j !== i), k));
}

function scalarsEqual(a: Term, b: Term): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'null':
      return true;
    case 'boolean':
      return a.value === (b as typeof a).value;
    case 'string':
      return a.value === (b as typeof a).value;
    case 'number':
      return a.text === (b as typeof a).text || Number(a.text) === Number((b as typeof a).text);
    default:
      return false;
  }
}
