/**
 * Key-value rule sets: multi-value rules (`p contains x`) build a set; rules with variables in the
 * head ref (`p[x].q[y] := v`, `p.q[k] contains v`) build nested objects, inserting each value
 * once ("object keys must be unique" when two values meet at one key). Rules of nodes below
 * (`p.b contains "x"` beside `p[k] contains v`) are planned into the same structure as if their
 * path were part of the head ref, so sets at one key are unioned rather than conflicting; complete
 * rules below are inserted by value. The keyed variant (`...#key`) evaluates the bodies for one key
 * of the top object only: a bound ref `data.pkg.p[k]` never builds the whole document.
 */
import type { CheckedRule, RuleTreeNode } from '../check/program';
import type { Location } from '../diagnostics';
import type { Term } from '../syntax/ast';
import { localOp } from './builder';
import type { FuncCtx, Planner } from './context';
import { planBody } from './exprs';
import type * as ir from './ir';
import { type BodyItem, planIndexed } from './rule-index';
import { childDoc, finish, newFunc, type ScopeCtx, visibleChildKeys } from './rules';
import type { Scope } from './scope';
import { planTerm } from './terms';
import { unifyLocal } from './unify';

/** A complete-rule node below the planned node, inserted by value at `prefix`. */
export interface Nested {
  readonly node: RuleTreeNode;
  readonly prefix: readonly string[];
}

/** Own rules plus the key-value rules and complete nodes of the subtree, with suffixes relative to `node`. */
export function subtree(c: ScopeCtx & { readonly loc: Location }, node: RuleTreeNode): { items: BodyItem[]; nested: Nested[] } {
  const items: BodyItem[] = node.rules.map((rule) => ({ rule, body: rule.body, suffix: rule.suffix }));
  const nested: Nested[] = [];
  const walk = (n: RuleTreeNode, prefix: string[]): void => {
    for (const key of visibleChildKeys(c, n)) {
      const child = n.children.get(key) as RuleTreeNode;
      const p = [...prefix, key];
      const kind = child.rules[0]?.kind;
      if (kind === 'complete') {
        nested.push({ node: child, prefix: p });
        continue;
      }
      const loc = child.rules[0]?.loc ?? c.loc;
      const terms = p.map((value): Term => ({ kind: 'string', value, loc }));
      for (const rule of child.rules) items.push({ rule, body: rule.body, suffix: [...terms, ...rule.suffix] });
      walk(child, p);
    }
  };
  walk(node, []);
  return { items, nested };
}

export function planPartial(c: FuncCtx, node: RuleTreeNode, ret: ir.Local, blocks: ir.Block[]): void {
  const first = node.rules[0] as CheckedRule;
  const isSet = first.kind === 'multi' && first.suffix.length === 0;
  const { items, nested } = subtree(c, node);
  const depths = overlapDepths(items, nested);
  const guard: Guard | undefined = depths.size > 0 ? { leaves: c.newLocal(), depths } : undefined;
  const init: ir.Stmt[] = [isSet ? { type: 'MakeSet', target: ret } : { type: 'MakeObject', target: ret }];
  if (guard) init.push({ type: 'MakeSet', target: guard.leaves });
  blocks.push({ stmts: init });
  blocks.push(
    c.b.block(() => {
      planIndexed(c, items, (item) =>
        c.b.nested(() => c.vars.scoped(() => planBody(c, item.body, () => at(c, item.rule.loc, () => insertHead(c, item, ret, 0, [], guard))))),
      );
      for (const n of nested) c.b.nested(() => at(c, n.node.rules[0]?.loc ?? c.loc, () => insertValue(c, n, ret, 0, guard)));
    }),
  );
}

/**
 * When one rule's value sits where another rule's longer head ref continues (`p[q].r := {..}` and
 * `p.q.r.s.u := 42`), OPA reports a conflict instead of merging into the value. Such rule sets
 * record the paths of values at the depths concerned (`leaves`, a set of key arrays); a rule
 * descending through a recorded path aborts, and a value inserted where another rule made an
 * object already conflicts through ObjectInsertOnce.
 */
interface Guard {
  readonly leaves: ir.Local;
  readonly depths: ReadonlySet<number>;
}

/** Lengths of head paths that another, longer head path may continue. */
export function overlapDepths(items: readonly BodyItem[], nested: readonly Nested[]): Set<number> {
  const paths: (readonly Term[])[] = items.filter((i) => i.suffix.length > 0).map((i) => i.suffix);
  for (const n of nested) paths.push(n.prefix.map((value): Term => ({ kind: 'string', value, loc: dummyLoc })));
  const out = new Set<number>();
  const lengths = new Set(paths.map((p) => p.length));
  if (lengths.size < 2) return out;
  for (const a of paths) {
    if (out.has(a.length)) continue;
    if (paths.some((b) => b.length > a.length && a.every((t, i) => mayEqual(t, b[i] as Term)))) out.add(a.length);
  }
  return out;
}

