/**
 * `with` modifiers. They apply to one expression and everything it calls:
 * - `input...` / `data...` targets: a `With` statement replaces the path in the input or data local
 *   while the expression runs (codegen restores it afterwards and uses a fresh memo frame);
 * - a `data` target also opens a planning scope, so rules at or below the path read the replacement
 *   and rules that can reach it are planned again under that scope;
 * - function and builtin targets are mocks: calls are planned against the replacement (a value or
 *   another function) under a scope, and affected callees are planned again. A mock value computed at
 *   run time is passed to re-planned functions as an extra parameter (a capture).
 * The rest of the body must not run inside the `With` block, so bindings made by the expression are
 * carried out of it: through locals when it has at most one solution, through an array of solution
 * tuples when it iterates.
 */
import { findNode, hasRulesBelow, isFunction } from '../check/program';
import { RegoInternalError } from '../diagnostics';
import { lookupBuiltin } from '../builtins/registry';
import type { Expr, Term, WithModifier } from '../syntax/ast';
import { isGround, refToStringPath } from '../syntax/ast';
import { localOp } from './builder';
import type { FuncCtx } from './context';
import { planExprCore } from './exprs';
import * as ir from './ir';
import type { Mock, Scope } from './scope';
import { type Cont, planTerm, planTerms, toLocal } from './terms';

export function hasWith(e: Expr): boolean {
  return e.with.length > 0;
}

/** A `With` statement to emit: a path in the input or data local set to a value term. */
interface DocMod {
  readonly local: ir.Local;
  readonly path: readonly string[];
  readonly value: Term;
}

export function planWith(c: FuncCtx, e: Expr, k: Cont): void {
  const core: Expr = { ...e, with: [] };
  const docs: DocMod[] = [];
  const replaced: string[][] = [];
  const mocks = new Map<string, Mock>();
  const caps: ir.Local[] = [];
  for (const w of e.with) classify(c, w, docs, replaced, mocks, caps);
  const scope = replaced.length > 0 || mocks.size > 0 ? c.scope.child(replaced, mocks, caps.length) : c.scope;
  const allCaps = [...c.caps, ...caps];
  const outer = { scope: c.scope, caps: c.caps };
  // The expression is planned under the new scope; its continuation under the enclosing one.
  const inner = (ik: Cont): void => inScope(c, scope, allCaps, () => planExprCore(c, core, () => inScope(c, outer.scope, outer.caps, ik)));
  if (docs.length === 0) return inner(k);
  planTerms(c, docs.map((d) => d.value), (values) => {
    const wrap = (body: () => void): void => nestWiths(c, docs, values, 0, body);
    const probe = probeSolutions(c, inner);
    if (probe.calls === 0) return; // the expression can never succeed
    if (probe.deep) collectSolutions(c, wrap, inner, k);
    else singleSolution(c, wrap, inner, k);
  });
}

/** Runs `fn` with the context switched to `scope` (for planning under a `with`). */
function inScope(c: FuncCtx, scope: Scope, caps: readonly ir.Local[], fn: () => void): void {
  const saved = { scope: c.scope, caps: c.caps };
  c.scope = scope;
  c.caps = caps;
  try {
    fn();
  } finally {
    c.scope = saved.scope;
    c.caps = saved.caps;
  }
}

function classify(c: FuncCtx, w: WithModifier, docs: DocMod[], replaced: string[][], mocks: Map<string, Mock>, caps: ir.Local[]): void {
  const t = w.target;
  const root = t.head.kind === 'var' ? t.head.name : '';
  if (root === 'input' || root === 'data') {
    const path = stringPath(t.path, w);
    if (root === 'data' && path.length > 0 && isFunction(c.planner.program, ['data', ...path])) {
      mocks.set(['data', ...path].join('.'), mockOf(c, w.value, caps));
      return;
    }
    docs.push({ local: root === 'input' ? ir.INPUT_LOCAL : ir.DATA_LOCAL, path, value: w.value });
    // Base data flows through the data parameter; only rules under the path need planning again.
    const node = root === 'data' ? findNode(c.planner.program, ['data', ...path]) : undefined;
    if (node && hasRulesBelow(node)) replaced.push(['data', ...path]);
    return;
  }
  const name = refToStringPath(t)?.join('.');
  if (!name) throw new RegoInternalError(`unsupported with target at ${w.loc.file}:${w.loc.row}`);
  mocks.set(name, mockOf(c, w.value, caps));
}

