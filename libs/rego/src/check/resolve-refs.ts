/**
 * Pass: resolve references (OPA's ResolveRefs). Rule names of the module's package (from every module
 * of that package) and import names become absolute refs: `p` → `data.pkg.p`, `import data.x.y as z`
 * makes `z` → `data.x.y`, `import input.a` makes `a` → `input.a`. Imports win over rule names. Names
 * declared as locals (`:=`, `some`, function args, `every` key/value, anywhere in the body as OPA
 * does) shadow rule names. Strict mode reports unused imports.
 */
import type { Location } from '../diagnostics';
import type { Body, Expr, Import, Module, RefTerm, Term, WithModifier } from '../syntax/ast';
import { isCallTo, mapChildren, mapSame, mkPathRef, mkRef, termVars } from './ast-util';
import type { CheckContext, WorkRule } from './compile-context';
import { importName, importToString } from './imports';

interface Global {
  readonly path: readonly string[] | RefTerm;
  used: boolean;
}

type Globals = ReadonlyMap<string, Global>;

/** A stack of name sets that shadow globals. */
class Ignore {
  private readonly frames: Set<string>[] = [];
  push(s: Set<string>): void {
    this.frames.push(s);
  }
  pop(): void {
    this.frames.pop();
  }
  has(name: string): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) if ((this.frames[i] as Set<string>).has(name)) return true;
    return false;
  }
}

export function resolveRefs(ctx: CheckContext): void {
  const exports = packageExports(ctx);
  const byModule = new Map<Module, WorkRule[]>();
  for (const r of ctx.rules) {
    const list = byModule.get(r.module) ?? [];
    list.push(r);
    byModule.set(r.module, list);
  }
  for (const mod of ctx.modules) {
    const globals = moduleGlobals(mod, exports.get(mod.package.path.join('.')) ?? new Set());
    for (const rule of byModule.get(mod) ?? []) resolveRule(ctx, rule, globals);
    if (ctx.strict) reportUnusedImports(ctx, mod, globals);
  }
  if (ctx.query) {
    const ignore = new Ignore();
    ignore.push(declaredVars(ctx.query.body));
    ctx.query.body = resolveBody(new Map(), ignore, ctx.query.body);
  }
}

/** Package (dotted) → names of its rules across all modules. */
function packageExports(ctx: CheckContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of ctx.rules) {
    const key = r.module.package.path.join('.');
    const set = out.get(key) ?? new Set<string>();
    const first = r.source.head.ref[0];
    if (first?.kind === 'var') set.add(first.name);
    out.set(key, set);
  }
  return out;
}

function moduleGlobals(mod: Module, ruleNames: Set<string>): Map<string, Global> {
  const globals = new Map<string, Global>();
  for (const name of ruleNames) globals.set(name, { path: ['data', ...mod.package.path, name], used: false });
  for (const imp of mod.imports) {
    const root = imp.path.head.kind === 'var' ? imp.path.head.name : '';
    if (root === 'future' || root === 'rego') continue;
    globals.set(importName(imp), { path: imp.path, used: false });
  }
  return globals;
}

function reportUnusedImports(ctx: CheckContext, mod: Module, globals: Globals): void {
  for (const imp of mod.imports) {
    const root = imp.path.head.kind === 'var' ? imp.path.head.name : '';
    if (root === 'future' || root === 'rego') continue;
    const g = globals.get(importName(imp));
    if (g && !g.used && g.path === imp.path) ctx.error('rego_compile_error', `${importToString(imp)} unused`, imp.loc);
  }
}

function resolveRule(ctx: CheckContext, rule: WorkRule, globals: Globals): void {
  const argVars = new Set<string>();
  for (const arg of rule.args) {
    checkArgRoot(ctx, arg);
    termVars(arg, argVars, { skipClosures: true, skipObjectKeys: true });
  }
  const ignore = new Ignore();
  ignore.push(argVars);
  ignore.push(declaredVars(rule.body));
  const rt = (t: Term): Term => resolveTerm(globals, ignore, t);
  rule.suffix = rule.suffix.map(rt);
  if (rule.key) rule.key = rt(rule.key);
  if (rule.value) rule.value = rt(rule.value);
  rule.body = resolveBody(globals, ignore, rule.body);
  ignore.pop();
  for (const el of rule.elses) {
    ignore.push(declaredVars(el.body));
    el.value = resolveTerm(globals, ignore, el.value);
    el.body = resolveBody(globals, ignore, el.body);
    ignore.pop();
  }
}

