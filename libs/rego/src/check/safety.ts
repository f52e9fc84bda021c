/**
 * Pass: safety (OPA's CheckSafetyRuleHeads / CheckSafetyRuleBodies). Body expressions are reordered
 * so every var is bound before it is read; expressions keep their source order where they can. An
 * expression holding a comprehension or `every` runs only once the outer vars that body uses
 * (vars that also occur outside closures in the enclosing body) are bound. Vars of a closure that the
 * enclosing body does not bind are the closure's own: they are renamed apart here, so each name
 * belongs to one scope. Head vars must occur in the body (function args are bound).
 * Error: `rego_unsafe_var_error: var x is unsafe`, at the first unsafe use.
 * Runs even when checkUndefinedFuncs reported errors: only the bodies holding one (`callErrors`) are
 * skipped, since their calls' outputs are unknown; every other rule, else and the query is checked.
 */
import type { Location } from '../diagnostics';
import type { Body, ComprehensionTerm, EveryExpr, Expr, Term } from '../syntax/ast';
import { bodyVars, forEachChild, forEachTermInExpr, hasClosures, mapClosures, renameVarsInBody, renameVarsInTerm, termVars } from './ast-util';
import type { CheckContext, VarGen } from './compile-context';
import { BODY, isGeneratedName, originalName } from './compile-context';
import { type ArityFn, outputVarsForExpr, ROOT_VARS, safetyVars } from './output-vars';

export function checkSafety(ctx: CheckContext, arity: ArityFn): void {
  for (const rule of ctx.rules) {
    const globals = new Set(ROOT_VARS);
    for (const a of rule.args) termVars(a, globals);
    const s = new Safety(ctx, arity, rule.gen);
    // A body holding a reported call error (unknown callee, wrong arity) has unknown outputs: skipped.
    const skip = rule.callErrors;
    if (!skip?.has(BODY)) {
      const ordered = s.order(globals, rule.body);
      rule.body = ordered.body;
      const head = [...rule.suffix, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : [])];
      s.checkHead(head, ordered.vars, globals);
    }
    rule.elses.forEach((el, i) => {
      if (skip?.has(i)) return;
      const o = s.order(globals, el.body);
      el.body = o.body;
      s.checkHead([el.value], o.vars, globals);
    });
  }
  if (ctx.query && !ctx.query.callErrors) ctx.query.body = new Safety(ctx, arity, ctx.query.gen).order(new Set(ROOT_VARS), ctx.query.body).body;
}

/** What the pass needs of one expression, computed once per body (bodies are walked often otherwise). */
interface ExprInfo {
  readonly e: Expr;
  /** Vars that must be bound for it to run (closures excluded): `safetyVars`. */
  readonly vars: Set<string>;
  /** It holds a comprehension or is an `every`. */
  readonly closures: boolean;
}

class Safety {
  constructor(
    private readonly ctx: CheckContext,
    private readonly arity: ArityFn,
    private readonly gen: VarGen,
  ) {}

  /** Head vars must occur in the (safe) body or be args; `bodyVars` are the body's vars outside closures. */
  checkHead(head: readonly Term[], bodyVars: ReadonlySet<string>, globals: ReadonlySet<string>): void {
    const reported = new Set<string>();
    for (const t of head) {
      forEachVarOccurrence(t, (name, loc) => {
        if (bodyVars.has(name) || globals.has(name) || reported.has(name)) return;
        reported.add(name);
        this.report(name, loc);
      });
    }
  }

  /**
   * Orders `body` for safety given the vars bound on entry, then checks its closures. Returns the
   * body and its vars outside closures (what head safety needs).
   */
  order(globals: ReadonlySet<string>, body: Body): { body: Body; vars: Set<string> } {
    const infos = body.map((e): ExprInfo => ({ e, vars: safetyVars(e), closures: hasClosures(e) }));
    const vars = new Set<string>();
    for (const i of infos) for (const v of i.vars) vars.add(v);
    const anyClosure = infos.some((i) => i.closures);
    const { ordered, pending, safe } = this.reorder(globals, infos, vars, anyClosure);
    if (pending.length > 0) this.reportUnsafe(pending, safe, vars);
    const all = pending.length === 0 ? ordered : [...ordered, ...pending];
    if (!anyClosure) return { body: all.map((i) => i.e), vars };
    // A closure sees the vars of the expressions before it as outer vars.
    const out: Expr[] = [];
    const seen = new Set(globals);
    for (const i of all) {
      out.push(i.closures ? this.closures(i.e, seen) : i.e);
      for (const v of i.vars) seen.add(v);
    }
    return { body: out, vars };
  }

