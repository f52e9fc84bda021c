/**
 * Pass: `print` calls (OPA's RewritePrintCalls and CheckVoidCalls). Without `enablePrint` every
 * `print(...)` expression is erased (a body left empty becomes `true`). With it,
 * `print(a, b)` becomes `internal.print([{$1 | $1 = a}, {$2 | $2 = b}])`: each argument is evaluated in
 * a set comprehension so an undefined argument prints `<undefined>` instead of failing the body.
 * Arguments may only use vars bound by earlier expressions (`var x is undeclared`), and `print` used
 * as a value is `rego_type_error: print(...) used as value`.
 */
import type { Body, Expr, Term } from '../syntax/ast';
import { forEachTermInExpr, isCallTo, mapDirectBodies, mkCallExpr, mkEq, mkTrueExpr, mkVar, opName, termVars } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';
import { originalName } from './compile-context';
import { type ArityFn, outputVarsForBody, ROOT_VARS } from './output-vars';
import { termToString } from './rule-tree';

export function rewritePrintCalls(ctx: CheckContext, arity: ArityFn): void {
  const run = (body: Body, gen: VarGen, globals: ReadonlySet<string>): Body => {
    checkVoidUse(ctx, body);
    return ctx.opts.enablePrint ? rewriteBody(ctx, arity, gen, globals, body) : eraseBody(body);
  };
  for (const rule of ctx.rules) {
    if (!rule.hasPrint) continue;
    const globals = new Set<string>();
    for (const a of rule.args) termVars(a, globals);
    rule.body = run(rule.body, rule.gen, globals);
    for (const el of rule.elses) el.body = run(el.body, rule.gen, globals);
  }
  if (ctx.query?.hasPrint) ctx.query.body = run(ctx.query.body, ctx.query.gen, new Set());
}

function isPrint(e: Expr): boolean {
  return isCallTo(e, 'print');
}

function eraseBody(body: Body): Body {
  const out = body.filter((e) => !isPrint(e)).map((e) => mapDirectBodies(e, eraseBody));
  return out.length > 0 ? out : [mkTrueExpr(body[0]?.loc ?? { file: '', row: 1, col: 1 })];
}

function rewriteBody(ctx: CheckContext, arity: ArityFn, gen: VarGen, globals: ReadonlySet<string>, body: Body): Body {
  return body.map((e, i) => {
    const bound = new Set([...globals, ...ROOT_VARS, ...outputVarsForBody(body.slice(0, i), arity, globals)]);
    // Generated vars of earlier expressions are bound by construction.
    for (const x of body.slice(0, i)) for (const v of termVars(exprTermsOf(x), new Set())) if (originalName(v) === undefined) bound.add(v);
    const inner = mapDirectBodies(e, (b, owner) => {
      const nested = new Set(bound);
      if (owner.kind === 'every') termVars(owner.value, termVars(owner.key ?? owner.value, nested));
      return rewriteBody(ctx, arity, gen, nested, b);
    });
    if (!isPrint(inner) || inner.kind !== 'callExpr') return inner;
    const items: Term[] = inner.args.map((arg) => {
      for (const v of termVars(arg, new Set(), { skipClosures: true })) {
        if (!bound.has(v)) ctx.error('rego_compile_error', `var ${originalName(v) ?? v} is undeclared`, arg.loc);
      }
      const x = mkVar(gen.temp(), arg.loc);
      return { kind: 'setComprehension', head: x, body: [mkEq(x, arg, arg.loc)], loc: arg.loc };
    });
    return mkCallExpr('internal.print', [{ kind: 'array', items, loc: inner.loc }], inner.loc, inner.with);
  });
}

/** A term holding every term of an expression, to collect its vars in one walk. */
function exprTermsOf(e: Expr): Term {
  const items: Term[] = [];
  forEachTermInExpr(e, (t) => {
    if (t.kind === 'var') items.push(t);
  });
  return { kind: 'array', items, loc: e.loc };
}

/** `x := print(1)` and friends: print has no value. */
function checkVoidUse(ctx: CheckContext, body: Body): void {
  for (const e of body) {
    forEachTermInExpr(e, (t) => {
      if (t.kind === 'call' && opName(t) === 'print') {
        ctx.error('rego_type_error', `${termToString(t)} used as value`, t.loc);
      }
    });
  }
}
