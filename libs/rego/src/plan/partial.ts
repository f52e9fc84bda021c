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
import { childDoc, finish, newFunc, visibleChildKeys } from './rules';
import type { Scope } from './scope';
import { planTerm } from './terms';
import { unifyLocal } from './unify';

/** A complete-rule node below the planned node, inserted by value at `prefix`. */
interface Nested {
  readonly node: RuleTreeNode;
  readonly prefix: readonly string[];
}

/** Own rules plus the key-value rules and complete nodes of the subtree, with suffixes relative to `node`. */
function subtree(c: FuncCtx, node: RuleTreeNode): { items: BodyItem[]; nested: Nested[] } {
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
  blocks.push({ stmts: [isSet ? { type: 'MakeSet', target: ret } : { type: 'MakeObject', target: ret }] });
  blocks.push(
    c.b.block(() => {
      planIndexed(c, items, (item) =>
        c.b.nested(() => c.vars.scoped(() => planBody(c, item.body, () => at(c, item.rule.loc, () => insertHead(c, item, ret, 0))))),
      );
      for (const n of nested) c.b.nested(() => insertValue(c, n, ret, 0));
    }),
  );
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

/** Adds a rule's head to the document under construction, from suffix position `from`. */
function insertHead(c: FuncCtx, item: BodyItem, doc: ir.Local, from: number): void {
  const r = item.rule;
  const s = item.suffix;
  if (s.length === from) {
    // Only a set node's own `contains` rules end here.
    return planTerm(c, r.key as Term, (value) => c.emit({ type: 'SetAdd', value, set: doc }));
  }
  const last = from === s.length - 1;
  planTerm(c, s[from] as Term, (key) => {
    if (last && r.kind === 'object') {
      return planTerm(c, r.value as Term, (value) => c.emitAt({ type: 'ObjectInsertOnce', key, value, object: doc, conflict: 'objectKey' }));
    }
    insertHead(c, item, childAt(c, doc, key, last ? 'set' : 'object'), from + 1);
  });
}

/** A complete-rule node's value at its prefix (from position `from`). */
function insertValue(c: FuncCtx, n: Nested, doc: ir.Local, from: number): void {
  const key = c.str(n.prefix[from] as string);
  if (from < n.prefix.length - 1) return insertValue(c, n, childAt(c, doc, key, 'object'), from + 1);
  const value = childDoc(c, n.node);
  at(c, n.node.rules[0]?.loc ?? c.loc, () => c.emitAt({ type: 'ObjectInsertOnce', key, value: localOp(value), object: doc, conflict: 'objectKey' }));
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
          if (n.prefix.length > 1) return insertValue(c, n, ensure(c, ret, 'object'), 1);
          const value = childDoc(c, n.node);
          at(c, n.node.rules[0]?.loc ?? c.loc, () => c.emitAt({ type: 'AssignVarOnce', source: localOp(value), target: ret, conflict: 'objectKey' }));
        });
      }
    }),
  ];
  return finish(name, node, params, ret, blocks, false);
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
