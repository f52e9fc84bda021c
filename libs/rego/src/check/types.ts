/**
 * Pass: builtin argument types (a sound subset of OPA's CheckTypes). A var's type is known only when
 * the expression that first binds it fixes it: a literal, a composite of known types, a comprehension,
 * or a builtin's declared result (`count(x, n)` makes `n` a number). Everything else is `any`, and
 * `any` never fails, and object fields are not compared (see `compatible`). So `plus("a", 1)` and
 * `x := count(y); concat(",", x)` are rejected, as OPA does, and a policy OPA accepts is not.
 * Error: `rego_type_error: plus: invalid argument(s)` with `have`/`want` lines.
 */
import { formatType, type RegoType } from '../builtins/types';
import type { Body, Expr, Term } from '../syntax/ast';
import { exprVars, opName, termVars } from './ast-util';
import type { CheckContext } from './compile-context';

const ANY: RegoType = { kind: 'any' };

type Env = Map<string, RegoType>;

export function checkTypes(ctx: CheckContext): void {
  for (const rule of ctx.rules) {
    const env: Env = new Map();
    for (const a of rule.args) for (const v of termVars(a, new Set())) env.set(v, ANY);
    checkBody(ctx, new Map(env), rule.body);
    for (const el of rule.elses) checkBody(ctx, new Map(env), el.body);
  }
  if (ctx.query) checkBody(ctx, new Map(), ctx.query.body);
}

function checkBody(ctx: CheckContext, env: Env, body: Body): void {
  for (const e of body) {
    checkClosures(ctx, env, e);
    if (e.kind === 'callExpr') checkCall(ctx, env, e);
    bindTypes(ctx, env, e);
  }
}

/** Records the types of the vars `e` binds first (every var is bound by its first expression after safety). */
function bindTypes(ctx: CheckContext, env: Env, e: Expr): void {
  if (!e.negated && e.kind === 'callExpr') {
    const name = opName(e);
    const [a, b] = e.args;
    if (name === 'eq' && e.args.length === 2 && a && b) {
      if (a.kind === 'var' && !env.has(a.name)) env.set(a.name, typeOf(env, b));
      else if (b.kind === 'var' && !env.has(b.name)) env.set(b.name, typeOf(env, a));
    } else {
      const sig = ctx.builtin(name);
      const out = e.args[e.args.length - 1];
      if (sig && !sig.variadic && sig.result && e.args.length === sig.args.length + 1 && out?.kind === 'var' && !env.has(out.name)) {
        env.set(out.name, sig.result);
      }
    }
  }
  // One scratch set for every expression: this runs once per expression of the program.
  for (const v of exprVars(e, scratch, SKIP_CLOSURES)) if (!env.has(v)) env.set(v, ANY);
  scratch.clear();
}

const scratch = new Set<string>();
const SKIP_CLOSURES = { skipClosures: true } as const;

function checkClosures(ctx: CheckContext, env: Env, e: Expr): void {
  const visit = (t: Term): void => {
    if (t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') {
      checkBody(ctx, new Map(env), t.body);
      return;
    }
    if (t.kind === 'ref') t.path.forEach(visit);
    else if (t.kind === 'array' || t.kind === 'set') t.items.forEach(visit);
    else if (t.kind === 'object') t.items.forEach((i) => (visit(i.key), visit(i.value)));
  };
  if (e.kind === 'every') {
    const inner = new Map(env);
    for (const v of termVars(e.value, termVars(e.key ?? e.value, new Set()))) inner.set(v, ANY);
    checkBody(ctx, inner, e.body);
  } else if (e.kind === 'callExpr') e.args.forEach(visit);
  else if (e.kind === 'termExpr') visit(e.term);
}

function checkCall(ctx: CheckContext, env: Env, e: Expr & { kind: 'callExpr' }): void {
  const name = opName(e);
  const sig = ctx.builtin(name);
  // Every call is a statement by now, so this is where the program's builtins are counted.
  if (sig && name !== 'eq') ctx.builtinsUsed.add(name);
  if (!sig || sig.variadic || name === 'eq') return;
  const n = sig.args.length;
  for (let i = 0; i < n && i < e.args.length; i++) {
    const have = typeOf(env, e.args[i] as Term);
    if (compatible(have, sig.args[i] as RegoType)) continue;
    const haves = e.args.map((a, j) => (j < n ? formatType(typeOf(env, a)) : '???'));
    const wants = [...sig.args, ...(sig.result ? [sig.result] : [])].map((t) => formatType(t));
    const at = (e.args[i] as Term).loc;
    ctx.error('rego_type_error', `${name}: invalid argument(s)\n\thave: (${haves.join(', ')})\n\twant: (${wants.join(', ')})`, at);
    return;
  }
}

/** The static type of a term, `any` when not known. */
export function typeOf(env: Env, t: Term): RegoType {
  switch (t.kind) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return { kind: t.kind };
    case 'var':
      return env.get(t.name) ?? ANY;
    case 'array':
      return { kind: 'array', static: t.items.map((i) => typeOf(env, i)) };
    case 'set': {
      const items = t.items.map((i) => typeOf(env, i));
      const first = items[0];
      const same = first !== undefined && items.every((x) => x.kind === first.kind && isScalarType(x));
      return { kind: 'set', of: same ? first : ANY };
    }
    case 'object': {
      if (!t.items.every((i) => i.key.kind === 'string')) return { kind: 'object', static: [], dynamic: { key: ANY, value: ANY } };
      const fields = t.items.map((i) => ({ key: (i.key as { value: string }).value, value: typeOf(env, i.value) }));
      return { kind: 'object', static: fields };
    }
    case 'arrayComprehension':
      return { kind: 'array', static: [], dynamic: ANY };
    case 'setComprehension':
      return { kind: 'set', of: ANY };
    case 'objectComprehension':
      return { kind: 'object', static: [], dynamic: { key: ANY, value: ANY } };
    default:
      return ANY;
  }
}

function isScalarType(t: RegoType): boolean {
  return t.kind === 'null' || t.kind === 'boolean' || t.kind === 'number' || t.kind === 'string';
}

/**
 * Can a value of type `have` be passed where `want` is declared? Deliberately looser than OPA's
 * `unifies` so that a declaration that is too narrow never rejects a valid policy: object fields and
 * tuple positions are not compared, only kinds and the element types of `array<T>` and `set<T>`.
 */
export function compatible(have: RegoType, want: RegoType): boolean {
  if (have.kind === 'any') return !have.of || have.of.length === 0 || have.of.some((m) => compatible(m, want));
  if (want.kind === 'any') return !want.of || want.of.length === 0 || want.of.some((m) => compatible(have, m));
  if (have.kind !== want.kind) return false;
  if (have.kind === 'set') return compatible(have.of, (want as typeof have).of);
  if (have.kind === 'array') {
    const w = want as typeof have;
    if (w.static.length > 0 || !w.dynamic) return true;
    const elem = w.dynamic;
    return have.static.every((t) => compatible(t, elem)) && (!have.dynamic || compatible(have.dynamic, elem));
  }
  return true;
}
