/**
 * Pass: rename local variables (OPA's RewriteLocalVars). Every var of a rule gets a `$` name unique
 * in the rule: declared vars (`:=`, `some`, args, `every` key/value) a fresh one per declaration,
 * other vars one name per body. `:=` becomes `eq`, `some x` disappears, `some x in xs` becomes
 * `x = xs[$k]`. Errors (`rego_compile_error`): `var x assigned above`, `var x declared above`,
 * `var x referenced above`, `arg x redeclared`, `cannot assign to ref`, `cannot assign vars inside
 * negated expression`, `declared var x unused`, `called function f shadowed`; in strict mode also
 * `assigned var x unused` and `unused argument x`.
 */
import type { Location } from '../diagnostics';
import type { Body, CallTerm, EveryExpr, Expr, RefTerm, SomeDeclExpr, Term, VarTerm, WithModifier } from '../syntax/ast';
import { refToStringPath, valueName } from '../syntax/ast';
import { isCallTo, mapChildren, mapSame, mkEq, mkRef, mkTrueExpr, mkVar, termVars } from './ast-util';
import { type CheckContext, isGeneratedName, type VarGen, type WorkRule } from './compile-context';
import { type Occurrence, ScopeStack } from './scope';

export function rewriteLocalVars(ctx: CheckContext): void {
  for (const rule of ctx.rules) rewriteRule(ctx, rule);
  const q = ctx.query;
  if (q) {
    const rw = new LocalRewriter(ctx, q.gen, new ScopeStack(), ctx.strict);
    q.body = rw.body(q.body, new Set());
    q.hasPrint = rw.sawPrint;
    q.hasWith = rw.sawWith;
    q.bindings = [...rw.stack.top.entries()]
      .filter(([name, e]) => !isGeneratedName(name) && !name.startsWith('$') && e.occ !== 'arg')
      .sort((a, b) => a[1].loc.row - b[1].loc.row || a[1].loc.col - b[1].loc.col)
      .map(([name, e]) => ({ name, local: e.local }));
  }
}

function rewriteRule(ctx: CheckContext, rule: WorkRule): void {
  const argStack = new ScopeStack();
  const noRootLocals = ctx.strict || rule.module.regoVersion === 1;
  const argRw = new LocalRewriter(ctx, rule.gen, argStack, noRootLocals);
  rule.args = rule.args.map((a) => argRw.arg(a));
  const argNames = new Map([...argStack.top.entries()].map(([n, e]) => [n, e]));
  const unusedArgs = new Set([...argNames.keys()].filter((n) => !n.startsWith('$')));

  const runBody = (body: Body, headTerms: Term[], mapHead: (f: (t: Term) => Term) => void): Body => {
    const stack = new ScopeStack();
    for (const [n, e] of argNames) stack.insert(n, e.local, 'arg', e.loc);
    const rw = new LocalRewriter(ctx, rule.gen, stack, noRootLocals);
    const used = new Set<string>();
    for (const t of headTerms) termVars(t, used);
    const out = rw.body(body, used);
    mapHead((t) => rw.headTerm(t));
    if (rw.sawPrint) rule.hasPrint = true;
    if (rw.sawWith) rule.hasWith = true;
    for (const n of [...unusedArgs]) if ((stack.top.get(n)?.count ?? 0) > 1 || used.has(n)) unusedArgs.delete(n);
    return out;
  };

  const head: Term[] = [...rule.suffix, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : [])];
  rule.body = runBody(rule.body, head, (f) => {
    rule.suffix = rule.suffix.map(f);
    if (rule.key) rule.key = f(rule.key);
    if (rule.value) rule.value = f(rule.value);
  });
  for (const el of rule.elses) {
    el.body = runBody(el.body, [el.value], (f) => {
      el.value = f(el.value);
    });
  }
  if (ctx.strict) {
    for (const n of unusedArgs) {
      const loc = argNames.get(n)?.loc ?? rule.source.head.loc;
      ctx.error('rego_compile_error', `unused argument ${n}. (hint: use _ (wildcard variable) instead)`, loc);
    }
  }
}

