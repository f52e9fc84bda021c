/**
 * IR → wasm: compiles a planned `Policy` into functions appended to our runtime module and
 * links one module implementing OPA's wasm ABI 1.2 (see linker.ts for the module layout,
 * constants.ts for how constants are made once per instance, lower*.ts for the statements).
 *
 *   emitWasm(policy, { strictBuiltinErrors }) → Uint8Array, loadable by @open-policy-agent/opa-wasm
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invariant } from '../diagnostics';
import type { Func, Plan, Policy } from '../plan/ir';
import { GENERATED_EXPORTS } from './abi';
import { BuiltinTable, registryResolver, type BuiltinResolver } from './builtin-binding';
import { ConstantPool } from './constants';
import type { FuncType } from './encoder';
import { defineDispatch, defineEval, defineHostResultToSet, defineNameMap, defineOpaEval, defineStart, type EntryContext } from './entry';
import { ModuleLinker, RuntimeModule } from './linker';
import { FunctionLowerer, type FuncRef, type ModuleContext } from './lower';
import { lowerReturn } from './lower-control';
import { lowerStmts } from './lower-stmts';

export interface EmitOptions {
  /** The runtime to link against (bytes or a parsed module); default: the built `runtime.wasm`. */
  readonly runtime?: Uint8Array | RuntimeModule;
  /** Builtin errors abort evaluation (`eval_builtin_error`) instead of making the call undefined. */
  readonly strictBuiltinErrors?: boolean;
  /** Where builtins go; default: the builtin registry and runtime-api.ts's NATIVE_BUILTINS. */
  readonly resolveBuiltin?: BuiltinResolver;
  /** Add a name section with the generated functions' names when the runtime has none (debugging). */
  readonly names?: boolean;
}

/** A generated function, for the printer. */
export interface GeneratedFunction {
  readonly name: string;
  readonly index: number;
  readonly type: FuncType;
  readonly body: Uint8Array;
}

export interface WasmOutput {
  readonly wasm: Uint8Array<ArrayBuffer>;
  /** Entrypoint name → id, as `entrypoints()` reports them. */
  readonly entrypoints: Readonly<Record<string, number>>;
  /** Registered names of the host builtins, by id (what `builtins()` lists). */
  readonly hostBuiltins: readonly string[];
  readonly functions: readonly GeneratedFunction[];
  readonly runtime: RuntimeModule;
  /** Static string value address → text, for the printer. */
  readonly stringAt: ReadonlyMap<number, string>;
  /** Static byte string address → text (file names, messages, number literals), for the printer. */
  readonly bytesAt: ReadonlyMap<number, string>;
  /** Our global index → name, for the printer. */
  readonly globalNames: ReadonlyMap<number, string>;
}

export const DEFAULT_RUNTIME_PATH = join(__dirname, '..', '..', 'runtime', 'build', 'runtime.wasm');

let cached: { key: string; runtime: RuntimeModule } | undefined;

/** The built runtime, read and decoded once per file version. */
export function loadDefaultRuntime(path = DEFAULT_RUNTIME_PATH): RuntimeModule {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new Error(`wasm runtime not found at ${path}; run npm run build:runtime`);
  const key = `${path}:${st.size}:${st.mtimeMs}`;
  if (cached?.key !== key) cached = { key, runtime: new RuntimeModule(new Uint8Array(readFileSync(path))) };
  return cached.runtime;
}

/** Compiles a planned policy to a wasm module. */
export function emitWasm(policy: Policy, options: EmitOptions = {}): Uint8Array<ArrayBuffer> {
  return compileWasm(policy, options).wasm;
}

const I = 'i32' as const;
const i32s = (n: number): FuncType['params'] => Array<typeof I>(n).fill(I);

