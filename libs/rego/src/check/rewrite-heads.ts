/**
 * Pass: move head terms that need evaluation into the body (OPA's RewriteRuleHeadRefs and
 * RewriteRefsInHead). `p[{"a": data.x[i]}] if { ... }` becomes `p[$1] if { ...; $1 = {"a": data.x[i]} }`;
 * ref-head keys that are not vars or scalars (`p[[a, b]] := 1`) become vars the same way; so do else
 * values and function args that are refs. It runs before local renaming so the moved terms see the
 * body's locals, as OPA's scoping has them.
 */
import type { Body, Term } from '../syntax/ast';
import { forEachChild, isScalar, mkEq, mkVar, requiresEval } from './ast-util';
import type { CheckContext, WorkRule } from './compile-context';

export function rewriteHeads(ctx: CheckContext): void {
  for (const rule of ctx.rules) rewriteRuleHead(rule);
}

function rewriteRuleHead(rule: WorkRule): void {
  const extra: Body[number][] = [];
  const lift = (t: Term): Term => {
    const v = mkVar(rule.gen.temp(), t.loc);
    extra.push(mkEq(v, t, t.loc));
    return v;
  };
  rule.suffix = rule.suffix.map((t) => (t.kind === 'var' || isScalar(t) ? t : lift(t)));
  if (rule.key && requiresEval(rule.key)) rule.key = lift(rule.key);
  if (rule.value && requiresEval(rule.value)) rule.value = lift(rule.value);
  // Args bind before the body runs, so a ref arg is matched in the main body and in every else body.
  const argEqs: Body[number][] = [];
  rule.args = rule.args.map((a) => {
    if (!requiresEval(a) || containsCall(a)) return a; // calls in args are reported by rewrite-locals
    const v = mkVar(rule.gen.temp(), a.loc);
    argEqs.push(mkEq(v, a, a.loc));
    return v;
  });
  if (extra.length > 0 || argEqs.length > 0) rule.body = [...rule.body, ...argEqs, ...extra];
  for (const el of rule.elses) if (argEqs.length > 0) el.body = [...el.body, ...argEqs];
  for (const el of rule.elses) {
    if (requiresEval(el.value)) {
      const v = mkVar(rule.gen.temp(), el.value.loc);
      el.body = [...el.body, mkEq(v, el.value, el.value.loc)];
      el.value = v;
    }
  }
}

function containsCall(t: Term): boolean {
  if (t.kind === 'call') return true;
  let found = false;
  forEachChild(t, (c) => {
    found ||= containsCall(c);
  });
  return found;
}
