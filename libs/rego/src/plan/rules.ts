/**
 * Rule sets to functions. One function per rule-tree node with rules (`g<scope>.data.pkg.p`):
 * - complete rules: every body `AssignVarOnce`s its value into the result (two different values
 *   abort: "complete rules must not produce multiple outputs"); an `else` chain runs its
 *   alternatives only while the chain's value is undefined; `default` runs only when every other
 *   body was undefined;
 * - functions: the same, with arguments unified against each definition's parameter patterns;
 * - multi-value rules build a set; rules with variables in the head ref (`p[x].q[y] := v`,
 *   `p.q[k] contains v`) build nested objects with `ObjectInsertOnce` ("object keys must be unique");
 * - key-value rule sets also get a keyed variant (`...#key`) that runs the bodies for one key only.
 * Nodes without rules get a document function (`g0.data.pkg`) building their virtual object.
 */
import type { CheckedRule, RuleTreeNode } from '../check/program';
import type { Location } from '../diagnostics';
import type { Term } from '../syntax/ast';
import { localOp } from './builder';
import { callPlanned } from './calls';
import { planKeyedFunc, planPartial } from './partial';
import { FuncCtx, type Planner } from './context';
import { planBody } from './exprs';
import type * as ir from './ir';
import { type BodyItem, planIndexed } from './rule-index';
import type { Scope } from './scope';
import { planTerm } from './terms';
import { unifyLocal } from './unify';

/** What naming a function needs: the planner and the scope of the caller. */
export interface ScopeCtx {
  readonly planner: Planner;
  readonly scope: Scope;
}

export interface FuncRef {
  readonly name: string;
  readonly scope: Scope;
}

export function isFunctionNode(node: RuleTreeNode): boolean {
  return node.rules[0]?.kind === 'function';
}

/** Child keys that are part of the node's document (no functions, no paths replaced by `with`). */
export function visibleChildKeys(cx: ScopeCtx, node: RuleTreeNode): string[] {
  return cx.planner.childKeys(node).filter((k) => {
    const child = node.children.get(k) as RuleTreeNode;
    return !isFunctionNode(child) && !cx.scope.isReplaced(child.path);
  });
}

export function rulesFuncName(cx: ScopeCtx, node: RuleTreeNode): FuncRef {
  const scope = cx.planner.scopeFor(node, cx.scope);
  return { name: cx.planner.funcName('rules', node, scope, (n) => planRulesFunc(cx.planner, node, scope, n)), scope };
}

export function keyedFuncName(cx: ScopeCtx, node: RuleTreeNode): FuncRef {
  const scope = cx.planner.scopeFor(node, cx.scope);
  return { name: cx.planner.funcName('keyed', node, scope, (n) => planKeyedFunc(cx.planner, node, scope, n)), scope };
}

export function docFuncName(cx: ScopeCtx, node: RuleTreeNode): FuncRef {
  const scope = cx.planner.scopeFor(node, cx.scope);
  return { name: cx.planner.funcName('doc', node, scope, (n) => planDocFunc(cx.planner, node, scope, n)), scope };
}

/** A function context: params are input, data, `nargs` arguments, then the scope's captures. */
export function newFunc(planner: Planner, scope: Scope, nargs: number, loc: Location): { c: FuncCtx; params: ir.Local[] } {
  const params = Array.from({ length: 2 + nargs + scope.captureCount }, (_, i) => i);
  const caps = params.slice(2 + nargs);
  return { c: new FuncCtx(planner, scope, caps, params.length, loc), params };
}

export function finish(
  name: string,
  node: RuleTreeNode,
  params: ir.Local[],
  ret: ir.Local,
  blocks: ir.Block[],
  memoizable: boolean,
  internal = false,
): ir.Func {
  blocks.push({ stmts: [{ type: 'ReturnLocal', source: ret }] });
  const f: ir.Func = { name, params, returnLocal: ret, blocks, path: node.path.slice(1), memoizable };
  return internal ? { ...f, internal } : f;
}

function planRulesFunc(planner: Planner, node: RuleTreeNode, scope: Scope, name: string): ir.Func {
  const first = node.rules[0] as CheckedRule;
  const nargs = first.kind === 'function' ? first.args.length : 0;
  const { c, params } = newFunc(planner, scope, nargs, first.loc);
  const ret = c.newLocal();
  const blocks: ir.Block[] = [];
  const args = params.slice(2, 2 + nargs);
  if (first.kind === 'complete' || first.kind === 'function') planSingleValued(c, node, args, ret, blocks);
  else planPartial(c, node, ret, blocks);
  return finish(name, node, params, ret, blocks, nargs === 0 && scope.captureCount === 0, !scope.isRoot);
}

