import { FUNCTION_IMPORTS } from './abi';
import { Code, encodeFunctionBody, type FuncType } from './encoder';
import { ModuleLinker, RuntimeModule, WasmLinkError } from './linker';
import { buildMiniModule, type MiniImport, type MiniModule } from './mini-module';
import { SectionId } from './opcodes';
import { ByteReader, readModule } from './reader';

const I = 'i32' as const;
const v_i: FuncType = { params: [], results: [I] };
const i_i: FuncType = { params: [I], results: [I] };
const i_v: FuncType = { params: [I], results: [] };
const v_v: FuncType = { params: [], results: [] };

const ENV_IMPORTS: MiniImport[] = [
  { module: 'env', name: 'memory', memory: { min: 1 } },
  { module: 'env', name: 'opa_abort', type: i_v },
  { module: 'env', name: 'opa_println', type: i_v },
  ...[0, 1, 2, 3, 4].map((n) => ({ module: 'env', name: `opa_builtin${n}`, type: { params: Array(n + 2).fill(I), results: [I] } })),
];
const NIMPORTS = FUNCTION_IMPORTS.length; // function index of the first defined function

/** A runtime in miniature: static data at 1024, a start function, ABI exports and a few vg_* internals. */
function miniRuntime(over: Partial<MiniModule> = {}): Uint8Array {
  const f = (type: FuncType, body: (c: Code) => void, locals = 0) => ({ type, body, locals });
  return buildMiniModule({
    imports: ENV_IMPORTS,
    functions: [
      f(v_i, (c) => c.i32_const(1040)), // vg_static_end
      f(i_i, (c) => c.local_get(0).i32_const(2).i32_mul()), // vg_int (doubles, for the test)
      f(v_v, (c) => c.i32_const(42).global_set(0)), // original start
      f(i_i, (c) => c.global_get(1).global_get(1).local_get(0).i32_add().global_set(1)), // opa_malloc
      f(v_i, (c) => c.global_get(1)), // opa_heap_ptr_get
      f(i_v, (c) => c.local_get(0).global_set(1)), // opa_heap_ptr_set
      f({ params: [I, I], results: [I] }, (c) => c.local_get(0)), // opa_json_parse
      f(i_i, (c) => c.local_get(0)), // opa_json_dump, opa_eval_ctx_* (shapes do not matter here)
      f(v_i, (c) => c.global_get(0)), // vg_started (reads what the original start wrote)
    ],
    globals: [{ init: 0, mutable: true }, { init: 4096, mutable: true }, { init: 1 }, { init: 2 }],
    exports: [
      { name: 'vg_static_end', kind: 'func', index: NIMPORTS },
      { name: 'vg_int', kind: 'func', index: NIMPORTS + 1 },
      { name: 'opa_malloc', kind: 'func', index: NIMPORTS + 3 },
      { name: 'opa_heap_ptr_get', kind: 'func', index: NIMPORTS + 4 },
      { name: 'opa_heap_ptr_set', kind: 'func', index: NIMPORTS + 5 },
      { name: 'opa_json_parse', kind: 'func', index: NIMPORTS + 6 },
      ...['opa_json_dump', 'opa_eval_ctx_new', 'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_get_result'].map(
        (name) => ({ name, kind: 'func' as const, index: NIMPORTS + 7 }),
      ),
      { name: 'vg_null', kind: 'func', index: NIMPORTS + 7 }, // wrong signature on purpose
      { name: 'vg_started', kind: 'func', index: NIMPORTS + 8 },
      { name: 'opa_wasm_abi_version', kind: 'global', index: 2 },
      { name: 'opa_wasm_abi_minor_version', kind: 'global', index: 3 },
    ],
    start: NIMPORTS + 2,
    data: [{ offset: 1024, bytes: new TextEncoder().encode('runtime!') }],
    names: ['vg_static_end', 'vg_int', 'start', 'opa_malloc', 'opa_heap_ptr_get', 'opa_heap_ptr_set', 'opa_json_parse', 'dump', 'vg_started'],
    ...over,
  });
}

const stubImports = (memory: WebAssembly.Memory) => ({
  env: {
    memory,
    opa_abort: () => { throw new Error('abort'); },
    opa_println: () => undefined,
    opa_builtin0: () => 0, opa_builtin1: () => 0, opa_builtin2: () => 0, opa_builtin3: () => 0, opa_builtin4: () => 0,
  },
});

