/**
 * Pass: safety (OPA's CheckSafetyRuleHeads / CheckSafetyRuleBodies). Body expressions are reordered
 * so every var is bound before it is read; expressions keep their source order where they can. An
 * expression holding a comprehension or `every` runs only once the outer vars that body uses
 * (vars that also occur outside closures in the enclosing body) are bound. Vars of a closure that the
 * enclosing body does not bind are the closure's own: they are renamed apart here, so each name
 * belongs to one scope. Head vars must occur in the body (function args are bound).
 * Error: `rego_unsafe_var_error: var x is unsafe`, at the first unsafe use.
 */
import type { Location } from '../diagnostics';
import type { Body, ComprehensionTerm, EveryExpr, Expr, Term } from '../syntax/ast';
import { bodyVars, exprVars, forEachTermInExpr, hasClosures, mapClosures, mapDirectBodies, renameVarsInBody, renameVarsInTerm, termVars } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';
import { isGeneratedName, originalName } from './compile-context';
import { type ArityFn, outputVarsForExpr, ROOT_VARS, safetyVars } from './output-vars';

export function checkSafety(ctx: CheckContext, arity: ArityFn): void {
  for (const rule of ctx.rules) {
    const globals = new Set(ROOT_VARS);
    for (const a of rule.args) termVars(a, globals);
    const s = new Safety(ctx, arity, rule.gen);
    rule.body = s.body(globals, rule.body);
    const head = [...rule.suffix, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : [])];
    s.checkHead(head, rule.body, globals);
    for (const el of rule.elses) {
      el.body = s.body(globals, el.body);
      s.checkHead([el.value], el.body, globals);
    }
  }
  if (ctx.query) ctx.query.body = new Safety(ctx, arity, ctx.query.gen).body(new Set(ROOT_VARS), ctx.query.body);
}

class Safety {
  constructor(
    private readonly ctx: CheckContext,
    private readonly arity: ArityFn,
    private readonly gen: VarGen,
  ) {}

  /** Head vars must occur in the (safe) body or be args. */
  checkHead(head: readonly Term[], body: Body, globals: ReadonlySet<string>): void {
    const bound = bodyVars(body, new Set(globals), { skipClosures: true });
    const reported = new Set<string>();
    for (const t of head) {
      forEachVarOccurrence(t, (name, loc) => {
        if (bound.has(name) || reported.has(name)) return;
        reported.add(name);
        this.report(name, loc);
      });
    }
  }

  /** Orders `body` for safety given the vars bound on entry, then checks its closures. */
  body(globals: ReadonlySet<string>, body: Body): Body {
    const { ordered, pending, safe } = this.reorder(globals, body);
    if (pending.length > 0) this.reportUnsafe(pending, safe, body);
    const out: Expr[] = [];
    const seen = new Set(globals);
    for (const e of [...ordered, ...pending]) {
      out.push(this.closures(e, seen));
      exprVars(e, seen, { skipClosures: true });
    }
    return out;
  }

  private reorder(globals: ReadonlySet<string>, body: Body): { ordered: Expr[]; pending: Expr[]; safe: Set<string> } {
    const outer = bodyVars(body, new Set(), { skipClosures: true });
    const safe = new Set(globals);
    const ordered: Expr[] = [];
    let pending = [...body];
    const own = new Map(body.map((e) => [e, [...safetyVars(e)]]));
    const captured = new Map(body.map((e) => [e, [...closureVars(e)].filter((v) => outer.has(v))]));
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      const rest: Expr[] = [];
      for (const e of pending) {
        const out = outputVarsForExpr(e, this.arity, safe);
        const blocked =
          (own.get(e) as string[]).some((v) => !safe.has(v) && !out.has(v)) ||
          (captured.get(e) as string[]).some((v) => !safe.has(v));
        if (blocked) {
          rest.push(e);
          continue;
        }
        ordered.push(e);
        for (const v of out) safe.add(v);
        progress = true;
      }
      pending = rest;
    }
    return { ordered, pending, safe };
  }

  /** Checks the closures directly inside `e`; `outer` holds the vars of the expressions before it. */
  private closures(e: Expr, outer: ReadonlySet<string>): Expr {
    return mapClosures(
      e,
      (c) => {
        const locals = new Map<string, string>();
        for (const v of termVars(c, new Set())) if (!outer.has(v)) locals.set(v, this.freshLike(v));
        const renamed = renameVarsInTerm(c, (n) => locals.get(n)) as ComprehensionTerm;
        const body = this.body(outer, renamed.body);
        this.checkHead(renamed.kind === 'objectComprehension' ? [renamed.key, renamed.value] : [renamed.head], body, outer);
        return { ...renamed, body };
      },
      (ev) => this.everyBody(ev, outer),
    );
  }

  private everyBody(ev: EveryExpr, outer: ReadonlySet<string>): Body {
    // Key and value were declared fresh by rewrite-locals; other vars not bound outside are local.
    const locals = new Map<string, string>();
    for (const v of bodyVars(ev.body, new Set())) if (!outer.has(v)) locals.set(v, this.freshLike(v));
    for (const v of termVars(ev.value, termVars(ev.key ?? ev.value, new Set()))) locals.delete(v);
    const body = renameVarsInBody(ev.body, (n) => locals.get(n));
    const g = new Set(outer);
    termVars(ev.value, termVars(ev.key ?? ev.value, g));
    return this.body(g, body);
  }

  private freshLike(name: string): string {
    const orig = originalName(name);
    return orig === undefined ? this.gen.temp() : this.gen.local(orig);
  }

  private reportUnsafe(pending: Expr[], safe: ReadonlySet<string>, body: Body): void {
    const outer = bodyVars(body, new Set(), { skipClosures: true });
    const reported = new Set<string>();
    let onlyGenerated = true;
    for (const e of pending) {
      const unsafe = new Set([...safetyVars(e), ...[...closureVars(e)].filter((v) => outer.has(v))].filter((v) => !safe.has(v)));
      for (const v of unsafe) {
        if (isGeneratedName(v)) continue;
        onlyGenerated = false;
        if (reported.has(v)) continue;
        reported.add(v);
        this.report(v, firstOccurrence(e, v) ?? e.loc);
      }
    }
    if (onlyGenerated) this.ctx.error('rego_unsafe_var_error', 'expression is unsafe', (pending[0] as Expr).loc);
  }

  private report(name: string, loc: Location): void {
    if (isGeneratedName(name)) {
      this.ctx.error('rego_unsafe_var_error', 'expression is unsafe', loc);
      return;
    }
    this.ctx.error('rego_unsafe_var_error', `var ${originalName(name) ?? name} is unsafe`, loc);
  }
}

/** Vars used inside the closures of an expression (comprehensions, `every` bodies). */
function closureVars(e: Expr): Set<string> {
  const out = new Set<string>();
  if (!hasClosures(e)) return out;
  mapDirectBodies(e, (body, owner) => {
    if (owner.kind === 'every') bodyVars(body, out);
    else termVars(owner, out);
    return body;
  });
  return out;
}

function forEachVarOccurrence(t: Term, f: (name: string, loc: Location) => void): void {
  forEachTermInExpr({ kind: 'termExpr', term: t, negated: false, with: [], loc: t.loc }, (x) => {
    if (x.kind === 'var') f(x.name, x.loc);
  });
}

function firstOccurrence(e: Expr, name: string): Location | undefined {
  let loc: Location | undefined;
  forEachTermInExpr(e, (x) => {
    if (!loc && x.kind === 'var' && x.name === name) loc = x.loc;
  });
  return loc;
}