/** Complete rules and functions: one value per evaluation (per argument tuple). */
function planSingleValued(c: FuncCtx, node: RuleTreeNode, args: ir.Local[], ret: ir.Local, blocks: ir.Block[]): void {
  const conflict: ir.ConflictKind = node.rules[0]?.kind === 'function' ? 'function' : 'complete';
  const rules = node.rules.filter((r) => !r.isDefault);
  const plain = rules.filter((r) => r.elses.length === 0);
  const chains = rules.filter((r) => r.elses.length > 0);
  const assign = (r: CheckedRule, value: Term, target: ir.Local) => () => assignValue(c, r.loc, value, target, conflict);
  // All bodies yield one constant (`allow if ...`): once one succeeded the others cannot change or
  // conflict with the result, so they are skipped, and so are the remaining iterations of the
  // successful body (OPA's evaluator exits early the same way).
  const early = chains.length === 0 && sameConstant(rules.map((r) => r.value as Term));
  blocks.push(
    c.b.block(() => {
      const allBodies = c.b.depth;
      planIndexed(c, plain.map(bodyItem), (item) =>
        c.b.nested(() =>
          c.vars.scoped(() => {
            if (early) c.emit({ type: 'IsUndefined', source: ret });
            const done = (): void => {
              assign(item.rule, item.rule.value as Term, ret)();
              if (early) c.b.breakTo(allBodies);
            };
            unifyArgs(c, item.rule.args, args, () => planBody(c, item.body, done));
          }),
        ),
      );
      for (const r of chains) planChain(c, r, args, ret, conflict);
    }),
  );
  const def = node.rules.find((r) => r.isDefault);
  if (def) {
    blocks.push(
      c.b.block(() => {
        c.emit({ type: 'IsUndefined', source: ret });
        c.vars.scoped(() => unifyArgs(c, def.args, args, () => planBody(c, def.body, assign(def, def.value as Term, ret))));
      }),
    );
  }
}

/** True when every term is the same scalar constant. */
function sameConstant(values: readonly Term[]): boolean {
  const key = (t: Term): string | undefined =>
    t.kind === 'boolean' ? `b${t.value}` : t.kind === 'string' ? `s${t.value}` : t.kind === 'null' ? 'n' : t.kind === 'number' ? `#${t.text}` : undefined;
  const first = values[0] && key(values[0]);
  return first !== undefined && values.every((v) => key(v) === first);
}

/** A rule with `else`: the first alternative with a value wins; its value then joins the others. */
function planChain(c: FuncCtx, r: CheckedRule, args: ir.Local[], ret: ir.Local, conflict: ir.ConflictKind): void {
  const chain = c.newLocal();
  const alts = [{ body: r.body, value: r.value as Term, loc: r.loc }, ...r.elses];
  alts.forEach((alt, i) =>
    c.b.nested(() =>
      c.vars.scoped(() => {
        if (i > 0) c.emit({ type: 'IsUndefined', source: chain });
        unifyArgs(c, r.args, args, () => planBody(c, alt.body, () => assignValue(c, alt.loc, alt.value, chain, conflict)));
      }),
    ),
  );
  c.b.nested(() => {
    c.emit({ type: 'IsDefined', source: chain });
    const saved = c.loc;
    c.loc = r.loc;
    c.emitAt({ type: 'AssignVarOnce', source: localOp(chain), target: ret, conflict });
    c.loc = saved;
  });
}

function assignValue(c: FuncCtx, loc: Location, value: Term, target: ir.Local, conflict: ir.ConflictKind): void {
  planTerm(c, value, (op) => {
    const saved = c.loc;
    c.loc = loc;
    c.emitAt({ type: 'AssignVarOnce', source: op, target, conflict });
    c.loc = saved;
  });
}

function unifyArgs(c: FuncCtx, patterns: readonly Term[], args: readonly ir.Local[], k: () => void): void {
  const rec = (i: number): void => (i === patterns.length ? k() : unifyLocal(c, patterns[i] as Term, args[i] as ir.Local, () => rec(i + 1)));
  rec(0);
}

function bodyItem(rule: CheckedRule): BodyItem {
  return { rule, body: rule.body, suffix: rule.suffix };
}

/** The virtual document of a child node (rules: its function; otherwise its document function). */
export function childDoc(c: FuncCtx, child: RuleTreeNode): ir.Local {
  const f = child.rules.length > 0 ? rulesFuncName(c, child) : docFuncName(c, child);
  return callPlanned(c, f.name, f.scope, []);
}

/** A node without rules: an object of its visible children (the base document is merged by the caller). */
function planDocFunc(planner: Planner, node: RuleTreeNode, scope: Scope, name: string): ir.Func {
  const { c, params } = newFunc(planner, scope, 0, { file: '', row: 0, col: 0 });
  const ret = c.newLocal();
  const blocks: ir.Block[] = [];
  blocks.push(
    c.b.block(() => {
      c.emit({ type: 'MakeObject', target: ret });
      for (const key of visibleChildKeys(c, node)) {
        const child = node.children.get(key) as RuleTreeNode;
        c.b.nested(() => {
          const value = childDoc(c, child);
          c.emit({ type: 'ObjectInsert', key: c.str(key), value: localOp(value), object: ret });
        });
      }
    }),
  );
  return finish(name, node, params, ret, blocks, scope.captureCount === 0, !scope.isRoot);
}