  /**
   * Source order wherever possible: each round takes, in order, every pending expression whose vars
   * are bound (or that binds them itself); most bodies are done in the first round.
   */
  private reorder(
    globals: ReadonlySet<string>,
    infos: readonly ExprInfo[],
    outer: ReadonlySet<string>,
    anyClosure: boolean,
  ): { ordered: ExprInfo[]; pending: ExprInfo[]; safe: Set<string> } {
    const safe = new Set(globals);
    const ordered: ExprInfo[] = [];
    // Outer vars a closure uses must be bound before the expression holding it runs.
    const captured = anyClosure ? new Map(infos.filter((i) => i.closures).map((i) => [i, [...closureVars(i.e)].filter((v) => outer.has(v))])) : undefined;
    let pending: readonly ExprInfo[] = infos;
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      const rest: ExprInfo[] = [];
      for (const info of pending) {
        const out = outputVarsForExpr(info.e, this.arity, safe);
        if (blocked(info, out, safe) || captured?.get(info)?.some((v) => !safe.has(v))) {
          rest.push(info);
          continue;
        }
        ordered.push(info);
        for (const v of out) safe.add(v);
        progress = true;
      }
      pending = rest;
    }
    return { ordered, pending: [...pending], safe };
  }

  /** Checks the closures directly inside `e`; `outer` holds the vars of the expressions before it. */
  private closures(e: Expr, outer: ReadonlySet<string>): Expr {
    return mapClosures(
      e,
      (c) => {
        const locals = new Map<string, string>();
        for (const v of termVars(c, new Set())) if (!outer.has(v)) locals.set(v, this.freshLike(v));
        const renamed = locals.size === 0 ? c : (renameVarsInTerm(c, (n) => locals.get(n)) as ComprehensionTerm);
        const { body, vars } = this.order(outer, renamed.body);
        this.checkHead(renamed.kind === 'objectComprehension' ? [renamed.key, renamed.value] : [renamed.head], vars, outer);
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
    const body = locals.size === 0 ? ev.body : renameVarsInBody(ev.body, (n) => locals.get(n));
    const g = new Set(outer);
    termVars(ev.value, termVars(ev.key ?? ev.value, g));
    return this.order(g, body).body;
  }

  private freshLike(name: string): string {
    const orig = originalName(name);
    return orig === undefined ? this.gen.temp() : this.gen.local(orig);
  }

  private reportUnsafe(pending: readonly ExprInfo[], safe: ReadonlySet<string>, outer: ReadonlySet<string>): void {
    const reported = new Set<string>();
    let onlyGenerated = true;
    for (const { e, vars } of pending) {
      const unsafe = new Set([...vars, ...[...closureVars(e)].filter((v) => outer.has(v))].filter((v) => !safe.has(v)));
      for (const v of unsafe) {
        if (isGeneratedName(v)) continue;
        onlyGenerated = false;
        if (reported.has(v)) continue;
        reported.add(v);
        this.report(v, firstOccurrence(e, v) ?? e.loc);
      }
    }
    if (onlyGenerated) this.ctx.error('rego_unsafe_var_error', 'expression is unsafe', (pending[0] as ExprInfo).e.loc);
  }

  private report(name: string, loc: Location): void {
    if (isGeneratedName(name)) {
      this.ctx.error('rego_unsafe_var_error', 'expression is unsafe', loc);
      return;
    }
    this.ctx.error('rego_unsafe_var_error', `var ${originalName(name) ?? name} is unsafe`, loc);
  }
}

/** A var the expression needs is neither bound nor bound by the expression itself. */
function blocked(info: ExprInfo, out: ReadonlySet<string>, safe: ReadonlySet<string>): boolean {
  for (const v of info.vars) if (!safe.has(v) && !out.has(v)) return true;
  return false;
}

/** Vars used inside the closures of an expression (comprehensions, `every` bodies); visits, builds nothing. */
function closureVars(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (t: Term): void => {
    if (t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') termVars(t, out);
    else forEachChild(t, visit);
  };
  switch (e.kind) {
    case 'termExpr':
      visit(e.term);
      break;
    case 'callExpr':
      for (const a of e.args) visit(a);
      break;
    case 'someDecl':
      for (const x of e.symbols) visit(x);
      break;
    case 'every':
      visit(e.domain);
      bodyVars(e.body, out);
      break;
  }
  for (const w of e.with) visit(w.value);
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