/** Renames the vars of one rule (or query) body, its nested bodies and its head. */
class LocalRewriter {
  /** Names of undeclared vars, shared by the body and the bodies nested in it. */
  private readonly free = new Map<string, string>();
  /** A `print` call was seen (the print pass only visits rules that have one). */
  sawPrint = false;
  /** A `with` was seen (the with-values pass only visits rules that have one). */
  sawWith = false;

  constructor(
    private readonly ctx: CheckContext,
    private readonly gen: VarGen,
    readonly stack: ScopeStack,
    /** v1 and strict mode forbid `input := ...` and `data := ...` (OPA's CheckKeywordOverrides). */
    private readonly noRootLocals: boolean,
  ) {}

  /** A function argument pattern: its vars become args (object keys are not patterns). */
  arg(t: Term): Term {
    switch (t.kind) {
      case 'var': {
        const found = this.stack.lookup(t.name);
        if (found) {
          found.count++;
          return { ...t, name: found.local };
        }
        return { ...t, name: this.stack.insert(t.name, this.fresh(t.name), 'arg', t.loc).local };
      }
      case 'ref':
        if (t.path.length === 0 && t.head.kind === 'var') return this.arg(t.head);
        return t;
      case 'array':
        return { ...t, items: t.items.map((i) => this.arg(i)) };
      case 'object':
        return { ...t, items: t.items.map((i) => ({ key: i.key, value: this.arg(i.value) })) };
      case 'call':
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension':
        this.ctx.error('rego_compile_error', 'rule arguments cannot contain calls', t.loc);
        return t;
      default:
        return t;
    }
  }

  /** A head term after the body: vars take the body's names (unknown ones get the body's free name). */
  headTerm(t: Term): Term {
    return this.term(t);
  }

  body(body: Body, used: ReadonlySet<string>): Body {
    const errorsBefore = this.ctx.diags.all.length;
    const out: Expr[] = [];
    for (const e of body) {
      const r = this.expr(e);
      if (r) out.push(r);
    }
    if (out.length === 0) out.push(mkTrueExpr(body[0]?.loc ?? { file: '', row: 1, col: 1 }));
    if (this.ctx.diags.all.length === errorsBefore) this.checkUnused(used);
    return out;
  }

  private expr(e: Expr): Expr | undefined {
    if (isCallTo(e, 'assign') && e.args.length === 2) return this.assign(e);
    switch (e.kind) {
      case 'someDecl':
        return this.some(e);
      case 'every':
        return this.every(e);
      case 'termExpr':
        return { ...e, term: this.term(e.term), with: this.withs(e.with) };
      case 'callExpr':
        this.checkShadowedCall(e.operator, e.loc);
        return { ...e, args: e.args.map((a) => this.term(a)), with: this.withs(e.with) };
    }
  }

  private assign(e: Expr & { kind: 'callExpr' }): Expr {
    if (e.negated) {
      this.ctx.error('rego_compile_error', 'cannot assign vars inside negated expression', e.loc);
      return e;
    }
    const target = e.args[0] as Term;
    const root = target.kind === 'var' ? target.name : target.kind === 'ref' && target.path.length === 0 && target.head.kind === 'var' ? target.head.name : undefined;
    if (this.noRootLocals && (root === 'input' || root === 'data')) {
      this.ctx.error('rego_compile_error', `variables must not shadow ${root} (use a different variable name)`, target.loc);
    }
    const before = this.ctx.diags.all.length;
    const rhs = this.term(e.args[1] as Term);
    const withs = this.withs(e.with);
    const lhs = this.assignTarget(e.args[0] as Term);
    if (this.ctx.diags.all.length !== before) return { ...e, args: [lhs, rhs], with: withs };
    return mkEq(lhs, rhs, e.loc, withs);
  }

  private assignTarget(t: Term): Term {
    switch (t.kind) {
      case 'var':
        return { ...t, name: this.declare(t.name, 'assigned', t.loc) };
      case 'ref':
        if (t.path.length === 0 && t.head.kind === 'var') return mkVar(this.declare(t.head.name, 'assigned', t.loc), t.loc);
        break;
      case 'array':
        return { ...t, items: t.items.map((i) => this.assignTarget(i)) };
      case 'object':
        return { ...t, items: t.items.map((i) => ({ key: this.term(i.key), value: this.assignTarget(i.value) })) };
      default:
        break;
    }
    this.ctx.error('rego_compile_error', `cannot assign to ${valueName(t)}`, t.loc);
    return t;
  }

