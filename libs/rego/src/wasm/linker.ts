/**
 * Links generated code onto the prebuilt runtime module. The runtime's sections are kept and
 * ours appended, so runtime function and global indices never change and its code is copied
 * byte for byte:
 * - types are appended (deduplicated);
 * - functions, globals and one data segment are appended after the runtime's;
 * - the memory import gets the pages our static data needs as minimum and no maximum (the SDK
 *   refuses a maximum, and a minimum above the caller's initial pages);
 * - the export section is replaced by exactly what the caller exports (the ABI), so `vg_*`
 *   internals never leak;
 * - the name section, when present, is extended with our function names.
 * Adding imports would shift every runtime function index, so the runtime must already import
 * everything generated code may call (all `opa_builtinN`); `link` checks that up front.
 */
import { ABI_MINOR_VERSION, ABI_MINOR_VERSION_GLOBAL, ABI_VERSION, ABI_VERSION_GLOBAL, PAGE_SIZE, RUNTIME_ABI_EXPORTS, VIGIL_EXPORTS } from './abi';
import { ByteWriter, MAGIC_AND_VERSION, funcTypeKey, writeFuncType, writeSection, type FuncType } from './encoder';
import { ExternalKind, SectionId, ValType } from './opcodes';
import { ByteReader, vecEntries } from './reader';
import { RuntimeModule, WasmLinkError } from './runtime-module';

export { RuntimeModule, WasmLinkError };

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

interface OwnFunction {
  readonly name: string;
  readonly type: FuncType;
  readonly typeIndex: number;
  body?: Uint8Array;
}

interface OwnGlobal {
  readonly name: string;
  readonly mutable: boolean;
  readonly init: number;
}

interface Export {
  readonly name: string;
  readonly kind: number;
  readonly index: number;
}

/** Collects generated types, functions, globals, data and exports, then writes the linked module. */
export class ModuleLinker {
  private readonly newTypes: FuncType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly functions: OwnFunction[] = [];
  private readonly globals: OwnGlobal[] = [];
  private readonly exports: Export[] = [];
  private readonly exportNames = new Set<string>();
  private readonly data = new ByteWriter(1024);
  private startIndex: number | undefined;
  /** Address of our data segment (16-aligned, after the runtime's static data). */
  readonly dataBase: number;

  constructor(readonly runtime: RuntimeModule) {
    runtime.info.types.forEach((t, i) => {
      const key = funcTypeKey(t as FuncType);
      if (!this.typeKeys.has(key)) this.typeKeys.set(key, i);
    });
    this.dataBase = align(runtime.staticEnd, 16);
  }

  /** Index of a function type, appending it when the module has no equal one. */
  typeIndex(t: FuncType): number {
    const key = funcTypeKey(t);
    let index = this.typeKeys.get(key);
    if (index === undefined) {
      index = this.runtime.info.types.length + this.newTypes.length;
      this.newTypes.push(t);
      this.typeKeys.set(key, index);
    }
    return index;
  }

  /** Reserves the index of a new function (bodies can call functions declared later). */
  declareFunction(name: string, type: FuncType): number {
    const { info } = this.runtime;
    this.functions.push({ name, type, typeIndex: this.typeIndex(type) });
    return info.importedFuncs + info.functions.length + this.functions.length - 1;
  }

  /** Sets the body (locals + instructions + end, see encodeFunctionBody) of a declared function. */
  defineFunction(index: number, body: Uint8Array): void {
    const { info } = this.runtime;
    this.functions[index - info.importedFuncs - info.functions.length].body = body;
  }

  /** The functions added so far, with their final indices. */
  ownFunctions(): { name: string; index: number; type: FuncType; body: Uint8Array }[] {
    const base = this.runtime.info.importedFuncs + this.runtime.info.functions.length;
    return this.functions.map((f, i) => ({ name: f.name, index: base + i, type: f.type, body: f.body ?? new Uint8Array(0) }));
  }

  /** Index → name of the globals added so far. */
  ownGlobalNames(): Map<number, string> {
    const base = this.runtime.info.importedGlobals + this.runtime.info.globals.length;
    return new Map(this.globals.map((g, i) => [base + i, g.name]));
  }

