/**
 * Bodies and expressions. A body is planned expression by expression, each one planning the rest of
 * the body as its continuation, so iteration nests: the rest of a body runs inside the loop that
 * binds its variables. `not` plans its expression inside a `Not` block, with its own bindings.
 */
import { invariant } from '../diagnostics';
import type { Body, Expr } from '../syntax/ast';
import { localOp } from './builder';
import { planCallExpr } from './calls';
import type { FuncCtx } from './context';
import { planEvery } from './every';
import { type Cont, planTerm } from './terms';
import { hasWith, planWith } from './with';

export function planBody(c: FuncCtx, body: Body, k: Cont): void {
  const rec = (i: number): void => {
    if (i === body.length) return k();
    planExpr(c, body[i] as Expr, () => rec(i + 1));
  };
  rec(0);
}

export function planExpr(c: FuncCtx, e: Expr, k: Cont): void {
  const saved = c.loc;
  c.loc = e.loc;
  try {
    if (e.negated) return planNot(c, e, k);
    if (hasWith(e)) return planWith(c, e, k);
    planExprCore(c, e, k);
  } finally {
    c.loc = saved;
  }
}

/** An expression without negation and `with`. */
export function planExprCore(c: FuncCtx, e: Expr, k: Cont): void {
  switch (e.kind) {
    case 'termExpr':
      return planTerm(c, e.term, (op) => {
        if (op.kind === 'bool') return op.value ? k() : undefined; // `false` fails statically
        if (op.kind === 'local') c.emit({ type: 'NotEqual', a: localOp(op.local), b: { kind: 'bool', value: false } });
        k();
      });
    case 'callExpr':
      return planCallExpr(c, e, k);
    case 'every':
      return planEvery(c, e, k);
    case 'someDecl':
      return k(); // declarations only scope names; the checker has removed them
  }
}

/**
 * `not e`: defined only when `e` has no solution; bindings made inside do not escape. When `e` is a
 * straight line of statements this is a `Not` block. When it iterates or branches (`not p[_]`), the
 * block always completes, so a flag set by every solution decides instead.
 */
function planNot(c: FuncCtx, e: Expr, k: Cont): void {
  const inner: Expr = { ...e, negated: false };
  const found = c.newLocal();
  let straight = false;
  let branched = false;
  let top: unknown;
  const block = c.b.block(() => {
    top = c.b.stmts;
    c.vars.scoped(() =>
      planExpr(c, inner, () => {
        if (c.b.stmts === top && !branched) straight = true;
        else {
          branched = true;
          c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: found });
        }
      }),
    );
  });
  invariant(!(straight && branched), 'negated expression solved both in line and in a branch');
  if (branched) {
    c.emit({ type: 'ResetLocal', target: found });
    c.emit({ type: 'Block', blocks: [block] });
    c.emit({ type: 'IsUndefined', source: found });
  } else if (straight) {
    c.emit({ type: 'Not', block });
  }
  // Neither: `e` can never succeed statically, so `not e` always holds.
  k();
}