/** Compiles a planned policy, returning the module and what went into it. */
export function compileWasm(policy: Policy, options: EmitOptions = {}): WasmOutput {
  const rt = options.runtime instanceof RuntimeModule ? options.runtime : options.runtime ? new RuntimeModule(options.runtime) : loadDefaultRuntime();
  const linker = new ModuleLinker(rt);
  const consts = new ConstantPool(linker, policy.static.strings);
  const entry: EntryContext = { rt, linker, consts };
  const ctx = moduleContext(entry, policy, options.resolveBuiltin ?? registryResolver, options.strictBuiltinErrors ?? false);

  let memoSlots = 0;
  for (const fn of policy.funcs) {
    const ref = ctx.funcs.get(fn.name) as FuncRef;
    // Only (input, data) functions can be memoised by slot: a memo entry has no arguments.
    const memoSlot = fn.memoizable && fn.params.length === 2 ? memoSlots++ : undefined;
    linker.defineFunction(ref.index, lowerFunc(ctx, fn, memoSlot));
  }
  const planIndices = policy.plans.map((p) => {
    const index = linker.declareFunction(`plan:${p.name}`, { params: [I, I], results: [] });
    linker.defineFunction(index, lowerPlan(ctx, p));
    return index;
  });

  const dispatch = defineDispatch(entry, planIndices);
  const entrypoints = policy.plans.map((p, id) => ({ name: p.name, id }));
  const hostBuiltins = ctx.builtins.hostBuiltins;
  linker.exportAbi();
  linker.exportFunction(GENERATED_EXPORTS.builtins, defineNameMap(entry, 'builtins', hostBuiltins.map((b) => ({ name: b.hostName, id: b.id }))));
  linker.exportFunction(GENERATED_EXPORTS.entrypoints, defineNameMap(entry, 'entrypoints', entrypoints));
  linker.exportFunction(GENERATED_EXPORTS.opaEval, defineOpaEval(entry, dispatch));
  linker.exportFunction(GENERATED_EXPORTS.eval, defineEval(entry, dispatch));
  // Last: the start function bakes in the heap base, so no data may be added after it.
  const heapBase = linker.heapBase;
  linker.setStart(defineStart(entry, { strictBuiltinErrors: options.strictBuiltinErrors ?? false, memoSlots }));
  invariant(linker.heapBase === heapBase, 'static data was added after the heap base was fixed');

  return {
    wasm: linker.link({ names: options.names }),
    entrypoints: Object.fromEntries(entrypoints.map((e) => [e.name, e.id])),
    hostBuiltins: hostBuiltins.map((b) => b.hostName),
    functions: linker.ownFunctions(),
    runtime: rt,
    stringAt: consts.stringAt,
    bytesAt: consts.bytesAt,
    globalNames: linker.ownGlobalNames(),
  };
}

function moduleContext(entry: EntryContext, policy: Policy, resolve: BuiltinResolver, strict: boolean): ModuleContext {
  const funcs = new Map<string, FuncRef>();
  const byLength = new Map<number, FuncRef[]>();
  for (const fn of policy.funcs) {
    invariant(!funcs.has(fn.name), `duplicate function ${fn.name}`);
    const index = entry.linker.declareFunction(fn.name, { params: i32s(fn.params.length), results: [I] });
    const ref: FuncRef = { index, params: fn.params.length, path: fn.path };
    funcs.set(fn.name, ref);
    const same = byLength.get(fn.path.length) ?? [];
    same.push(ref);
    byLength.set(fn.path.length, same);
  }
  let toSet: number | undefined;
  return {
    rt: entry.rt,
    consts: entry.consts,
    builtins: new BuiltinTable(policy, resolve),
    funcs,
    funcsByPathLength: byLength,
    hostResultToSet: () => (toSet ??= defineHostResultToSet(entry)),
    strict,
  };
}

/**
 * A planned function: (input, data, args...) → value | 0. Memoised functions look up their
 * slot first; a hit returns the stored value (MEMO_UNDEFINED = 1 stands for undefined).
 */
function lowerFunc(ctx: ModuleContext, fn: Func, memoSlot: number | undefined): Uint8Array<ArrayBuffer> {
  const f = new FunctionLowerer(ctx, { params: fn.params, blocks: fn.blocks, returnLocal: fn.returnLocal, memoSlot });
  const c = f.code;
  if (memoSlot !== undefined) {
    const hit = f.scratch();
    c.block();
    c.i32_const(memoSlot).call(f.rt.func('vg_memo_get')).local_tee(hit).i32_eqz().br_if(0);
    c.local_get(hit).i32_const(0).local_get(hit).i32_const(1).i32_ne().select().return();
    c.end();
  }
  for (const b of fn.blocks) f.irBlock(() => lowerStmts(f, b));
  lowerReturn(f, fn.returnLocal);
  return f.finish();
}

/** A plan: (input, data) → (); its blocks add binding objects to the result set. */
function lowerPlan(ctx: ModuleContext, plan: Plan): Uint8Array<ArrayBuffer> {
  const f = new FunctionLowerer(ctx, { params: [0, 1], blocks: plan.blocks });
  for (const b of plan.blocks) f.irBlock(() => lowerStmts(f, b));
  return f.finish();
}
