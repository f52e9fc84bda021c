import { ByteWriter, MAGIC_AND_VERSION, writeSection } from './encoder';
import { buildMiniModule } from './mini-module';
import { SectionId } from './opcodes';
import { readModule, WasmReadError } from './reader';

const I = 'i32' as const;

describe('readModule', () => {
  const bytes = buildMiniModule({
    imports: [
      { module: 'env', name: 'memory', memory: { min: 2, max: 9 } },
      { module: 'env', name: 'f', type: { params: [I], results: [] } },
    ],
    functions: [
      { type: { params: [], results: [I] }, body: (c) => c.i32_const(5) },
      { type: { params: [I, I], results: [I] }, locals: 2, body: (c) => c.local_get(0) },
    ],
    globals: [{ init: 77 }, { init: -1, mutable: true }],
    exports: [{ name: 'five', kind: 'func', index: 1 }, { name: 'g', kind: 'global', index: 0 }],
    start: 1,
    data: [{ offset: 16, bytes: new Uint8Array([1, 2, 3]) }],
    names: ['five', 'two'],
  });

  it('decodes types, imports, functions, globals, exports, start, code and data', () => {
    const m = readModule(bytes);
    expect(m.types).toEqual([{ params: ['i32'], results: [] }, { params: [], results: ['i32'] }, { params: ['i32', 'i32'], results: ['i32'] }]);
    expect(m.imports).toEqual([
      { module: 'env', name: 'memory', desc: { kind: 'memory', limits: { flags: 1, min: 2, max: 9 } } },
      { module: 'env', name: 'f', desc: { kind: 'func', typeIndex: 0 } },
    ]);
    expect(m.importedFuncs).toBe(1);
    expect(m.functions).toEqual([1, 2]);
    expect(m.globals.map((g) => [g.mutable, g.constI32])).toEqual([[false, 77], [true, -1]]);
    expect(m.exports).toEqual([{ name: 'five', kind: 0, index: 1 }, { name: 'g', kind: 3, index: 0 }]);
    expect(m.start).toBe(1);
    expect(m.code.map((c) => [...c])).toEqual([[0, 0x41, 5, 0x0b], [1, 2, 0x7f, 0x20, 0, 0x0b]]);
    expect(m.data).toEqual([{ active: true, memory: 0, offset: 16, size: 3 }]);
    expect(m.sections.map((s) => s.name ?? s.id)).toEqual([1, 2, 3, 6, 7, 8, 10, 11, 'name']);
  });

  it('keeps sections it does not decode as raw bytes', () => {
    const w = new ByteWriter().bytes(MAGIC_AND_VERSION);
    writeSection(w, SectionId.table, new Uint8Array([1, 0x70, 0, 4]));
    writeSection(w, SectionId.custom, new Uint8Array([3, 0x61, 0x62, 0x63, 9, 9]));
    const m = readModule(w.toBytes());
    expect(m.sections.map((s) => [s.id, s.name, [...s.body]])).toEqual([
      [4, undefined, [1, 0x70, 0, 4]],
      [0, 'abc', [3, 0x61, 0x62, 0x63, 9, 9]],
    ]);
  });

  it('rejects what is not a module, and truncated input', () => {
    expect(() => readModule(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(WasmReadError);
    expect(() => readModule(bytes.subarray(0, bytes.length - 3))).toThrow(/unexpected end/);
  });
});
