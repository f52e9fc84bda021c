/**
 * Pass: after safety, `==` with two operands becomes `eq` (OPA's RewriteEquals: both sides are bound
 * by then, so unification compares), and refs and comprehensions used as operands are computed by
 * preceding expressions (OPA's RewriteDynamicTerms): `f(data.x[y])` becomes `$1 = data.x[y]; f($1)`,
 * `input.a[data.b]` becomes `$1 = data.b; input.a[$1]`. Refs and comprehensions stay in place as
 * whole operands of `eq` and as a term expression. Lifted expressions keep the `with` modifiers.
 */
import type { Body, Expr, Term, WithModifier } from '../syntax/ast';
import { isCallTo, mapChildren, mapSame, mkEq, mkOperator, mkVar } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';

export function rewriteDynamicTerms(ctx: CheckContext): void {
  for (const rule of ctx.rules) {
    const d = new Dynamics(rule.gen);
    rule.body = d.body(rule.body);
    for (const el of rule.elses) el.body = d.body(el.body);
  }
  if (ctx.query) ctx.query.body = new Dynamics(ctx.query.gen).body(ctx.query.body);
}

class Dynamics {
  private out: Expr[] = [];
  private withs: readonly WithModifier[] = [];

  constructor(private readonly gen: VarGen) {}

  body(body: Body): Body {
    const saved = { out: this.out, withs: this.withs };
    const result: Expr[] = [];
    for (const e of body) {
      this.out = result;
      this.withs = e.with;
      result.push(this.expr(e));
    }
    this.out = saved.out;
    this.withs = saved.withs;
    return result;
  }

  private expr(e0: Expr): Expr {
    const e = isCallTo(e0, 'equal') && e0.args.length === 2 ? { ...e0, operator: mkOperator('eq', e0.operator.loc) } : e0;
    switch (e.kind) {
      case 'callExpr': {
        const f = isCallTo(e, 'eq') && e.args.length === 2 ? (a: Term) => this.inPlace(a) : (a: Term) => this.operand(a);
        const args = mapSame(e.args, f);
        return args === e.args ? e : { ...e, args };
      }
      case 'termExpr': {
        const term = this.inPlace(e.term);
        return term === e.term ? e : { ...e, term };
      }
      case 'every':
        return { ...e, domain: this.operand(e.domain), body: this.body(e.body) };
      case 'someDecl':
        return e;
    }
  }

  /** A term that may stay a ref or comprehension: only its insides are rewritten. */
  private inPlace(t: Term): Term {
    switch (t.kind) {
      case 'ref': {
        const path = mapSame(t.path, (p) => this.operand(p));
        return path === t.path ? t : { ...t, path };
      }
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension':
        return { ...t, body: this.body(t.body) };
      default:
        return this.operand(t);
    }
  }

  /** A term that must not be a ref or comprehension: those are bound to a var first. */
  private operand(t: Term): Term {
    switch (t.kind) {
      case 'ref':
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension': {
        const inner = this.inPlace(t);
        const v = mkVar(this.gen.temp(), t.loc);
        this.out.push(mkEq(v, inner, t.loc, this.withs));
        return v;
      }
      case 'array':
      case 'set':
      case 'object':
        return mapChildren(t, (c) => this.operand(c));
      default:
        return t;
    }
  }
}