const dummyLoc: Location = { file: '', row: 0, col: 0 };

function mayEqual(a: Term, b: Term): boolean {
  const scalar = (t: Term): string | undefined =>
    t.kind === 'string' ? `s${t.value}` : t.kind === 'number' ? `n${Number(t.text)}` : t.kind === 'boolean' ? `b${t.value}` : t.kind === 'null' ? 'null' : undefined;
  const x = scalar(a);
  const y = scalar(b);
  return x === undefined || y === undefined || x === y;
}

/** Records a value's path (`keys`) when a longer head path may reach through it. */
function recordLeaf(c: FuncCtx, guard: Guard | undefined, keys: readonly ir.Operand[]): void {
  if (!guard || !guard.depths.has(keys.length)) return;
  c.emit({ type: 'SetAdd', value: localOp(pathArray(c, keys)), set: guard.leaves });
}

/** Aborts when a value was recorded at `keys` (descending through it would write into it). */
function checkDescent(c: FuncCtx, guard: Guard | undefined, keys: readonly ir.Operand[]): void {
  if (!guard || !guard.depths.has(keys.length)) return;
  c.b.nested(() => {
    const found = c.newLocal();
    c.emit({ type: 'Dot', source: localOp(guard.leaves), key: localOp(pathArray(c, keys)), target: found });
    // A forced ObjectInsertOnce conflict: the IR has no plain abort statement.
    const t = c.newLocal();
    c.emit({ type: 'MakeObject', target: t });
    c.emit({ type: 'ObjectInsert', key: c.str('v'), value: { kind: 'bool', value: false }, object: t });
    c.emitAt({ type: 'ObjectInsertOnce', key: c.str('v'), value: { kind: 'bool', value: true }, object: t, conflict: 'objectKey' });
  });
}

function pathArray(c: FuncCtx, keys: readonly ir.Operand[]): ir.Local {
  const arr = c.newLocal();
  c.emit({ type: 'MakeArray', capacity: keys.length, target: arr });
  for (const value of keys) c.emit({ type: 'ArrayAppend', value, array: arr });
  return arr;
}

function at(c: FuncCtx, loc: Location, fn: () => void): void {
  const saved = c.loc;
  c.loc = loc;
  try {
    fn();
  } finally {
    c.loc = saved;
  }
}

/**
 * Adds a rule's head to the document under construction, from suffix position `from`; `keys` are
 * the key operands above `from` (for the overlap guard).
 */
function insertHead(c: FuncCtx, item: BodyItem, doc: ir.Local, from: number, keys: readonly ir.Operand[] = [], guard?: Guard): void {
  const r = item.rule;
  const s = item.suffix;
  if (s.length === from) {
    // A set node's own `contains` rules end here; so does a set leaf below.
    recordLeaf(c, guard, keys);
    return planTerm(c, r.key as Term, (value) => c.emit({ type: 'SetAdd', value, set: doc }));
  }
  const last = from === s.length - 1;
  planTerm(c, s[from] as Term, (key) => {
    const path = [...keys, key];
    if (last && r.kind === 'object') {
      recordLeaf(c, guard, path);
      return planTerm(c, r.value as Term, (value) => c.emitAt({ type: 'ObjectInsertOnce', key, value, object: doc, conflict: 'objectKey' }));
    }
    if (!last) checkDescent(c, guard, path);
    insertHead(c, item, childAt(c, doc, key, last ? 'set' : 'object'), from + 1, path, guard);
  });
}

/** A complete-rule node's value at its prefix (from position `from`); nothing when it is undefined. */
function insertValue(c: FuncCtx, n: Nested, doc: ir.Local | (() => ir.Local), from: number, guard?: Guard): void {
  const value = childDoc(c, n.node); // first: an undefined value must not leave empty objects behind
  let obj = typeof doc === 'number' ? doc : doc();
  for (let i = from; i < n.prefix.length - 1; i++) {
    const path = n.prefix.slice(0, i + 1).map((k) => c.str(k));
    checkDescent(c, guard, path);
    obj = childAt(c, obj, c.str(n.prefix[i] as string), 'object');
  }
  recordLeaf(c, guard, n.prefix.map((k) => c.str(k)));
  c.emitAt({ type: 'ObjectInsertOnce', key: c.str(n.prefix[n.prefix.length - 1] as string), value: localOp(value), object: obj, conflict: 'objectKey' });
}