  /** Declares `name` in the current frame; reports a redeclaration. */
  private declare(name: string, occ: Occurrence, loc: Location): string {
    const prev = this.stack.occurrence(name);
    if (prev) {
      const msg = prev === 'arg' ? `arg ${name} redeclared` : `var ${name} ${prev === 'seen' ? 'referenced' : prev} above`;
      this.ctx.error('rego_compile_error', msg, loc);
      return this.stack.top.get(name)?.local ?? name;
    }
    return this.stack.insert(name, this.fresh(name), occ, loc).local;
  }

  private some(e: SomeDeclExpr): Expr | undefined {
    const sym = e.symbols[0];
    if (sym?.kind === 'call') return this.someIn(e, sym);
    for (const s of e.symbols) {
      if (s.kind === 'var') this.declare(s.name, 'declared', s.loc);
    }
    return undefined;
  }

  /** `some x in xs` → `x = xs[$k]`; `some k, v in xs` → `v = xs[k]`. */
  private someIn(e: SomeDeclExpr, call: CallTerm): Expr {
    const args = call.args;
    const container = args[args.length - 1] as Term;
    const value = args[args.length - 2] as Term;
    const key = args.length === 3 ? (args[0] as Term) : mkVar(this.gen.temp(), call.loc);
    const rhs: RefTerm =
      container.kind === 'ref' ? { ...container, path: [...container.path, key] } : mkRef(container, [key], container.loc);
    const declared = new Set<string>();
    termVars(value, declared, { skipClosures: true, skipObjectKeys: true, skipRefHead: true });
    termVars(key, declared, { skipClosures: true, skipObjectKeys: true, skipRefHead: true });
    const containerVars = termVars(container, new Set(), { skipClosures: true });
    for (const name of [...declared].sort()) {
      if (!containerVars.has(name)) this.declare(name, 'declared', e.loc);
    }
    const rewrittenRhs = this.term(rhs);
    const lhs = this.term(value);
    return mkEq(lhs, rewrittenRhs, e.loc, this.withs(e.with));
  }

  private every(e: EveryExpr): Expr {
    const domain = this.term(e.domain);
    const withs = this.withs(e.with);
    this.stack.push();
    const key = e.key ? this.everyVar(e.key) : mkVar(this.gen.temp(), e.loc);
    const value = this.everyVar(e.value);
    const body = this.body(e.body, new Set());
    this.stack.pop();
    return { ...e, key, value, domain, body, with: withs };
  }

  private everyVar(t: Term): Term {
    if (t.kind === 'var') return { ...t, name: this.declare(t.name, 'declared', t.loc) };
    const vars = termVars(t, new Set(), { skipObjectKeys: true, skipClosures: true });
    for (const v of vars) this.declare(v, 'declared', t.loc);
    return this.term(t);
  }

  private withs(ws: readonly WithModifier[]): WithModifier[] {
    if (ws.length === 0) return [];
    this.sawWith = true;
    return ws.map((w) => ({ ...w, target: this.withTarget(w.target), value: this.withValue(w.value, this.isDocumentTarget(w.target)) }));
  }

  /**
   * A value naming a builtin (`with f as count`) mocks by that builtin; it is not a local. Replacing
   * `input`/`data` needs a value, so there `count` is a plain (unsafe) var, as in OPA.
   */
  private withValue(t: Term, documentTarget: boolean): Term {
    const head = t.kind === 'var' ? t : t.kind === 'ref' && t.head.kind === 'var' ? t.head : undefined;
    if (head && !documentTarget && !this.stack.lookup(head.name)) {
      const ref = t.kind === 'ref' ? t : mkRef(t, [], t.loc);
      const path = refToStringPath(ref);
      if (path && path[0] !== 'data' && path[0] !== 'input' && this.ctx.knownBuiltin(path.join('.'))) return ref;
    }
    return this.term(t);
  }