function body(locals: number, emit: (c: Code) => void): Uint8Array {
  const c = new Code();
  emit(c);
  return encodeFunctionBody(locals, c);
}

/** Links a function `answer` (calls the runtime's vg_int on the first byte of our data) and a start function. */
function linkSample(rt: RuntimeModule, dataBytes = new TextEncoder().encode('hello')) {
  const l = new ModuleLinker(rt);
  const addr = l.addData(dataBytes, 8);
  const heapGlobal = l.addGlobalI32('heap_base', 0, true);
  const answer = l.declareFunction('answer', v_i);
  const start = l.declareFunction('start', v_v);
  l.defineFunction(answer, body(0, (c) => c.i32_const(addr).i32_load8_u().call(rt.func('vg_int'))));
  l.defineFunction(start, body(0, (c) => {
    if (rt.info.start !== undefined) c.call(rt.info.start);
    c.i32_const(l.heapBase).global_set(heapGlobal);
  }));
  l.setStart(start);
  l.exportAbi();
  l.exportFunction('answer', answer);
  l.exportFunction('started', rt.funcExports.get('vg_started') as number);
  l.exportGlobal('heap_base', heapGlobal);
  return { wasm: l.link(), addr, heapBase: l.heapBase };
}

describe('RuntimeModule', () => {
  it('finds the runtime static end from vg_static_end and the data segments', () => {
    expect(new RuntimeModule(miniRuntime()).staticEnd).toBe(1040);
    const noFn = miniRuntime({ exports: [] });
    expect(new RuntimeModule(noFn).staticEnd).toBe(1032);
  });

  it('calls vg_static_end when its body is not a constant', () => {
    const computed = miniRuntime({
      functions: [{ type: v_i, body: (c) => c.i32_const(1000).i32_const(2000).i32_add() }],
      globals: [],
      exports: [{ name: 'vg_static_end', kind: 'func', index: NIMPORTS }],
      start: undefined,
      names: undefined,
    });
    expect(new RuntimeModule(computed).staticEnd).toBe(3000);
  });

  it('looks up exports and checks their runtime-api.ts signatures', () => {
    const rt = new RuntimeModule(miniRuntime());
    expect(rt.func('vg_int')).toBe(NIMPORTS + 1);
    expect(() => rt.func('vg_null')).toThrow(/vg_null has type \(i32->i32\), runtime-api.ts says \(->i32\)/);
    expect(() => rt.func('vg_equal')).toThrow(/does not export vg_equal/);
    expect(rt.importedFunc('opa_builtin3')).toBe(5);
  });

  it('refuses a runtime that lacks an env import generated code may call', () => {
    const bytes = miniRuntime({ imports: ENV_IMPORTS.filter((i) => i.name !== 'opa_builtin3'), start: undefined, exports: [], names: undefined });
    expect(() => new RuntimeModule(bytes)).toThrow(WasmLinkError);
    expect(() => new RuntimeModule(bytes)).toThrow(/does not import env.opa_builtin3/);
  });

  it('refuses a runtime without an imported memory', () => {
    const bytes = buildMiniModule({ imports: ENV_IMPORTS.slice(1), functions: [] });
    expect(() => new RuntimeModule(bytes)).toThrow(/import exactly one memory as env.memory/);
  });
});

