/**
 * Pass: `with` modifiers (OPA's RewriteWithValues). Targets must be `input...`, `data...` (not inside
 * a rule's document) or a function/builtin to mock; values that need evaluation (refs, comprehensions)
 * are computed into a var by a preceding expression, except refs naming a function or builtin, which
 * mock the target by another function. A builtin this toolchain lacks may be a target (it is mocked,
 * never called) but not a replacement (`rego_unsupported_builtin_error`).
 * Errors: `rego_type_error: with keyword target must reference existing input, data, or a function`,
 * `rego_compile_error: with keyword cannot partially replace virtual document(s)`, and the builtin
 * replacement rules (`eq` and `internal.*` cannot be replaced, nor relations or void builtins).
 */
import type { Body, Expr, RefTerm, Term, WithModifier } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';
import { mapDirectBodies, mkEq, mkVar, requiresEval } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';

export function rewriteWithValues(ctx: CheckContext): void {
  for (const rule of ctx.rules) {
    if (!rule.hasWith) continue; // rewrite-locals saw every `with`; most rules have none
    rule.body = rewriteBody(ctx, rule.gen, rule.body);
    for (const el of rule.elses) el.body = rewriteBody(ctx, rule.gen, el.body);
  }
  if (ctx.query?.hasWith) ctx.query.body = rewriteBody(ctx, ctx.query.gen, ctx.query.body);
}

function rewriteBody(ctx: CheckContext, gen: VarGen, body: Body): Body {
  const out: Expr[] = [];
  for (const e0 of body) {
    const e = mapDirectBodies(e0, (b) => rewriteBody(ctx, gen, b));
    if (e.with.length === 0) {
      out.push(e);
      continue;
    }
    const withs = e.with.map((w): WithModifier => {
      if (!validTarget(ctx, w) || !requiresEval(w.value) || namesFunction(ctx, w.value)) return w;
      const v = mkVar(gen.temp(), w.value.loc);
      out.push(mkEq(v, w.value, w.value.loc));
      return { ...w, value: v };
    });
    out.push({ ...e, with: withs });
  }
  return out;
}

/** Validates a target; reports and returns false when it is invalid. */
function validTarget(ctx: CheckContext, w: WithModifier): boolean {
  const t = w.target;
  const root = t.head.kind === 'var' ? t.head.name : '';
  if (root === 'input') return true;
  if (root === 'data') return validDataTarget(ctx, t);
  const name = refToStringPath(t)?.join('.');
  // A builtin this toolchain lacks may still be mocked: it is never called.
  const b = name !== undefined ? ctx.knownBuiltin(name) : undefined;
  if (!b || name === undefined) {
    ctx.error('rego_type_error', 'with keyword target must reference existing input, data, or a function', t.loc);
    return false;
  }
  let problem: string | undefined;
  if (name === 'eq' || name === 'assign') problem = `replacement of "${name}" invalid`;
  else if (name.startsWith('internal.')) problem = `replacement of internal function "${name}" invalid`;
  else if (b.relation) problem = 'target must not be a relation';
  else if (b.result === undefined) problem = 'target must not be a void function';
  if (problem) {
    ctx.error('rego_compile_error', `with keyword replacing built-in function: ${problem}`, t.loc);
    return false;
  }
  return true;
}

function validDataTarget(ctx: CheckContext, t: RefTerm): boolean {
  const path = ['data'];
  for (let i = 0; i < t.path.length - 1; i++) {
    const p = t.path[i] as Term;
    if (p.kind !== 'string') break;
    path.push(p.value);
    const node = ctx.node(path);
    if (!node) break;
    if (node.rules.length > 0) {
      ctx.error('rego_compile_error', 'with keyword cannot partially replace virtual document(s)', t.loc);
      return false;
    }
  }
  return true;
}

/** A value that names a user function or builtin (a mock by another function), not a value to compute. */
function namesFunction(ctx: CheckContext, v: Term): boolean {
  if (v.kind !== 'ref') return false;
  const path = refToStringPath(v);
  if (!path) return false;
  if (path[0] === 'data') {
    const node = ctx.node(path);
    return node !== undefined && node.rules.some((r) => r.kind === 'function');
  }
  const name = path.join('.');
  if (ctx.builtin(name)) return true;
  if (ctx.knownBuiltin(name)) {
    ctx.error('rego_unsupported_builtin_error', `unsupported built-in function ${name}`, v.loc);
    return true;
  }
  return false;
}
