/**
 * The generated functions around the planned code: the entrypoint dispatch, the ABI exports
 * `opa_eval` (1.2 fast path), `eval` (context path), `builtins()`, `entrypoints()`, the helper
 * that turns a host builtin's array result into a set, and the start function.
 */
import type { ConstantPool } from './constants';
import { Code, encodeFunctionBody, type FuncType } from './encoder';
import type { ModuleLinker, RuntimeModule } from './linker';
import { RuntimeErrorCode, ValueTag } from './runtime-api';

const I = 'i32' as const;

export interface EntryContext {
  readonly rt: RuntimeModule;
  readonly linker: ModuleLinker;
  readonly consts: ConstantPool;
}

/** Declares and defines a function in one go; returns its index. */
export function defineFunction(ctx: EntryContext, name: string, type: FuncType, locals: number, emit: (c: Code) => void): number {
  const index = ctx.linker.declareFunction(name, type);
  const c = new Code(128);
  emit(c);
  ctx.linker.defineFunction(index, encodeFunctionBody(locals, c));
  return index;
}

/** vg_abort(internal_error, message) without a location; never returns. */
function internalAbort(ctx: EntryContext, c: Code, message: string): void {
  const msg = ctx.consts.bytes(message);
  c.i32_const(RuntimeErrorCode.InternalError).i32_const(msg.ptr).i32_const(msg.len);
  c.i32_const(0).i32_const(0).i32_const(0).i32_const(0).call(ctx.rt.func('vg_abort')).unreachable();
}

/**
 * dispatch(input, data, entrypoint): runs the plan with that id; aborts on an unknown id
 * (the SDK passes numeric ids through unchecked).
 */
export function defineDispatch(ctx: EntryContext, plans: readonly number[]): number {
  return defineFunction(ctx, 'vg.dispatch', { params: [I, I, I], results: [] }, 0, (c) => {
    c.block(); // unknown id
    for (let i = 0; i < plans.length; i++) c.block();
    c.local_get(2).br_table(plans.map((_, i) => i), plans.length);
    for (const plan of plans) {
      c.end();
      c.local_get(0).local_get(1).call(plan).return();
    }
    c.end();
    internalAbort(ctx, c, 'illegal entrypoint id');
  });
}

/** opa_eval(reserved, entrypoint, data, inputAddr, inputLen, heapPtr, format) → address of JSON text. */
export function defineOpaEval(ctx: EntryContext, dispatch: number): number {
  const { rt } = ctx;
  const [reserved, entrypoint, data, inputAddr, inputLen, heapPtr, input] = [0, 1, 2, 3, 4, 5, 7];
  return defineFunction(ctx, 'opa_eval', { params: [I, I, I, I, I, I, I], results: [I] }, 1, (c) => {
    c.local_get(reserved).if();
    internalAbort(ctx, c, 'opa_eval: reserved argument must be 0');
    c.end();
    c.local_get(heapPtr).call(rt.func('vg_eval_begin'));
    c.local_get(inputLen).if(); // no input bytes: input is undefined
    c.local_get(inputAddr).local_get(inputLen).call(rt.func('opa_json_parse')).local_tee(input).i32_eqz().if();
    internalAbort(ctx, c, 'opa_eval: input is not valid JSON');
    c.end();
    c.end();
    c.local_get(input).local_get(data).local_get(entrypoint).call(dispatch);
    c.call(rt.func('vg_result_dump'));
  });
}

/** eval(ctx): the context path for SDKs that use ABI minor < 2. */
export function defineEval(ctx: EntryContext, dispatch: number): number {
  const { rt } = ctx;
  return defineFunction(ctx, 'eval', { params: [I], results: [I] }, 0, (c) => {
    c.call(rt.func('opa_heap_ptr_get')).call(rt.func('vg_eval_begin'));
    c.local_get(0).call(rt.func('vg_ctx_input'));
    c.local_get(0).call(rt.func('vg_ctx_data'));
    c.local_get(0).call(rt.func('vg_ctx_entrypoint'));
    c.call(dispatch);
    c.local_get(0).call(rt.func('vg_result_set')).call(rt.func('vg_ctx_set_result'));
    c.i32_const(0);
  });
}

/** A function returning a fresh object of name → id (`builtins()`, `entrypoints()`). */
export function defineNameMap(ctx: EntryContext, name: string, entries: readonly { readonly name: string; readonly id: number }[]): number {
  const { rt } = ctx;
  return defineFunction(ctx, name, { params: [], results: [I] }, 1, (c) => {
    c.call(rt.func('vg_object')).local_set(0);
    for (const e of entries) {
      c.local_get(0).i32_const(ctx.consts.string(e.name)).i32_const(e.id).call(rt.func('vg_int')).call(rt.func('vg_object_insert'));
    }
    c.local_get(0);
  });
}

/** host_result_to_set(v): arrays become sets; anything else passes through. */
export function defineHostResultToSet(ctx: EntryContext): number {
  const { rt } = ctx;
  const [v, set, n, i] = [0, 1, 2, 3];
  return defineFunction(ctx, 'vg.host_result_to_set', { params: [I], results: [I] }, 3, (c) => {
    c.local_get(v).call(rt.func('vg_type')).i32_const(ValueTag.Array).i32_ne().if();
    c.local_get(v).return();
    c.end();
    c.call(rt.func('vg_set')).local_set(set);
    c.local_get(v).call(rt.func('vg_iter_len')).local_set(n);
    c.block().loop();
    c.local_get(i).local_get(n).i32_ge_u().br_if(1);
    c.local_get(set).local_get(v).local_get(i).call(rt.func('vg_iter_value')).call(rt.func('vg_set_add'));
    c.local_get(i).i32_const(1).i32_add().local_set(i);
    c.br(0).end().end();
    c.local_get(set);
  });
}

export interface StartOptions {
  readonly strictBuiltinErrors: boolean;
  readonly memoSlots: number;
}

/**
 * The start function: the runtime's own start, then `vg_init(heapBase)` so the heap begins after
 * our data, the strict flag, the memo table, and every global constant. All of it lands below
 * the base heap pointer the SDK records after instantiation.
 */
export function defineStart(ctx: EntryContext, opts: StartOptions): number {
  const { rt, linker } = ctx;
  return defineFunction(ctx, 'vg.start', { params: [], results: [] }, 0, (c) => {
    if (rt.info.start !== undefined) c.call(rt.info.start);
    c.i32_const(linker.heapBase).call(rt.func('vg_init'));
    if (opts.strictBuiltinErrors) c.i32_const(1).call(rt.func('vg_set_strict'));
    if (opts.memoSlots > 0) c.i32_const(opts.memoSlots).call(rt.func('vg_memo_init'));
    ctx.consts.emitInit(c, rt);
  });
}