/** `obj[key]`, created empty (object or set) when missing. */
function childAt(c: FuncCtx, obj: ir.Local, key: ir.Operand, kind: 'object' | 'set'): ir.Local {
  const child = c.newLocal();
  const found = c.newLocal();
  c.emit({ type: 'ResetLocal', target: child });
  c.b.nested(() => {
    c.emit({ type: 'Dot', source: localOp(obj), key, target: found });
    c.emit({ type: 'AssignVar', source: localOp(found), target: child });
  });
  c.b.nested(() => {
    c.emit({ type: 'IsUndefined', source: child });
    c.emit(kind === 'set' ? { type: 'MakeSet', target: child } : { type: 'MakeObject', target: child });
    c.emit({ type: 'ObjectInsert', key, value: localOp(child), object: obj });
  });
  c.emit(kind === 'set' ? { type: 'IsSet', source: localOp(child) } : { type: 'IsObject', source: localOp(child) });
  return child;
}

/** The bodies of a key-value rule set for one key (parameter 2): the value at that key. */
export function planKeyedFunc(planner: Planner, node: RuleTreeNode, scope: Scope, name: string): ir.Func {
  const first = node.rules[0] as CheckedRule;
  const { c, params } = newFunc(planner, scope, 1, first.loc);
  const key = 2;
  const ret = c.newLocal();
  const { items, nested } = subtree(c, node);
  const blocks = [
    c.b.block(() => {
      planIndexed(c, items, (item) => c.b.nested(() => c.vars.scoped(() => keyedBody(c, item, key, ret))));
      for (const n of nested) {
        c.b.nested(() => {
          c.emit({ type: 'Equal', a: localOp(key), b: c.str(n.prefix[0] as string) });
          if (n.prefix.length > 1) return at(c, n.node.rules[0]?.loc ?? c.loc, () => insertValue(c, n, () => ensure(c, ret, 'object'), 1));
          const value = childDoc(c, n.node);
          at(c, n.node.rules[0]?.loc ?? c.loc, () => c.emitAt({ type: 'AssignVarOnce', source: localOp(value), target: ret, conflict: 'objectKey' }));
        });
      }
    }),
  ];
  return finish(name, node, params, ret, blocks, false, true);
}

function keyedBody(c: FuncCtx, item: BodyItem, key: ir.Local, ret: ir.Local): void {
  const r = item.rule;
  const s = item.suffix;
  if (s.length === 0) {
    // A set's element: `data.p[x]` with x bound is x itself when some body adds it.
    return unifyLocal(c, r.key as Term, key, () => planBody(c, item.body, () => c.emit({ type: 'AssignVar', source: localOp(key), target: ret })));
  }
  unifyLocal(c, s[0] as Term, key, () =>
    planBody(c, item.body, () =>
      at(c, r.loc, () => {
        if (s.length === 1 && r.kind === 'object') {
          return planTerm(c, r.value as Term, (v) => c.emitAt({ type: 'AssignVarOnce', source: v, target: ret, conflict: 'objectKey' }));
        }
        const set = s.length === 1;
        const doc = ensure(c, ret, set ? 'set' : 'object');
        if (set) planTerm(c, r.key as Term, (value) => c.emit({ type: 'SetAdd', value, set: doc }));
        else insertHead(c, item, doc, 1);
      }),
    ),
  );
}

/** Makes `ret` an empty object/set when it is still undefined. */
function ensure(c: FuncCtx, ret: ir.Local, kind: 'object' | 'set'): ir.Local {
  c.b.nested(() => {
    c.emit({ type: 'IsUndefined', source: ret });
    c.emit(kind === 'set' ? { type: 'MakeSet', target: ret } : { type: 'MakeObject', target: ret });
  });
  c.emit(kind === 'set' ? { type: 'IsSet', source: localOp(ret) } : { type: 'IsObject', source: localOp(ret) });
  return ret;
}

const overlapCache = new WeakMap<RuleTreeNode, boolean>();

/**
 * True when a bound key may be looked up with the keyed variant: no head path of the subtree
 * continues through another rule's value (those need the whole document's overlap guard).
 */
export function keyedSafe(planner: Planner, node: RuleTreeNode): boolean {
  let ok = overlapCache.get(node);
  if (ok === undefined) {
    const { items, nested } = subtree({ planner, scope: planner.rootScope, loc: dummyLoc }, node);
    ok = overlapDepths(items, nested).size === 0;
    overlapCache.set(node, ok);
  }
  return ok;
}
