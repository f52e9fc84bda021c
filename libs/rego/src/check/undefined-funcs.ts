/**
 * Pass: every call names an existing function with the right number of arguments (OPA's
 * CheckUndefinedFuncs). Runs before calls are lifted out of terms, so a call used as a value
 * (`count(x) > 1`) must have exactly the arity, and a call statement the arity or one more (the output).
 * - unknown name → `rego_type_error: undefined function data.x.f` (or `... count2`);
 * - a known OPA builtin this toolchain lacks → `rego_unsupported_builtin_error`, unless some `with`
 *   in the program mocks it (`with http.send as mock`): then only calls left unmocked after planning
 *   fail, in codegen, with the same code (a test that mocks `http.send` compiles and runs);
 * - builtin arity → `rego_type_error: count: arity mismatch` with have/want lines;
 * - user function arity → `rego_type_error: function data.x.f has arity 1, got 2 arguments`;
 * - a deprecated builtin (`any`, `all`, `re_match`, `set_diff`, `cast_*`, `net.cidr_overlap`) in a
 *   v1 module, or anywhere in strict mode → `rego_type_error: deprecated built-in function calls in
 *   expression: any` (OPA's CheckDeprecatedBuiltins).
 */
import type { Location } from '../diagnostics';
import type { Body, RefTerm, Term } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';
import { formatType } from '../builtins/types';
import { forEachChild, opName } from './ast-util';
import type { CheckContext } from './compile-context';
import { BODY, originalName } from './compile-context';

export function checkUndefinedFuncs(ctx: CheckContext): void {
  const unsupported: Unsupported[] = [];
  const mocked = new Set<string>();
  for (const rule of ctx.rules) {
    const c: Calls = { ctx, noDeprecated: ctx.strict || rule.module.regoVersion === 1, refs: [], unsupported, mocked, broken: undefined };
    const inBody = (key: number, check: () => void): void => {
      c.broken = () => (rule.callErrors ??= new Set()).add(key);
      check();
    };
    inBody(BODY, () => checkBody(c, rule.body));
    rule.elses.forEach((el, i) =>
      inBody(i, () => {
        checkBody(c, el.body);
        walkTerm(c, el.value);
      }),
    );
    const head = [...rule.suffix, ...rule.args, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : [])];
    inBody(BODY, () => head.forEach((t) => walkTerm(c, t))); // the head is checked with the body
    rule.dataRefs = c.refs;
  }
  const query = ctx.query;
  if (query) checkBody({ ctx, noDeprecated: ctx.strict, refs: [], unsupported, mocked, broken: () => (query.callErrors = true) }, query.body);
  for (const u of unsupported) {
    if (mocked.has(u.name)) continue;
    ctx.error('rego_unsupported_builtin_error', `unsupported built-in function ${u.name}`, u.loc);
    u.broken?.();
  }
}

/** A call of a builtin this toolchain lacks; `broken` marks its body when its arity is unknown and it is reported. */
interface Unsupported {
  readonly name: string;
  readonly loc: Location;
  readonly broken?: () => void;
}

interface Calls {
  readonly ctx: CheckContext;
  /** Deprecated builtins are errors (v1 module or strict mode). */
  readonly noDeprecated: boolean;
  /** Refs rooted at `data` seen on the way (call operators and `with` targets included). */
  readonly refs: RefTerm[];
  /** Calls of builtins this toolchain lacks: errors unless `mocked` names them at the end. */
  readonly unsupported: Unsupported[];
  /** Builtins some `with` replaces. */
  readonly mocked: Set<string>;
  /** Marks the body being checked as holding a reported call error (its output vars are unknown). */
  broken: (() => void) | undefined;
}

function checkBody(ctx: Calls, body: Body): void {
  for (const e of body) {
    switch (e.kind) {
      case 'callExpr':
        checkCall(ctx, e.operator, e.args, e.loc, true);
        e.args.forEach((a) => walkTerm(ctx, a));
        break;
      case 'termExpr':
        walkTerm(ctx, e.term);
        break;
      case 'every':
        walkTerm(ctx, e.domain);
        checkBody(ctx, e.body);
        break;
      case 'someDecl':
        e.symbols.forEach((s) => walkTerm(ctx, s));
        break;
    }
    for (const w of e.with) {
      if (isDataRef(w.target)) ctx.refs.push(w.target);
      else if (!isInputRef(w.target)) ctx.mocked.add(displayOperator(w.target));
      if (w.value.kind === 'ref' && namesFunction(ctx.ctx, w.value)) ctx.refs.push(w.value);
      else walkTerm(ctx, w.value);
    }
  }
}

