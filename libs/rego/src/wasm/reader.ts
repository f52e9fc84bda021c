/**
 * Reads a wasm module into its sections. The sections the linker must change or look into
 * (types, imports, functions, globals, exports, start, code, data, datacount, the name section)
 * are decoded; every section keeps its raw bytes, so whatever is not decoded (tables,
 * elements, other custom sections) is copied through untouched.
 */
import { ExternalKind, SectionId } from './opcodes';

/** A malformed or unsupported module. */
export class WasmReadError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`wasm: ${message} at byte ${offset}`);
    this.name = 'WasmReadError';
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A cursor over bytes with the LEB128 readers. */
export class ByteReader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  fail(message: string): never {
    throw new WasmReadError(message, this.pos);
  }
  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) {
        const last = this.u8();
        if (last > 0x0f) this.fail('u32 too large');
        return (result | (last << 28)) >>> 0;
      }
    }
  }
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.u8();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result | 0;
  }
  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (shift < 64n && b & 0x40) result |= -1n << shift;
    return BigInt.asIntN(64, result);
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.end) this.fail('unexpected end');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string {
    const n = this.u32();
    const start = this.pos;
    try {
      return decoder.decode(this.take(n));
    } catch {
      throw new WasmReadError('invalid UTF-8 name', start);
    }
  }
}

export interface RawSection {
  readonly id: number;
  /** Custom sections only. */
  readonly name?: string;
  /** The section's content (without id and size). */
  readonly body: Uint8Array;
}

export interface ReadFuncType {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

export interface Limits {
  readonly flags: number;
  readonly min: number;
  readonly max?: number;
}

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly raw: Uint8Array }
  | { readonly kind: 'memory'; readonly limits: Limits }
  | { readonly kind: 'global'; readonly valType: number; readonly mutable: boolean }
  | { readonly kind: 'tag'; readonly raw: Uint8Array };

export interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface ExportEntry {
  readonly name: string;
  readonly kind: number;
  readonly index: number;
}

export interface GlobalEntry {
  readonly valType: number;
  readonly mutable: boolean;
  /** The init expression's bytes, including its final `end`. */
  readonly init: Uint8Array;
  /** The value when the init expression is a plain `i32.const`. */
  readonly constI32?: number;
}

export interface DataSegment {
  readonly active: boolean;
  readonly memory: number;
  /** The offset when it is a plain `i32.const`. */
  readonly offset?: number;
  readonly size: number;
}

/** The decoded view of a module. Index spaces include imports, as in the spec. */
export interface ModuleInfo {
  readonly sections: readonly RawSection[];
  readonly types: readonly ReadFuncType[];
  readonly imports: readonly ImportEntry[];
  /** Type index of each defined (non-imported) function. */
  readonly functions: readonly number[];
  readonly globals: readonly GlobalEntry[];
  readonly exports: readonly ExportEntry[];
  readonly start?: number;
  /** Raw body (locals + instructions) of each defined function. */
  readonly code: readonly Uint8Array[];
  readonly data: readonly DataSegment[];
  readonly dataCount?: number;
  readonly importedFuncs: number;
  readonly importedGlobals: number;
  readonly hasMemorySection: boolean;
}

const VALTYPE_NAMES: Readonly<Record<number, string>> = {
  0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref',
};

function valTypeName(r: ByteReader): string {
  const b = r.u8();
  const name = VALTYPE_NAMES[b];
  if (name === undefined) r.fail(`unsupported value type 0x${b.toString(16)}`);
  return name;
}

function readTypes(r: ByteReader): ReadFuncType[] {
  const out: ReadFuncType[] = [];
  for (let n = r.u32(); n > 0; n--) {
    if (r.u8() !== 0x60) r.fail('only function types are supported in the type section');
    const params = Array.from({ length: r.u32() }, () => valTypeName(r));
    const results = Array.from({ length: r.u32() }, () => valTypeName(r));
    out.push({ params, results });
  }
  return out;
}

function readLimits(r: ByteReader): Limits {
  const flags = r.u8();
  if (flags > 0x03) r.fail(`unsupported limits flags 0x${flags.toString(16)}`);
  const min = r.u32();
  const max = flags & 1 ? r.u32() : undefined;
  return { flags, min, max };
}

function readImportDesc(r: ByteReader): ImportDesc {
  const kind = r.u8();
  const start = r.pos;
  switch (kind) {
    case ExternalKind.func:
      return { kind: 'func', typeIndex: r.u32() };
    case ExternalKind.table:
      r.u8();
      readLimits(r);
      return { kind: 'table', raw: r.bytes.slice(start, r.pos) };
    case ExternalKind.memory:
      return { kind: 'memory', limits: readLimits(r) };
    case ExternalKind.global: {
      const valType = r.u8();
      return { kind: 'global', valType, mutable: r.u8() === 1 };
    }
    case ExternalKind.tag:
      r.u8();
      r.u32();
      return { kind: 'tag', raw: r.bytes.slice(start, r.pos) };
    default:
      return r.fail(`unknown import kind ${kind}`);
  }
}