describe('ModuleLinker', () => {
  it('appends functions, globals and data after the runtime and runs both start functions', () => {
    const rt = new RuntimeModule(miniRuntime());
    const { wasm, addr, heapBase } = linkSample(rt);
    expect(WebAssembly.validate(wasm)).toBe(true);
    expect(addr).toBe(1040);
    expect(heapBase).toBe(1056);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(wasm), stubImports(memory));
    const ex = inst.exports as Record<string, CallableFunction & WebAssembly.Global>;
    expect(ex.answer()).toBe('h'.charCodeAt(0) * 2);
    expect(ex.started()).toBe(42);
    expect(ex.heap_base.value).toBe(1056);
    const mem = new Uint8Array(memory.buffer);
    expect(new TextDecoder().decode(mem.subarray(1024, 1032))).toBe('runtime!');
    expect(new TextDecoder().decode(mem.subarray(1040, 1045))).toBe('hello');
  });

  it('replaces the export section: ABI names only, no vg_* internals', () => {
    const { wasm } = linkSample(new RuntimeModule(miniRuntime()));
    const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name).sort();
    expect(names).toEqual([
      'answer', 'heap_base', 'opa_eval_ctx_get_result', 'opa_eval_ctx_new', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint',
      'opa_eval_ctx_set_input', 'opa_heap_ptr_get', 'opa_heap_ptr_set', 'opa_json_dump', 'opa_json_parse', 'opa_malloc',
      'opa_wasm_abi_minor_version', 'opa_wasm_abi_version', 'started',
    ]);
  });

  it('reuses the runtime ABI globals when they are right and adds its own otherwise', () => {
    const own = linkSample(new RuntimeModule(miniRuntime({ globals: [{ init: 0, mutable: true }, { init: 4096, mutable: true }, { init: 7 }, { init: 0 }] })));
    const inst = new WebAssembly.Instance(new WebAssembly.Module(own.wasm), stubImports(new WebAssembly.Memory({ initial: 1 })));
    expect((inst.exports.opa_wasm_abi_version as WebAssembly.Global).value).toBe(1);
    expect((inst.exports.opa_wasm_abi_minor_version as WebAssembly.Global).value).toBe(2);
    const reused = readModule(linkSample(new RuntimeModule(miniRuntime())).wasm);
    expect(reused.exports.find((e) => e.name === 'opa_wasm_abi_version')?.index).toBe(2);
  });

  it('sets the memory import minimum to the pages static data needs, with no maximum', () => {
    const rt = new RuntimeModule(miniRuntime({ imports: [{ module: 'env', name: 'memory', memory: { min: 1, max: 3 } }, ...ENV_IMPORTS.slice(1)] }));
    const { wasm } = linkSample(rt, new Uint8Array(70000).fill(1));
    const mem = readModule(wasm).imports.find((i) => i.desc.kind === 'memory');
    expect(mem?.desc).toEqual({ kind: 'memory', limits: { flags: 0, min: 2, max: undefined } });
    const mod = new WebAssembly.Module(wasm);
    expect(() => new WebAssembly.Instance(mod, stubImports(new WebAssembly.Memory({ initial: 1 })))).toThrow(WebAssembly.LinkError);
    expect(() => new WebAssembly.Instance(mod, stubImports(new WebAssembly.Memory({ initial: 2 })))).not.toThrow();
  });

  it('deduplicates types against the runtime', () => {
    const rt = new RuntimeModule(miniRuntime());
    const l = new ModuleLinker(rt);
    expect(l.typeIndex(i_i)).toBe(rt.info.types.findIndex((t) => t.params.join() === 'i32' && t.results.join() === 'i32'));
    const fresh = l.typeIndex({ params: [I, I, I, I, I, I, I, I], results: [] });
    expect(fresh).toBe(rt.info.types.length);
    expect(l.typeIndex({ params: [I, I, I, I, I, I, I, I], results: [] })).toBe(fresh);
  });

  it('extends the name section with generated function names', () => {
    const { wasm } = linkSample(new RuntimeModule(miniRuntime()));
    const section = readModule(wasm).sections.find((s) => s.id === SectionId.custom && s.name === 'name');
    const r = new ByteReader(section?.body as Uint8Array);
    r.name();
    expect(r.u8()).toBe(1);
    r.u32();
    const names: string[] = [];
    for (let n = r.u32(); n > 0; n--) {
      r.u32();
      names.push(r.name());
    }
    expect(names.slice(-2)).toEqual(['answer', 'start']);
  });

  it('adds a name section on request when the runtime has none', () => {
    const rt = new RuntimeModule(miniRuntime({ names: undefined }));
    const l = new ModuleLinker(rt);
    l.defineFunction(l.declareFunction('rule', v_v), body(0, () => undefined));
    const plain = readModule(l.link());
    expect(plain.sections.some((s) => s.name === 'name')).toBe(false);
    const named = l.link({ names: true });
    expect(WebAssembly.validate(named)).toBe(true);
    expect(readModule(named).sections.some((s) => s.name === 'name')).toBe(true);
  });

  it('fails clearly when a declared function has no body or an export name repeats', () => {
    const l = new ModuleLinker(new RuntimeModule(miniRuntime()));
    l.declareFunction('lost', v_v);
    expect(() => l.link()).toThrow(/lost was declared but never defined/);
    l.exportFunction('x', 0);
    expect(() => l.exportFunction('x', 1)).toThrow(/duplicate export x/);
  });
});
