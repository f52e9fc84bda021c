/**
 * Builds small wasm modules from parts with our encoder. Specs use it to make tiny runtimes
 * for the reader and linker; it is also the simplest reference of how the sections are laid out.
 */
import { ByteWriter, Code, MAGIC_AND_VERSION, encodeFunctionBody, writeFuncType, writeSection, writeVec, type FuncType } from './encoder';
import { ExternalKind, SectionId, ValType } from './opcodes';

export interface MiniImport {
  readonly module: string;
  readonly name: string;
  /** A function import of this type, or the memory import when `memory` is set. */
  readonly type?: FuncType;
  readonly memory?: { readonly min: number; readonly max?: number };
}

export interface MiniFunction {
  readonly type: FuncType;
  readonly locals?: number;
  readonly body: (c: Code) => void;
}

export interface MiniModule {
  readonly imports?: readonly MiniImport[];
  readonly functions?: readonly MiniFunction[];
  readonly globals?: readonly { readonly init: number; readonly mutable?: boolean }[];
  readonly exports?: readonly { readonly name: string; readonly kind: 'func' | 'global'; readonly index: number }[];
  readonly start?: number;
  readonly data?: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  /** Function names for a name section. */
  readonly names?: readonly string[];
}

function section(out: ByteWriter, id: number, write: (w: ByteWriter) => void): void {
  const w = new ByteWriter();
  write(w);
  writeSection(out, id, w.toBytes());
}

export function buildMiniModule(m: MiniModule): Uint8Array<ArrayBuffer> {
  const types: FuncType[] = [];
  const typeIndex = (t: FuncType): number => {
    const i = types.findIndex((x) => JSON.stringify(x) === JSON.stringify(t));
    return i >= 0 ? i : types.push(t) - 1;
  };
  const imports = m.imports ?? [];
  const funcs = m.functions ?? [];
  imports.forEach((i) => i.type && typeIndex(i.type));
  funcs.forEach((f) => typeIndex(f.type));
  const out = new ByteWriter();
  out.bytes(MAGIC_AND_VERSION);
  section(out, SectionId.type, (w) => writeVec(w, types, writeFuncType));
  section(out, SectionId.import, (w) =>
    writeVec(w, imports, (v, i) => {
      v.name(i.module).name(i.name);
      if (i.memory) {
        v.u8(ExternalKind.memory).u8(i.memory.max === undefined ? 0 : 1).u32(i.memory.min);
        if (i.memory.max !== undefined) v.u32(i.memory.max);
      } else v.u8(ExternalKind.func).u32(typeIndex(i.type as FuncType));
    }),
  );
  section(out, SectionId.function, (w) => writeVec(w, funcs, (v, f) => v.u32(typeIndex(f.type))));
  if (m.globals) section(out, SectionId.global, (w) => writeVec(w, m.globals ?? [], (v, g) => v.u8(ValType.i32).u8(g.mutable ? 1 : 0).u8(0x41).s32(g.init).u8(0x0b)));
  section(out, SectionId.export, (w) =>
    writeVec(w, m.exports ?? [], (v, e) => v.name(e.name).u8(e.kind === 'func' ? ExternalKind.func : ExternalKind.global).u32(e.index)),
  );
  if (m.start !== undefined) section(out, SectionId.start, (w) => w.u32(m.start as number));
  section(out, SectionId.code, (w) =>
    writeVec(w, funcs, (v, f) => {
      const c = new Code();
      f.body(c);
      v.blob(encodeFunctionBody(f.locals ?? 0, c));
    }),
  );
  if (m.data) section(out, SectionId.data, (w) => writeVec(w, m.data ?? [], (v, d) => v.u32(0).u8(0x41).s32(d.offset).u8(0x0b).blob(d.bytes)));
  if (m.names) {
    section(out, SectionId.custom, (w) => {
      w.name('name');
      const sub = new ByteWriter();
      const nImports = imports.filter((i) => !i.memory).length;
      const named = (m.names ?? []).map((name, i) => ({ name, index: nImports + i }));
      writeVec(sub, named, (v, n) => v.u32(n.index).name(n.name));
      w.u8(1).blob(sub.toBytes());
    });
  }
  return out.toBytes();
}