  /** A `with` target that replaces a document (`input...`, or `data...` not naming a user function). */
  private isDocumentTarget(t: RefTerm): boolean {
    if (t.head.kind !== 'var' || (t.head.name !== 'input' && t.head.name !== 'data')) return false;
    if (t.head.name === 'input') return true;
    const path = refToStringPath(t);
    return !(path && this.ctx.node(path)?.rules.some((r) => r.kind === 'function'));
  }

  /** `with input as` keeps targeting `input` even where a local shadows it. */
  private withTarget(t: RefTerm): RefTerm {
    if (t.head.kind === 'var' && (t.head.name === 'input' || t.head.name === 'data')) {
      return { ...t, path: t.path.map((p) => this.term(p)) };
    }
    return t;
  }

  term(t: Term): Term {
    switch (t.kind) {
      case 'var':
        return this.varTerm(t);
      case 'ref': {
        // `input.a.b` with `input` not shadowed and a constant path is common: keep it as is.
        if (t.head.kind === 'var' && (t.head.name === 'input' || t.head.name === 'data') && !this.stack.lookup(t.head.name)) {
          const same = mapSame(t.path, (p) => this.term(p));
          return same === t.path ? t : { ...t, path: same };
        }
        const head = t.head.kind === 'var' ? this.varTerm(t.head) : this.term(t.head);
        const path = t.path.map((p) => this.term(p));
        if (head.kind === 'ref' && head.path.length === 0) return { ...t, head: head.head, path };
        if (head.kind === 'var' && path.length === 0) return head;
        return { ...t, head, path };
      }
      case 'call':
        this.checkShadowedCall(t.operator, t.loc);
        return { ...t, args: t.args.map((a) => this.term(a)) };
      case 'arrayComprehension':
      case 'setComprehension':
      case 'objectComprehension': {
        const used = new Set<string>();
        if (t.kind === 'objectComprehension') {
          termVars(t.key, used);
          termVars(t.value, used);
        } else termVars(t.head, used);
        this.stack.push();
        const body = this.body(t.body, used);
        const mapped = mapChildren(t, (c) => this.term(c));
        this.stack.pop();
        return { ...(mapped as typeof t), body };
      }
      default:
        return mapChildren(t, (c) => this.term(c));
    }
  }

  /** A var use: a local in scope, else the body's free var (first use in this frame records it). */
  private varTerm(t: VarTerm): Term {
    const found = this.stack.lookup(t.name);
    if (found) {
      found.count++;
      return { ...t, name: found.local };
    }
    if (t.name === 'input' || t.name === 'data') return mkRef(t, [], t.loc);
    // As in OPA, a var that is not declared is the same var wherever it occurs in this body and the
    // bodies nested in it; the safety pass later separates the ones that are local to a closure.
    let local = this.free.get(t.name);
    if (local === undefined) {
      local = this.fresh(t.name);
      this.free.set(t.name, local);
    }
    return { ...t, name: this.stack.insert(t.name, local, 'seen', t.loc).local };
  }

  private fresh(name: string): string {
    if (name.startsWith('$wildcard') || name === '_') return this.gen.wildcard();
    if (name.startsWith('$')) return this.gen.temp();
    return this.gen.local(name);
  }

  private checkShadowedCall(op: RefTerm, loc: Location): void {
    if (op.head.kind !== 'var') return;
    if (op.head.name === 'print' && op.path.length === 0) this.sawPrint = true;
    const e = this.stack.lookup(op.head.name);
    if (e && e.occ !== 'seen') {
      const name = [op.head.name, ...op.path.map((p) => (p.kind === 'string' ? p.value : '?'))].join('.');
      this.ctx.error('rego_compile_error', `called function ${name} shadowed`, loc);
    }
  }

  /** `declared var x unused` always; `assigned var x unused` in strict mode (OPA's rules). */
  private checkUnused(used: ReadonlySet<string>): void {
    for (const [name, e] of this.stack.top) {
      if (name.startsWith('$') || used.has(name)) continue;
      if (e.occ === 'declared' && e.count <= 1) {
        this.ctx.error('rego_compile_error', `declared var ${name} unused`, e.loc);
      } else if (e.occ === 'assigned' && e.count <= 1 && this.ctx.strict) {
        this.ctx.error('rego_compile_error', `assigned var ${name} unused`, e.loc);
      }
    }
  }
}