function checkArgRoot(ctx: CheckContext, arg: Term): void {
  const name = arg.kind === 'var' ? arg.name : arg.kind === 'ref' && arg.path.length === 0 && arg.head.kind === 'var' ? arg.head.name : undefined;
  if (name === 'input' || name === 'data') {
    ctx.error('rego_compile_error', `args must not shadow ${name} (use a different variable name)`, arg.loc);
  }
}

function resolveBody(globals: Globals, ignore: Ignore, body: Body): Body {
  return mapSame(body, (e) => resolveExpr(globals, ignore, e));
}

function resolveExpr(globals: Globals, ignore: Ignore, e: Expr): Expr {
  const rt = (t: Term): Term => resolveTerm(globals, ignore, t);
  const withs = mapSame(e.with, (w): WithModifier => {
    const target = rt(w.target) as RefTerm;
    const value = rt(w.value);
    return target === w.target && value === w.value ? w : { ...w, target, value };
  });
  switch (e.kind) {
    case 'termExpr': {
      const term = rt(e.term);
      return term === e.term && withs === e.with ? e : { ...e, term, with: withs };
    }
    case 'callExpr': {
      const operator = rt(e.operator) as RefTerm;
      const args = mapSame(e.args, rt);
      return operator === e.operator && args === e.args && withs === e.with ? e : { ...e, operator, args, with: withs };
    }
    case 'someDecl':
      // `some x` declares; only the collection of `some x in xs` is resolved.
      return { ...e, symbols: e.symbols.map((s) => (s.kind === 'call' ? rt(s) : s)), with: withs };
    case 'every': {
      const locals = new Set<string>();
      if (e.key) termVars(e.key, locals);
      termVars(e.value, locals);
      const domain = rt(e.domain);
      ignore.push(locals);
      const body = resolveBody(globals, ignore, e.body);
      ignore.pop();
      return { ...e, domain, body, with: withs };
    }
  }
}

function resolveTerm(globals: Globals, ignore: Ignore, t: Term): Term {
  switch (t.kind) {
    case 'var': {
      const ref = lookup(globals, ignore, t.name, t.loc);
      return ref ?? t;
    }
    case 'ref': {
      const path = mapSame(t.path, (p) => resolveTerm(globals, ignore, p));
      if (t.head.kind === 'var') {
        const ref = lookup(globals, ignore, t.head.name, t.head.loc);
        if (ref) return mkRef(ref.head, [...ref.path, ...path], t.loc);
        return path === t.path ? t : { ...t, path };
      }
      const head = resolveTerm(globals, ignore, t.head);
      return head === t.head && path === t.path ? t : { ...t, head, path };
    }
    case 'call': {
      const operator = resolveTerm(globals, ignore, t.operator) as RefTerm;
      const args = mapSame(t.args, (a) => resolveTerm(globals, ignore, a));
      return operator === t.operator && args === t.args ? t : { ...t, operator, args };
    }
    case 'arrayComprehension':
    case 'setComprehension':
    case 'objectComprehension': {
      ignore.push(declaredVars(t.body));
      const mapped = mapChildren(t, (c) => resolveTerm(globals, ignore, c)) as typeof t;
      const body = resolveBody(globals, ignore, t.body);
      ignore.pop();
      return mapped === t && body === t.body ? t : { ...mapped, body };
    }
    default:
      return mapChildren(t, (c) => resolveTerm(globals, ignore, c));
  }
}

function lookup(globals: Globals, ignore: Ignore, name: string, loc: Location): RefTerm | undefined {
  const g = globals.get(name);
  if (!g || ignore.has(name)) return undefined;
  g.used = true;
  if (Array.isArray(g.path)) return mkPathRef(g.path as readonly string[], loc);
  const ref = g.path as RefTerm;
  return relocate(ref, loc);
}

function relocate(ref: RefTerm, loc: Location): RefTerm {
  return mkRef({ ...ref.head, loc }, ref.path.map((p) => ({ ...p, loc })), loc);
}

/**
 * Names declared in a body: `:=` targets, `some` symbols and `some ... in` patterns, including those
 * inside `every` bodies but not inside comprehensions (those have their own scope).
 */
export function declaredVars(body: Body): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expr): void => {
    if (isCallTo(e, 'assign') && e.args.length === 2) {
      termVars(e.args[0] as Term, out, { skipClosures: true });
    } else if (e.kind === 'someDecl') {
      for (const s of e.symbols) {
        if (s.kind === 'var') out.add(s.name);
        else if (s.kind === 'call') {
          // some x in xs / some k, v in xs: every arg but the collection.
          s.args.slice(0, -1).forEach((a) => termVars(a, out, { skipClosures: true }));
        }
      }
    } else if (e.kind === 'every') {
      e.body.forEach(visit);
    }
  };
  body.forEach(visit);
  return out;
}

export type { Import };