function walkTerm(ctx: Calls, t: Term): void {
  if (t.kind === 'call') checkCall(ctx, t.operator, t.args, t.loc, false);
  if (t.kind === 'ref' && isDataRef(t)) ctx.refs.push(t);
  if (t.kind === 'ref' && namesFunction(ctx.ctx, t)) {
    // Functions are not values (OPA's checkApply); only `with ... as f` may name one.
    ctx.ctx.error('rego_type_error', `undefined ref: ${displayOperator(t)}`, t.loc);
  }
  forEachChild(t, (c) => walkTerm(ctx, c));
  if (t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') checkBody(ctx, t.body);
}

/** The number of parameters of the function `op` names, or undefined when it names none. */
export function functionArity(ctx: CheckContext, op: RefTerm): number | undefined {
  const path = refToStringPath(op);
  if (path && path[0] === 'data') {
    const first = ctx.node(path)?.rules[0];
    return first?.kind === 'function' ? first.args.length : undefined;
  }
  const name = opName({ operator: op } as never);
  // Known but unsupported builtins have an arity too: a `with` may mock them (see checkCall).
  const b = ctx.knownBuiltin(name);
  if (!b) return undefined;
  return b.variadic ? -1 : b.args.length;
}

function isDataRef(t: RefTerm): boolean {
  return t.head.kind === 'var' && t.head.name === 'data';
}

function isInputRef(t: RefTerm): boolean {
  return t.head.kind === 'var' && t.head.name === 'input';
}

/** A ref whose whole path names a user function. */
function namesFunction(ctx: CheckContext, t: RefTerm): boolean {
  if (!isDataRef(t)) return false; // cheap test first: this runs for every ref of the program
  const path = refToStringPath(t);
  return path !== undefined && path[0] === 'data' && ctx.node(path)?.rules[0]?.kind === 'function';
}

function checkCall(calls: Calls, op: RefTerm, args: readonly Term[], loc: Location, statement: boolean): void {
  const ctx = calls.ctx;
  const name = displayOperator(op);
  const userFunc = isDataRef(op);
  if (userFunc) calls.refs.push(op);
  const n = functionArity(ctx, op);
  const ok = n !== undefined && (n < 0 || (statement ? args.length === n || args.length === n + 1 : args.length === n));
  if (calls.noDeprecated && !userFunc && ctx.opts.builtins.isDeprecated?.(name)) {
    ctx.error('rego_type_error', `deprecated built-in function calls in expression: ${name}`, loc);
    if (!ok) calls.broken?.(); // reported; its outputs unknown too
    return;
  }
  const unsupported = !userFunc && ctx.opts.builtins.isKnownUnsupported?.(name) === true;
  if (unsupported) calls.unsupported.push({ name, loc, broken: n === undefined ? calls.broken : undefined });
  if (n === undefined) {
    if (!unsupported) {
      ctx.error('rego_type_error', `undefined function ${name}`, loc);
      calls.broken?.();
    }
    return;
  }
  if (ok) return;
  calls.broken?.();
  const got = statement && args.length > n ? args.length - 1 : args.length;
  const b = userFunc ? undefined : ctx.knownBuiltin(name);
  if (b) {
    const have = `(${args.map(() => 'any').join(', ')})`;
    const want = `(${b.args.map((a) => formatType(a)).join(', ')})`;
    ctx.error('rego_type_error', `${name}: arity mismatch\n\thave: ${have}\n\twant: ${want}`, loc);
  } else {
    const s = got === 1 ? '' : 's';
    ctx.error('rego_type_error', `function ${name} has arity ${n}, got ${got} argument${s}`, loc);
  }
}

/** The operator as the user would recognise it (local names shown without their `$` suffix). */
function displayOperator(op: RefTerm): string {
  const path = refToStringPath(op);
  if (path) return path.join('.');
  const head = op.head.kind === 'var' ? (originalName(op.head.name) ?? op.head.name) : '<dynamic>';
  return [head, ...op.path.map((p) => (p.kind === 'string' ? p.value : '[...]'))].join('.');
}
