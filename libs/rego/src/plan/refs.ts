/**
 * References. `input...` and locals are walked with Dot (bound keys) and Scan (unbound vars).
 * `data...` mixes virtual documents (rules) with base data:
 * - a ground key that names a rule node calls that node's function; a bound key into a node with
 *   key-value rules (`p[k] := v`, `p contains k`) calls its keyed variant, so only the bodies for that
 *   key run;
 * - a var key enumerates the node's virtual children (one block per child), then scans the base
 *   document at the same path, skipping keys that rules cover;
 * - a ref that ends at a node without rules yields the node's virtual document deep-merged with the
 *   base document at that path (an empty package is `{}`).
 * Under a `with` scope, paths at or below a replaced data path are read from (replaced) base data.
 */
import type { RuleTreeNode } from '../check/program';
import type { RefTerm, Term } from '../syntax/ast';
import { localOp } from './builder';
import type { FuncCtx } from './context';
import { callPlanned } from './calls';
import { dispatchOnKey } from './dispatch';
import { keyedSafe } from './partial';
import * as ir from './ir';
import { docFuncName, isFunctionNode, keyedFuncName, rulesFuncName, visibleChildKeys } from './rules';
import { planTerm, varLocal } from './terms';
import { unifyLocal } from './unify';

export type LocalCont = (l: ir.Local) => void;

export function planRef(c: FuncCtx, ref: RefTerm, k: LocalCont): void {
  const head = ref.head;
  if (head.kind !== 'var') {
    return planTerm(c, head, (op) => planValueRef(c, toLocalOp(c, op), ref.path, 0, k));
  }
  if (head.name === 'input') {
    if (ref.path.length === 0) c.emit({ type: 'IsDefined', source: ir.INPUT_LOCAL }); // no input given
    return planValueRef(c, ir.INPUT_LOCAL, ref.path, 0, k);
  }
  if (head.name === 'data') {
    const dataNode = c.planner.program.tree.children.get('data');
    return walkData(c, { node: dataNode, abs: ['data'], base: [] }, ref.path, 0, k);
  }
  planValueRef(c, varLocal(c, head.name), ref.path, 0, k);
}

function toLocalOp(c: FuncCtx, op: ir.Operand): ir.Local {
  return op.kind === 'local' ? op.local : c.b.assign(op);
}

/** Walks `path[i..]` from a value: Dot for bound keys, Scan for keys that bind vars. */
export function planValueRef(c: FuncCtx, src: ir.Local, path: readonly Term[], i: number, k: LocalCont): void {
  if (i === path.length) return k(src);
  const t = path[i] as Term;
  if (hasUnbound(c, t)) {
    const key = c.newLocal();
    const value = c.newLocal();
    const block = c.b.loopBlock(() =>
      c.vars.scoped(() => {
        if (t.kind === 'var') {
          c.vars.bind(t.name, key);
          planValueRef(c, value, path, i + 1, k);
        } else {
          unifyLocal(c, t, key, () => planValueRef(c, value, path, i + 1, k));
        }
      }),
    );
    c.emit({ type: 'Scan', source: src, key, value, block });
    return;
  }
  planTerm(c, t, (key) => {
    const target = c.newLocal();
    c.emit({ type: 'Dot', source: localOp(src), key, target });
    planValueRef(c, target, path, i + 1, k);
  });
}

function hasUnbound(c: FuncCtx, t: Term): boolean {
  if (t.kind === 'var') return !c.vars.has(t.name);
  if (t.kind === 'array' || t.kind === 'set') return t.items.some((x) => hasUnbound(c, x));
  if (t.kind === 'object') return t.items.some((x) => hasUnbound(c, x.value));
  return false;
}

/** Where a data walk is: the rule-tree node (if any), its absolute path, and the base keys so far. */
interface DataPos {
  readonly node: RuleTreeNode | undefined;
  readonly abs: readonly string[];
  readonly base: readonly ir.Operand[];
}

function walkData(c: FuncCtx, pos: DataPos, path: readonly Term[], i: number, k: LocalCont): void {
  const { node } = pos;
  if (!node || c.scope.isReplaced(pos.abs) || (node.rules.length === 0 && node.children.size === 0 && !node.isPackage)) {
    return baseOnly(c, pos.base, path, i, k);
  }
  if (node.rules.length > 0) {
    if (isFunctionNode(node)) return; // a function is not a document: the ref is undefined
    return ruleRef(c, node, path, i, k);
  }
  if (i === path.length) return wholeDoc(c, pos, k);
  const t = path[i] as Term;
  if (t.kind === 'string') {
    const child = node.children.get(t.value);
    const next: DataPos = { node: child, abs: [...pos.abs, t.value], base: [...pos.base, c.str(t.value)] };
    return walkData(c, next, path, i + 1, k);
  }
  if (t.kind !== 'var') return baseOnly(c, pos.base, path, i, k); // rule keys are strings
  if (c.vars.has(t.name)) return boundKey(c, pos, varLocal(c, t.name), path, i, k);
  unboundKey(c, pos, t.name, path, i, k);
}