  /** Appends an i32 global; returns its index. */
  addGlobalI32(name: string, init: number, mutable: boolean): number {
    this.globals.push({ name, init, mutable });
    return this.runtime.info.importedGlobals + this.runtime.info.globals.length + this.globals.length - 1;
  }

  /** Pads our data segment to `alignment`; returns the address the next bytes will have. */
  alignData(alignment: number): number {
    while (this.data.length % alignment !== 0) this.data.u8(0);
    return this.dataBase + this.data.length;
  }

  /** Places bytes in our data segment; returns their address. */
  addData(bytes: Uint8Array, alignment = 1): number {
    const address = this.alignData(alignment);
    this.data.bytes(bytes);
    return address;
  }

  /** Reserves zeroed bytes; returns their address. */
  reserve(size: number, alignment = 8): number {
    return this.addData(new Uint8Array(size), alignment);
  }

  /** First address after all static data (16-aligned): where the heap starts. */
  get heapBase(): number {
    return align(this.dataBase + this.data.length, 16);
  }

  exportFunction(name: string, index: number): void {
    this.addExport({ name, kind: ExternalKind.func, index });
  }

  exportGlobal(name: string, index: number): void {
    this.addExport({ name, kind: ExternalKind.global, index });
  }

  private addExport(e: Export): void {
    if (this.exportNames.has(e.name)) throw new WasmLinkError(`duplicate export ${e.name}`);
    this.exportNames.add(e.name);
    this.exports.push(e);
  }

  /**
   * Exports the runtime's ABI functions under their own names and the two ABI version globals
   * (the runtime's when it exports them with the right values, else our own immutable copies).
   */
  exportAbi(): void {
    for (const { name, required } of RUNTIME_ABI_EXPORTS) {
      const index = this.runtime.funcExports.get(name);
      if (index === undefined) {
        if (required) throw new WasmLinkError(`the runtime does not export ${name}, which the OPA ABI requires`);
        continue;
      }
      this.exportFunction(name, index);
    }
    for (const name of VIGIL_EXPORTS) {
      const index = this.runtime.funcExports.get(name);
      if (index !== undefined) this.exportFunction(name, index);
    }
    this.exportVersion(ABI_VERSION_GLOBAL, ABI_VERSION);
    this.exportVersion(ABI_MINOR_VERSION_GLOBAL, ABI_MINOR_VERSION);
  }

  private exportVersion(name: string, value: number): void {
    const index = this.runtime.globalExports.get(name);
    const { info } = this.runtime;
    const g = index === undefined ? undefined : info.globals[index - info.importedGlobals];
    if (index !== undefined && g && !g.mutable && g.constI32 === value) this.exportGlobal(name, index);
    else this.exportGlobal(name, this.addGlobalI32(name, value, false));
  }

  setStart(index: number): void {
    this.startIndex = index;
  }

  /**
   * Writes the linked module. The runtime's name section, if any, gets our function names;
   * `names` adds a name section with only ours when the runtime has none (stack traces then
   * show rule names).
   */
  link(opts: { readonly names?: boolean } = {}): Uint8Array<ArrayBuffer> {
    for (const f of this.functions) if (!f.body) throw new WasmLinkError(`function ${f.name} was declared but never defined`);
    const out = new ByteWriter(this.runtime.bytes.length + 4096);
    out.bytes(MAGIC_AND_VERSION);
    const byId = new Map<number, Uint8Array>();
    for (const s of this.runtime.info.sections) if (s.id !== SectionId.custom) byId.set(s.id, s.body);
    for (const id of SECTION_ORDER) {
      const body = this.sectionBody(id, byId.get(id));
      if (body !== undefined) writeSection(out, id, body);
    }
    let named = false;
    for (const s of this.runtime.info.sections) {
      if (s.id !== SectionId.custom) continue;
      named ||= s.name === 'name';
      writeSection(out, SectionId.custom, s.name === 'name' ? this.nameSection(s.body) : s.body);
    }
    if (!named && opts.names) writeSection(out, SectionId.custom, this.nameSection(new ByteWriter().name('name').toBytes()));
    return out.toBytes();
  }

