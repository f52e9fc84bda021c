/**
 * The prebuilt runtime as the linker and codegen see it: decoded once, checked (imported memory,
 * every `env` function import generated code may call), with its exports by name, signatures
 * checked against `runtime-api.ts`, and where its static data ends.
 */
import { FUNCTION_IMPORTS, IMPORT_MODULE, MEMORY_IMPORT, type FunctionImportName } from './abi';
import { funcTypeKey, type FuncType } from './encoder';
import { ExternalKind } from './opcodes';
import { ByteReader, readModule, type ImportEntry, type ModuleInfo } from './reader';
import { RUNTIME_API, type RuntimeFunctionName } from './runtime-api';

/** The runtime module cannot be linked (missing imports or exports, wrong signatures, own memory). */
export class WasmLinkError extends Error {
  readonly code = 'WASM_LINK_ERROR';
  constructor(message: string) {
    super(`wasm link: ${message}`);
    this.name = 'WasmLinkError';
  }
}

/** Everything the linker needs from the runtime, decoded once and reusable across links. */
export class RuntimeModule {
  readonly info: ModuleInfo;
  readonly funcExports: ReadonlyMap<string, number>;
  readonly globalExports: ReadonlyMap<string, number>;
  readonly importIndex: ReadonlyMap<string, number>;
  /** End of the runtime's static data; our data segment starts at or after it (16-aligned). */
  readonly staticEnd: number;

  constructor(readonly bytes: Uint8Array) {
    this.info = readModule(bytes);
    if (this.info.hasMemorySection) throw new WasmLinkError('the runtime defines its own memory; build it with --importMemory');
    const memory = this.info.imports.filter((i) => i.desc.kind === 'memory');
    if (memory.length !== 1 || memory[0].module !== IMPORT_MODULE || memory[0].name !== MEMORY_IMPORT) {
      throw new WasmLinkError(`the runtime must import exactly one memory as ${IMPORT_MODULE}.${MEMORY_IMPORT}`);
    }
    this.importIndex = funcImportIndex(this.info.imports);
    const missing = FUNCTION_IMPORTS.filter((n) => !this.importIndex.has(n));
    if (missing.length > 0) {
      throw new WasmLinkError(
        `the runtime does not import ${missing.map((n) => `${IMPORT_MODULE}.${n}`).join(', ')}; ` +
          'generated code may call them and imports cannot be added without renumbering the runtime',
      );
    }
    this.funcExports = new Map(this.info.exports.filter((e) => e.kind === ExternalKind.func).map((e) => [e.name, e.index]));
    this.globalExports = new Map(this.info.exports.filter((e) => e.kind === ExternalKind.global).map((e) => [e.name, e.index]));
    this.staticEnd = runtimeStaticEnd(bytes, this.info, this.funcExports.get('vg_static_end'));
  }

  /** Signature of function `index` (imports included). */
  signature(index: number): FuncType {
    const { info } = this;
    let typeIndex: number;
    if (index < info.importedFuncs) {
      const imp = info.imports.filter((i) => i.desc.kind === 'func')[index];
      typeIndex = (imp.desc as { typeIndex: number }).typeIndex;
    } else {
      typeIndex = info.functions[index - info.importedFuncs];
    }
    return info.types[typeIndex] as FuncType;
  }

  private readonly checked = new Map<string, number>();

  /** Index of an exported runtime function, checked against its runtime-api.ts signature. */
  func(name: RuntimeFunctionName): number {
    const known = this.checked.get(name);
    if (known !== undefined) return known;
    const index = this.funcExports.get(name);
    if (index === undefined) {
      throw new WasmLinkError(`the runtime does not export ${name} (listed in runtime-api.ts); rebuild it with npm run build:runtime`);
    }
    const want = RUNTIME_API[name];
    const got = this.signature(index);
    if (funcTypeKey(got) !== funcTypeKey(want)) {
      throw new WasmLinkError(`runtime export ${name} has type (${funcTypeKey(got)}), runtime-api.ts says (${funcTypeKey(want)})`);
    }
    this.checked.set(name, index);
    return index;
  }

  /** Index of an `env` function import. */
  importedFunc(name: FunctionImportName): number {
    return this.importIndex.get(name) as number;
  }
}

function funcImportIndex(imports: readonly ImportEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  for (const imp of imports) {
    if (imp.desc.kind !== 'func') continue;
    if (imp.module === IMPORT_MODULE) out.set(imp.name, i);
    i++;
  }
  return out;
}

/**
 * Where the runtime's static data ends: what `vg_static_end` returns (AssemblyScript's
 * `__heap_base`, which also covers zero-filled statics that have no data segment), and at least
 * the end of the active data segments. A constant body is read directly; anything else is
 * answered by instantiating the runtime once with inert imports and calling it.
 */
function runtimeStaticEnd(bytes: Uint8Array, info: ModuleInfo, staticEndFunc: number | undefined): number {
  let end = 0;
  for (const seg of info.data) if (seg.active && seg.offset !== undefined) end = Math.max(end, seg.offset + seg.size);
  if (staticEndFunc === undefined) return end;
  const constant = staticEndFunc >= info.importedFuncs ? constantReturn(info, info.code[staticEndFunc - info.importedFuncs]) : undefined;
  return Math.max(end, (constant ?? callStaticEnd(bytes, info)) >>> 0);
}

/** Instantiates the runtime with inert imports and calls `vg_static_end`. */
function callStaticEnd(bytes: Uint8Array, info: ModuleInfo): number {
  const memory = info.imports.find((i) => i.desc.kind === 'memory');
  const min = memory?.desc.kind === 'memory' ? memory.desc.limits.min : 1;
  const env: Record<string, unknown> = { memory: new WebAssembly.Memory({ initial: Math.max(1, min) }) };
  for (const name of FUNCTION_IMPORTS) env[name] = () => 0;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env } as WebAssembly.Imports);
  return (instance.exports.vg_static_end as () => number)();
}

function constantReturn(info: ModuleInfo, body: Uint8Array): number | undefined {
  const r = new ByteReader(body);
  for (let n = r.u32(); n > 0; n--) { r.u32(); r.u8(); }
  const op = r.u8();
  let value: number | undefined;
  if (op === 0x41) value = r.s32();
  else if (op === 0x23) value = info.globals[r.u32() - info.importedGlobals]?.constI32;
  return r.u8() === 0x0b ? value : undefined;
}