/** `data.a[k]` with `k` bound: at most one child matches; otherwise base data at `k`. */
function boundKey(c: FuncCtx, pos: DataPos, key: ir.Local, path: readonly Term[], i: number, k: LocalCont): void {
  const node = pos.node as RuleTreeNode;
  const keys = visibleChildKeys(c, node);
  const child = (name: string): DataPos => ({
    node: node.children.get(name),
    abs: [...pos.abs, name],
    base: [...pos.base, c.str(name)],
  });
  dispatchOnKey(c, key, keys, (name) => walkData(c, child(name), path, i + 1, k), () =>
    baseOnly(c, [...pos.base, localOp(key)], path, i + 1, k),
  );
}

/** `data.a[k]` with `k` unbound: every virtual child, then base keys not covered by rules. */
function unboundKey(c: FuncCtx, pos: DataPos, name: string, path: readonly Term[], i: number, k: LocalCont): void {
  const node = pos.node as RuleTreeNode;
  const keys = visibleChildKeys(c, node);
  for (const key of keys) {
    const block = c.b.loopBlock(() =>
      c.vars.scoped(() => {
        c.vars.bind(name, c.b.assign(c.str(key)));
        const next: DataPos = { node: node.children.get(key), abs: [...pos.abs, key], base: [...pos.base, c.str(key)] };
        walkData(c, next, path, i + 1, k);
      }),
    );
    c.emit({ type: 'Block', blocks: [block] });
  }
  const block = c.b.block(() =>
    baseDoc(c, pos.base, (doc) => {
      const key = c.newLocal();
      const value = c.newLocal();
      const scan = c.b.loopBlock(() =>
        c.vars.scoped(() => {
          for (const covered of keys) c.emit({ type: 'NotEqual', a: localOp(key), b: c.str(covered) });
          c.vars.bind(name, key);
          planValueRef(c, value, path, i + 1, k);
        }),
      );
      c.emit({ type: 'Scan', source: doc, key, value, block: scan });
    }),
  );
  c.emit({ type: 'Block', blocks: [block] });
}

/** Base data only: Dot down the base keys from `data`, then the rest of the ref. */
function baseOnly(c: FuncCtx, base: readonly ir.Operand[], path: readonly Term[], i: number, k: LocalCont): void {
  baseDoc(c, base, (doc) => planValueRef(c, doc, path, i, k));
}

function baseDoc(c: FuncCtx, base: readonly ir.Operand[], k: LocalCont): void {
  let src: ir.Local = ir.DATA_LOCAL;
  for (const key of base) {
    const target = c.newLocal();
    c.emit({ type: 'Dot', source: localOp(src), key, target });
    src = target;
  }
  k(src);
}

/** A ref that reaches a node with rules: call its function (or keyed variant) and walk the value. */
function ruleRef(c: FuncCtx, node: RuleTreeNode, path: readonly Term[], i: number, k: LocalCont): void {
  const key = path[i];
  if (key && keyedLookup(node) && isBoundKey(c, key) && keyedSafe(c.planner, node)) {
    const { name, scope } = keyedFuncName(c, node);
    return planTerm(c, key, (keyOp) => {
      const v = callPlanned(c, name, scope, [keyOp]);
      planValueRef(c, v, path, i + 1, k);
    });
  }
  const { name, scope } = rulesFuncName(c, node);
  const v = callPlanned(c, name, scope, []);
  planValueRef(c, v, path, i, k);
}

/** Key-value rule sets can run their bodies for one key (see partial.ts). */
function keyedLookup(node: RuleTreeNode): boolean {
  const kind = node.rules[0]?.kind;
  return kind === 'object' || kind === 'multi';
}

function isBoundKey(c: FuncCtx, t: Term): boolean {
  if (t.kind === 'var') return c.vars.has(t.name);
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'boolean' || t.kind === 'null';
}

/** The document at a node without rules: its virtual object deep-merged with the base document. */
function wholeDoc(c: FuncCtx, pos: DataPos, k: LocalCont): void {
  const { name, scope } = docFuncName(c, pos.node as RuleTreeNode);
  const virtual = callPlanned(c, name, scope, []);
  let base: ir.Local = ir.DATA_LOCAL;
  if (pos.base.length > 0) {
    base = c.newLocal();
    c.emit({ type: 'ResetLocal', target: base });
    c.b.nested(() => baseDoc(c, pos.base, (doc) => c.emit({ type: 'AssignVar', source: localOp(doc), target: base })));
  }
  const result = c.newLocal();
  c.emit({ type: 'ObjectMerge', a: base, b: virtual, target: result }); // base undefined: the virtual object
  k(result);
}
