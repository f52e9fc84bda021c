/**
 * Pass: no rule may depend on itself (OPA's CheckRecursion), functions included: the planner plans
 * lazily by path and would not terminate. A rule depends on every rule a ref in it may reach: refs
 * with vars (`data.a[x].p`) reach every rule under the branches the var can take, and a ref to a
 * package reaches every rule below it. Cycles are found with Tarjan's algorithm (linear time); each
 * rule on a cycle gets `rego_recursion_error: rule data.p is recursive: data.p -> data.q -> data.p`.
 */
import type { Body, Expr, RefTerm, Term } from '../syntax/ast';
import { forEachTermInExpr } from './ast-util';
import type { CheckContext, TreeNode, WorkRule } from './compile-context';
import { ruleRefString } from './rule-tree';

export function checkRecursion(ctx: CheckContext): void {
  const deps = dependencies(ctx);
  for (const scc of stronglyConnected(ctx.rules.length, deps)) {
    const cyclic = scc.length > 1 || (deps[scc[0] as number] as Set<number>).has(scc[0] as number);
    if (!cyclic) continue;
    const members = new Set(scc);
    for (const id of [...scc].sort((a, b) => a - b)) {
      const path = cyclePath(id, deps, members);
      const rule = ctx.rules[id] as WorkRule;
      const names = path.map((i) => ruleRefString(ctx.rules[i] as WorkRule));
      ctx.error('rego_recursion_error', `rule ${ruleRefString(rule)} is recursive: ${names.join(' -> ')}`, rule.source.loc);
    }
  }
}

/** For each rule id, the ids of the rules it refers to. */
function dependencies(ctx: CheckContext): Set<number>[] {
  const cache = new Map<string, number[]>();
  return ctx.rules.map((rule) => {
    const out = new Set<number>();
    for (const ref of rule.dataRefs ?? refsOf(rule)) {
      const key = refKey(ref);
      if (key === undefined) continue;
      let targets = cache.get(key);
      if (!targets) {
        targets = rulesForRef(ctx, ref);
        cache.set(key, targets);
      }
      for (const t of targets) out.add(t);
    }
    return out;
  });
}

function refsOf(rule: WorkRule): RefTerm[] {
  const refs: RefTerm[] = [];
  const visitBody = (body: Body): void => {
    for (const e of body) visitExpr(e);
  };
  const visitExpr = (e: Expr): void =>
    forEachTermInExpr(e, (t) => {
      if (t.kind === 'ref') refs.push(t);
    });
  visitBody(rule.body);
  for (const el of rule.elses) visitBody(el.body);
  const head = [...rule.suffix, ...rule.args, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : []), ...rule.elses.map((e) => e.value)];
  for (const t of head) visitExpr({ kind: 'termExpr', term: t, negated: false, with: [], loc: t.loc });
  return refs;
}

/** `data.a[$x].b` → `data.a.*.b`; undefined for refs not rooted at `data`. */
function refKey(ref: RefTerm): string | undefined {
  if (ref.head.kind !== 'var' || ref.head.name !== 'data') return undefined;
  return ['data', ...ref.path.map((p) => (p.kind === 'string' ? JSON.stringify(p.value) : isConstant(p) ? '#' : '*'))].join('\u0000');
}

function isConstant(t: Term): boolean {
  return t.kind === 'null' || t.kind === 'boolean' || t.kind === 'number';
}

/** The rules a ref may refer to (OPA's GetRulesDynamic). */
function rulesForRef(ctx: CheckContext, ref: RefTerm): number[] {
  const out = new Set<number>();
  const all = (n: TreeNode): void => {
    for (const r of n.rules) out.add(r.id);
    for (const c of n.children.values()) all(c);
  };
  const walk = (node: TreeNode, i: number): void => {
    if (i >= ref.path.length) return all(node);
    const p = ref.path[i] as Term;
    if (p.kind === 'string') {
      const child = node.children.get(p.value);
      if (!child) return;
      for (const r of child.rules) out.add(r.id);
      walk(child, i + 1);
    } else if (!isConstant(p)) {
      for (const child of node.children.values()) {
        for (const r of child.rules) out.add(r.id);
        walk(child, i + 1);
      }
    }
  };
  const data = ctx.tree.children.get('data');
  if (data) walk(data, 0);
  return [...out];
}

/** Tarjan's strongly connected components, iterative so deep dependency chains cannot overflow the stack. */
function stronglyConnected(n: number, deps: readonly Set<number>[]): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; it: Iterator<number> }[] = [];
    const enter = (v: number): void => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = true;
      work.push({ v, it: (deps[v] as Set<number>).values() });
    };
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1] as { v: number; it: Iterator<number> };
      const next = top.it.next();
      if (!next.done) {
        const w = next.value;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[top.v] = Math.min(low[top.v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v] as number, low[top.v] as number);
      if (low[top.v] === index[top.v]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          scc.push(w);
        } while (w !== top.v);
        out.push(scc);
      }
    }
  }
  return out;
}

/** A shortest path from `start` back to itself inside its component: `[start, ..., start]`. */
function cyclePath(start: number, deps: readonly Set<number>[], members: ReadonlySet<number>): number[] {
  const prev = new Map<number, number>();
  const queue: number[] = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi] as number;
    for (const w of deps[v] as Set<number>) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x: number | undefined = v; x !== undefined && x !== start; x = prev.get(x)) path.splice(1, 0, x);
        path.push(start);
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