function readImports(r: ByteReader): ImportEntry[] {
  return Array.from({ length: r.u32() }, () => {
    const module = r.name();
    const name = r.name();
    return { module, name, desc: readImportDesc(r) };
  });
}

/** Skips a constant expression; returns its i32 value when it is a lone `i32.const`. */
function readConstExpr(r: ByteReader): { readonly bytes: Uint8Array; readonly i32?: number } {
  const start = r.pos;
  let i32: number | undefined;
  let count = 0;
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) break;
    count++;
    if (op === 0x41) i32 = r.s32();
    else if (op === 0x42) r.s64();
    else if (op === 0x43) r.take(4);
    else if (op === 0x44) r.take(8);
    else if (op === 0x23 || op === 0xd2) r.u32();
    else if (op === 0xd0) r.u8();
    else if (!((op >= 0x6a && op <= 0x6c) || (op >= 0x7c && op <= 0x7e))) r.fail(`unsupported constant expression opcode 0x${op.toString(16)}`);
  }
  return { bytes: r.bytes.slice(start, r.pos), i32: count === 1 ? i32 : undefined };
}

function readGlobals(r: ByteReader): GlobalEntry[] {
  return Array.from({ length: r.u32() }, () => {
    const valType = r.u8();
    const mutable = r.u8() === 1;
    const init = readConstExpr(r);
    return { valType, mutable, init: init.bytes, constI32: init.i32 };
  });
}

function readExports(r: ByteReader): ExportEntry[] {
  return Array.from({ length: r.u32() }, () => {
    const name = r.name();
    const kind = r.u8();
    return { name, kind, index: r.u32() };
  });
}

function readCode(r: ByteReader): Uint8Array[] {
  return Array.from({ length: r.u32() }, () => r.take(r.u32()));
}

function readData(r: ByteReader): DataSegment[] {
  return Array.from({ length: r.u32() }, () => {
    const flags = r.u32();
    if (flags === 1) return { active: false, memory: 0, size: r.take(r.u32()).length };
    if (flags !== 0 && flags !== 2) r.fail(`unsupported data segment flags ${flags}`);
    const memory = flags === 2 ? r.u32() : 0;
    const offset = readConstExpr(r).i32;
    return { active: true, memory, offset, size: r.take(r.u32()).length };
  });
}

/** Splits a module into sections and decodes the ones the linker needs. */
export function readModule(bytes: Uint8Array): ModuleInfo {
  const r = new ByteReader(bytes);
  const magic = r.take(8);
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d || magic[4] !== 1) {
    r.fail('not a wasm module (bad magic or version)');
  }
  const sections: RawSection[] = [];
  const info: Partial<Mutable<ModuleInfo>> = { types: [], imports: [], functions: [], globals: [], exports: [], code: [], data: [] };
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const body = r.take(size);
    const s = new ByteReader(bytes, body.byteOffset - bytes.byteOffset, body.byteOffset - bytes.byteOffset + size);
    if (id === SectionId.custom) {
      const name = s.name();
      sections.push({ id, name, body });
      continue;
    }
    sections.push({ id, body });
    decodeSection(id, s, info);
  }
  const imports = info.imports ?? [];
  return {
    ...(info as ModuleInfo),
    sections,
    importedFuncs: imports.filter((i) => i.desc.kind === 'func').length,
    importedGlobals: imports.filter((i) => i.desc.kind === 'global').length,
    hasMemorySection: sections.some((s) => s.id === SectionId.memory),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function decodeSection(id: number, s: ByteReader, info: Partial<Mutable<ModuleInfo>>): void {
  switch (id) {
    case SectionId.type: info.types = readTypes(s); break;
    case SectionId.import: info.imports = readImports(s); break;
    case SectionId.function: info.functions = Array.from({ length: s.u32() }, () => s.u32()); break;
    case SectionId.global: info.globals = readGlobals(s); break;
    case SectionId.export: info.exports = readExports(s); break;
    case SectionId.start: info.start = s.u32(); break;
    case SectionId.code: info.code = readCode(s); break;
    case SectionId.data: info.data = readData(s); break;
    case SectionId.datacount: info.dataCount = s.u32(); break;
    default: break; // table, memory, element, tag: copied raw
  }
}

/** The position right after a vec's count in a section body: where its entries start. */
export function vecEntries(body: Uint8Array): { readonly count: number; readonly entries: Uint8Array } {
  const r = new ByteReader(body);
  const count = r.u32();
  return { count, entries: body.subarray(r.pos) };
}
