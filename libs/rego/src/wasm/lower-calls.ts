/**
 * Lowering of calls: planned functions (direct `call`), native builtins (direct call of the
 * runtime export), host builtins (`opa_builtinN(id, 0, args...)`; arguments and result as value
 * text for `exact` ones), and CallDynamic through a generated dispatch.
 *
 * CallDynamic dispatch: the candidates are the planned functions whose path has the call's
 * length. Constant path segments filter them at compile time; for each run-time segment the
 * generated code binary-searches the candidates' distinct segment strings with `vg_compare`
 * (strings order by UTF-8 bytes, which is how they are sorted here), so a call costs about
 * log2(candidates) comparisons per segment, allocates nothing, and needs no table.
 */
import { RegoCompileError, diagnostic } from '../diagnostics';
import { DATA_LOCAL, INPUT_LOCAL, type CallDynamicStmt, type CallStmt, type Operand } from '../plan/ir';
import { hostBuiltinImport } from './abi';
import { invariant } from '../diagnostics';
import type { FuncRef, FunctionLowerer } from './lower';

/** Pushes a planned function's arguments; IR calls may list input and data or leave them implicit. */
function plannedArgs(f: FunctionLowerer, params: number, args: readonly Operand[], what: string): void {
  if (args.length + 2 === params) {
    f.code.local_get(f.local(INPUT_LOCAL)).local_get(f.local(DATA_LOCAL));
  } else {
    invariant(args.length === params, `${what} takes ${params} arguments (input and data included), the call passes ${args.length}`);
  }
  for (const a of args) f.operand(a);
}

export function lowerCall(f: FunctionLowerer, s: CallStmt): void {
  const c = f.code;
  const fn = f.ctx.funcs.get(s.func);
  if (fn) {
    plannedArgs(f, fn.params, s.args, s.func);
    c.call(fn.index);
  } else if (lowerBuiltinCall(f, s)) {
    c.drop(); // a void builtin: called for its effect, always defined, result stays undefined
    return;
  }
  c.local_tee(f.local(s.result));
  f.undefinedIfZero();
}

/** Calls a builtin, leaving its result on the stack; true when the builtin is void. */
function lowerBuiltinCall(f: FunctionLowerer, s: CallStmt): boolean {
  const c = f.code;
  const { binding, host } = f.ctx.builtins.resolve(s.func, s.args.length, s.loc);
  f.builtinLocation(s.loc);
  if (binding.kind === 'native') {
    const index = f.rt.func(binding.export);
    const want = f.rt.signature(index).params.length;
    if (want !== s.args.length) {
      const where = s.loc ?? { file: '', row: 0, col: 0 };
      throw new RegoCompileError([diagnostic('rego_type_error', `${s.func}: expected ${want} arguments, got ${s.args.length}`, where)]);
    }
    for (const a of s.args) f.operand(a);
    c.call(index);
    if (f.rt.signature(index).results.length === 0) c.i32_const(0);
    return binding.void === true;
  }
  invariant(host !== undefined, `host builtin ${s.func} has no id`);
  c.i32_const(host.id).i32_const(0);
  for (const a of s.args) {
    f.operand(a);
    // Exact host calls: each argument as its Rego value text (JSON would lose sets and big numbers).
    if (host.exact) c.call(f.rt.func('vg_value_text'));
  }
  c.call(f.rt.importedFunc(hostBuiltinImport(s.args.length)));
  if (host.exact) c.call(f.rt.func('vg_value_from_text')); // the answer is value text too: sets arrive as sets
  else if (host.resultIsSet) c.call(f.ctx.hostResultToSet());
  return binding.void === true;
}

const utf8 = new TextEncoder();
const byUtf8 = (a: string, b: string): number => Buffer.compare(utf8.encode(a), utf8.encode(b));

interface DynamicCall {
  readonly f: FunctionLowerer;
  readonly s: CallDynamicStmt;
  readonly result: number;
  readonly cmp: number;
}

export function lowerCallDynamic(f: FunctionLowerer, s: CallDynamicStmt): void {
  const c = f.code;
  const n = s.args.length;
  const candidates = (f.ctx.funcsByPathLength.get(s.path.length) ?? []).filter((fn) => fn.params === n || fn.params === n + 2);
  const call: DynamicCall = { f, s, result: f.local(s.result), cmp: f.scratch() };
  c.i32_const(0).local_set(call.result);
  c.block();
  f.within({ kind: 'plain' }, () => segment(call, 0, candidates, 0));
  c.end();
  c.local_get(call.result);
  f.undefinedIfZero();
}

/** Dispatch on path segment `i` among `cands`; `depth` is the label depth of the done block. */
function segment(call: DynamicCall, i: number, cands: readonly FuncRef[], depth: number): void {
  const { f, s } = call;
  if (cands.length === 0) return;
  if (i === s.path.length) {
    const fn = cands[0];
    if (fn.params === s.args.length + 2) f.code.local_get(f.local(INPUT_LOCAL)).local_get(f.local(DATA_LOCAL));
    for (const a of s.args) f.code.local_get(f.local(a));
    f.code.call(fn.index).local_set(call.result).br(depth);
    return;
  }
  const op = s.path[i];
  if (op.kind === 'bool') return; // a path segment is a string; booleans never match
  if (op.kind === 'string') {
    const text = f.ctx.consts.stringText(op.index);
    segment(call, i + 1, cands.filter((fn) => fn.path[i] === text), depth);
    return;
  }
  const values = [...new Set(cands.map((fn) => fn.path[i]))].sort(byUtf8);
  search(call, i, cands, values, 0, values.length - 1, depth);
}

/** Binary search of the run-time segment `i` among the sorted `values[lo..hi]`. */
function search(call: DynamicCall, i: number, cands: readonly FuncRef[], values: readonly string[], lo: number, hi: number, depth: number): void {
  const { f, s } = call;
  const c = f.code;
  if (lo > hi) return;
  const mid = (lo + hi) >>> 1;
  const group = cands.filter((fn) => fn.path[i] === values[mid]);
  f.operand(s.path[i]);
  c.i32_const(f.ctx.consts.string(values[mid]));
  if (lo === hi) {
    c.call(f.rt.func('vg_equal')).if();
    segment(call, i + 1, group, depth + 1);
    c.end();
    return;
  }
  c.call(f.rt.func('vg_compare')).local_tee(call.cmp).i32_eqz().if();
  segment(call, i + 1, group, depth + 1);
  c.br(depth + 1); // equal but no function further down: undefined
  c.end();
  c.local_get(call.cmp).i32_const(0).i32_lt_s().if();
  search(call, i, cands, values, lo, mid - 1, depth + 1);
  c.else();
  search(call, i, cands, values, mid + 1, hi, depth + 1);
  c.end();
}