function stringPath(terms: readonly Term[], w: WithModifier): string[] {
  return terms.map((p) => {
    if (p.kind !== 'string') throw new RegoInternalError(`with target with a non-string key at ${w.loc.file}:${w.loc.row}`);
    return p.value;
  });
}

function mockOf(c: FuncCtx, v: Term, caps: ir.Local[]): Mock {
  if (v.kind === 'ref' || v.kind === 'var') {
    const path = v.kind === 'ref' ? refToStringPath(v) : [v.name];
    if (path && path[0] === 'data' && isFunction(c.planner.program, path)) return { kind: 'userFunc', path };
    if (path && !path[0]?.startsWith('$') && path[0] !== 'input' && path[0] !== 'data') {
      const name = path.join('.');
      if (lookupBuiltin(name) || c.planner.program.builtinSignatures?.has(name)) return { kind: 'builtin', name };
    }
  }
  if (isGround(v)) return { kind: 'const', term: v };
  let local: ir.Local | undefined;
  planTerm(c, v, (op) => {
    local = toLocal(c, op);
  });
  if (local === undefined) throw new RegoInternalError(`with value has no value at ${v.loc.file}:${v.loc.row}`);
  caps.push(local);
  return { kind: 'capture', index: c.scope.captureCount + caps.length - 1 };
}

function nestWiths(c: FuncCtx, docs: readonly DocMod[], values: readonly ir.Operand[], i: number, body: () => void): void {
  if (i === docs.length) return body();
  const d = docs[i] as DocMod;
  const path = d.path.map((p) => c.b.strIndex(p));
  const block = c.b.block(() => nestWiths(c, docs, values, i + 1, body));
  c.emit({ type: 'With', local: d.local, path, value: values[i] as ir.Operand, block });
}

/** Plans the expression once without keeping the code, to see how its solutions come out. */
function probeSolutions(c: FuncCtx, inner: (k: Cont) => void): { calls: number; deep: boolean } {
  const start = c.b.iterDepth;
  const probe = { calls: 0, deep: false };
  c.b.block(() =>
    c.vars.scoped(() =>
      inner(() => {
        probe.calls++;
        if (c.b.iterDepth > start) probe.deep = true;
      }),
    ),
  );
  return probe;
}

/** At most one solution: copy the new bindings to locals that outlive the `With` block. */
function singleSolution(c: FuncCtx, wrap: (body: () => void) => void, inner: (k: Cont) => void, k: Cont): void {
  const ok = c.newLocal();
  const carried = new Map<string, ir.Local>();
  c.emit({ type: 'ResetLocal', target: ok });
  const mark = c.vars.mark();
  wrap(() =>
    c.vars.scoped(() =>
      inner(() => {
        for (const name of c.vars.boundSince(mark)) {
          let target = carried.get(name);
          if (target === undefined) carried.set(name, (target = c.newLocal()));
          c.emit({ type: 'AssignVar', source: localOp(c.vars.get(name) as ir.Local), target });
        }
        c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: ok });
      }),
    ),
  );
  c.emit({ type: 'IsDefined', source: ok });
  for (const [name, local] of carried) c.vars.bind(name, local);
  k();
}

/** Several solutions: collect tuples of the new bindings, then iterate them after the `With`. */
function collectSolutions(c: FuncCtx, wrap: (body: () => void) => void, inner: (k: Cont) => void, k: Cont): void {
  const sols = c.newLocal();
  c.emit({ type: 'MakeArray', capacity: 0, target: sols });
  const mark = c.vars.mark();
  let names: string[] | undefined;
  wrap(() =>
    c.vars.scoped(() =>
      inner(() => {
        names ??= c.vars.boundSince(mark);
        const tuple = c.newLocal();
        c.emit({ type: 'MakeArray', capacity: names.length, target: tuple });
        for (const name of names) c.emit({ type: 'ArrayAppend', value: localOp(c.vars.get(name) as ir.Local), array: tuple });
        c.emit({ type: 'ArrayAppend', value: localOp(tuple), array: sols });
      }),
    ),
  );
  const bound = names ?? [];
  const key = c.newLocal();
  const tuple = c.newLocal();
  const block = c.b.loopBlock(() =>
    c.vars.scoped(() => {
      bound.forEach((name, i) => {
        const idx = c.newLocal();
        const v = c.newLocal();
        c.emit({ type: 'MakeNumberInt', value: i, target: idx });
        c.emit({ type: 'Dot', source: localOp(tuple), key: localOp(idx), target: v });
        c.vars.bind(name, v);
      });
      k();
    }),
  );
  c.emit({ type: 'Scan', source: sols, key, value: tuple, block });
}
