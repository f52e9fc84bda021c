/**
 * Pass: lift calls out of terms (OPA's RewriteExprTerms and RewriteComprehensionTerms).
 * `count(x) > 1` becomes `count(x, $1); $1 > 1`; `f(x).y` becomes `f(x, $1); $1.y`; `[1, 2][i]`
 * becomes `$1 = [1, 2]; $1[i]`; an `every` domain is bound to a var first; a comprehension head that
 * needs evaluation is computed at the end of the comprehension body. Lifted expressions carry the
 * `with` modifiers of the expression they came from (not of `with` values, which are computed first).
 * As in OPA, calls inside a negated expression are lifted out of the negation.
 */
import type { Body, CallExpr, Expr, Term } from '../syntax/ast';
import { mapChildren, mapSame, mkCallExpr, mkEq, mkVar, requiresEval } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';

export function rewriteExprTerms(ctx: CheckContext): void {
  for (const rule of ctx.rules) {
    const x = new TermLifter(rule.gen);
    rule.body = x.body(rule.body);
    for (const el of rule.elses) el.body = x.body(el.body);
  }
  if (ctx.query) ctx.query.body = new TermLifter(ctx.query.gen).body(ctx.query.body);
}

/** Shared empty support list (never mutated). */
const NONE: Expr[] = [];

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Lifted {
  readonly support: Expr[];
  readonly term: Term;
}

class TermLifter {
  constructor(private readonly gen: VarGen) {}

  body(body: Body): Body {
    return body.flatMap((e) => this.expr(e));
  }

  private expr(e: Expr): Expr[] {
    const out: Expr[] = [];
    const withs = mapSame(e.with, (w) => {
      const l = this.term(w.value);
      out.push(...l.support);
      return l.term === w.value ? w : { ...w, value: l.term };
    });
    const tagged = (support: Expr[]): Expr[] => (withs.length > 0 ? support.map((s) => ({ ...s, with: withs })) : support);
    switch (e.kind) {
      case 'termExpr': {
        const l = this.term(e.term);
        out.push(...tagged(l.support));
        out.push(l.term === e.term && withs === e.with ? e : { ...e, term: l.term, with: withs });
        break;
      }
      case 'callExpr': {
        const args = mapSame(e.args, (a) => {
          const l = this.term(a);
          out.push(...tagged(l.support));
          return l.term;
        });
        out.push(args === e.args && withs === e.with ? e : { ...e, args, with: withs });
        break;
      }
      case 'every': {
        const v = mkVar(this.gen.temp(), e.domain.loc);
        out.push(...this.expr(mkEq(v, e.domain, e.domain.loc, withs)));
        out.push({ ...e, domain: v, body: this.body(e.body), with: withs });
        break;
      }
      case 'someDecl':
        out.push(e);
        break;
    }
    return out;
  }

  private term(t: Term): Lifted {
    switch (t.kind) {
      case 'call': {
        const support: Expr[] = [];
        const args = t.args.map((a) => {
          const l = this.term(a);
          support.push(...l.support);
          return l.term;
        });
        const out = mkVar(this.gen.temp(), t.loc);
        const call: CallExpr = mkCallExpr(t.operator, [...args, out], t.loc);
        support.push(call);
        return { support, term: out };
      }
      case 'ref':
        return this.ref(t);
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension':
        return { support: NONE, term: this.comprehension(t) };
      case 'null':
      case 'boolean':
      case 'number':
      case 'string':
      case 'var':
        return { support: NONE, term: t };
      default: {
        let support: Expr[] = NONE;
        const term = mapChildren(t, (c) => {
          const l = this.term(c);
          if (l.support.length > 0) support = [...support, ...l.support];
          return l.term;
        });
        return { support, term };
      }
    }
  }

  private ref(t: Term & { kind: 'ref' }): Lifted {
    const support: Expr[] = [];
    const lift = (c: Term): Term => {
      const l = this.term(c);
      support.push(...l.support);
      return l.term;
    };
    let head = lift(t.head);
    const path = mapSame(t.path, lift);
    if (head.kind !== 'var' && head.kind !== 'ref') {
      const v = mkVar(this.gen.temp(), head.loc);
      support.push(mkEq(v, head, head.loc));
      head = v;
    }
    // A ref whose head became a ref (e.g. a lifted call head) is flattened.
    if (head.kind === 'ref') return { support, term: { ...t, head: head.head, path: [...head.path, ...path] } };
    return { support, term: head === t.head && path === t.path ? t : { ...t, head, path } };
  }

  /** Heads are lifted into the body, which is then rewritten (OPA's RewriteComprehensionTerms too). */
  private comprehension(t: Term & { kind: 'arrayComprehension' | 'setComprehension' | 'objectComprehension' }): Term {
    const extra: Expr[] = [];
    const head = (h: Term): Term => {
      const l = this.term(h);
      extra.push(...l.support);
      if (!requiresEval(l.term)) return l.term;
      const v = mkVar(this.gen.temp(), h.loc);
      extra.push(mkEq(v, l.term, h.loc));
      return v;
    };
    if (t.kind === 'objectComprehension') {
      const key = head(t.key);
      const value = head(t.value);
      const body = this.body(extra.length > 0 ? [...t.body, ...extra] : t.body);
      return key === t.key && value === t.value && sameList(body, t.body) ? t : { ...t, key, value, body };
    }
    const h = head(t.head);
    const body = this.body(extra.length > 0 ? [...t.body, ...extra] : t.body);
    return h === t.head && sameList(body, t.body) ? t : { ...t, head: h, body };
  }
}