  private sectionBody(id: number, raw: Uint8Array | undefined): Uint8Array | undefined {
    switch (id) {
      case SectionId.type: return appendVec(raw, this.newTypes, writeFuncType);
      case SectionId.import: return this.importSection();
      case SectionId.function: return appendVec(raw, this.functions, (w, f) => w.u32(f.typeIndex));
      case SectionId.global: return appendVec(raw, this.globals, writeGlobal);
      case SectionId.export: return this.exportSection();
      case SectionId.start: return this.startIndex === undefined ? undefined : new ByteWriter(5).u32(this.startIndex).toBytes();
      case SectionId.datacount: return raw && new ByteWriter(5).u32((this.runtime.info.dataCount ?? 0) + 1).toBytes();
      case SectionId.code: return appendVec(raw, this.functions, (w, f) => w.blob(f.body as Uint8Array));
      case SectionId.data: return appendVec(raw, [this.data.view()], (w, d) => this.writeData(w, d));
      default: return raw;
    }
  }

  private writeData(w: ByteWriter, d: Uint8Array): void {
    w.u32(0).u8(0x41).s32(this.dataBase).u8(0x0b).blob(d);
  }

  /** The runtime's imports with the memory's limits set to what our static data needs. */
  private importSection(): Uint8Array {
    const pages = Math.max(1, Math.ceil(this.heapBase / PAGE_SIZE));
    const w = new ByteWriter(256);
    w.u32(this.runtime.info.imports.length);
    for (const imp of this.runtime.info.imports) {
      w.name(imp.module).name(imp.name);
      const d = imp.desc;
      if (d.kind === 'func') w.u8(ExternalKind.func).u32(d.typeIndex);
      else if (d.kind === 'memory') w.u8(ExternalKind.memory).u8(0).u32(pages);
      else if (d.kind === 'global') w.u8(ExternalKind.global).u8(d.valType).u8(d.mutable ? 1 : 0);
      else w.u8(d.kind === 'table' ? ExternalKind.table : ExternalKind.tag).bytes(d.raw);
    }
    return w.toBytes();
  }

  private exportSection(): Uint8Array {
    const w = new ByteWriter(256);
    w.u32(this.exports.length);
    for (const e of this.exports) w.name(e.name).u8(e.kind).u32(e.index);
    return w.toBytes();
  }

  /** The runtime's name section with our function names added to the function-name map. */
  private nameSection(body: Uint8Array): Uint8Array {
    const r = new ByteReader(body);
    r.name();
    const w = new ByteWriter(body.length + this.functions.length * 24);
    w.name('name');
    let wroteFunctions = false;
    while (!r.done) {
      const id = r.u8();
      const content = r.take(r.u32());
      if (id === 1) {
        w.u8(1).blob(this.functionNames(content));
        wroteFunctions = true;
      } else {
        if (id > 1 && !wroteFunctions) {
          w.u8(1).blob(this.functionNames(undefined));
          wroteFunctions = true;
        }
        w.u8(id).blob(content);
      }
    }
    if (!wroteFunctions) w.u8(1).blob(this.functionNames(undefined));
    return w.toBytes();
  }

  private functionNames(existing: Uint8Array | undefined): Uint8Array {
    const base = this.runtime.info.importedFuncs + this.runtime.info.functions.length;
    const own = this.functions.map((f, i) => ({ index: base + i, name: f.name }));
    return appendVec(existing, own, (w, f) => w.u32(f.index).name(f.name)) as Uint8Array;
  }
}

/** Canonical order of the non-custom sections. */
const SECTION_ORDER = [
  SectionId.type, SectionId.import, SectionId.function, SectionId.table, SectionId.memory, SectionId.tag,
  SectionId.global, SectionId.export, SectionId.start, SectionId.element, SectionId.datacount,
  SectionId.code, SectionId.data,
];

/** A vec section made of the raw entries of `raw` (if any) followed by `extra`. */
function appendVec<T>(raw: Uint8Array | undefined, extra: readonly T[], each: (w: ByteWriter, item: T) => void): Uint8Array | undefined {
  if (raw === undefined && extra.length === 0) return undefined;
  const old = raw ? vecEntries(raw) : { count: 0, entries: new Uint8Array(0) };
  const w = new ByteWriter(old.entries.length + extra.length * 16 + 8);
  w.u32(old.count + extra.length).bytes(old.entries);
  for (const item of extra) each(w, item);
  return w.toBytes();
}

function writeGlobal(w: ByteWriter, g: OwnGlobal): void {
  w.u8(ValType.i32).u8(g.mutable ? 1 : 0).u8(0x41).s32(g.init).u8(0x0b);
}
