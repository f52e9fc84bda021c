import { readFileSync } from 'node:fs';
import { RUNTIME_API, RUNTIME_GLOBALS, RUNTIME_IMPORTS, NATIVE_BUILTINS, STRING_LAYOUT, ValueTag } from '../../src/wasm/runtime-api';
import { loadRuntime, runtimeModule, RUNTIME_WASM } from './harness';
import { exportedFunctionSignatures, importedFunctionSignatures } from './wasm-signatures';

describe('runtime.wasm against runtime-api.ts', () => {
  runtimeModule(); // builds when missing
  const sigs = exportedFunctionSignatures(readFileSync(RUNTIME_WASM));

  it.each(Object.entries(RUNTIME_API))('exports %s with the documented signature', (name, fn) => {
    expect(sigs.get(name)).toEqual({ params: [...fn.params], results: [...fn.results] });
  });

  it('exports the ABI version globals as immutable i32 (1.2)', () => {
    const globals = WebAssembly.Module.exports(runtimeModule()).filter((e) => e.kind === 'global');
    expect(globals.map((g) => g.name).sort()).toEqual(Object.keys(RUNTIME_GLOBALS).sort());
    const { x } = loadRuntime();
    expect(x.opa_wasm_abi_version.value).toBe(RUNTIME_GLOBALS.opa_wasm_abi_version);
    expect(x.opa_wasm_abi_minor_version.value).toBe(RUNTIME_GLOBALS.opa_wasm_abi_minor_version);
    expect(() => {
      (x.opa_wasm_abi_version as { value: number }).value = 3;
    }).toThrow();
  });

  it('imports exactly what the OPA SDK provides (all of it, so the linker never adds an import)', () => {
    const imports = WebAssembly.Module.imports(runtimeModule());
    const expected = ['memory', 'opa_abort', 'opa_println', 'opa_builtin0', 'opa_builtin1', 'opa_builtin2', 'opa_builtin3', 'opa_builtin4'];
    expect(imports.map((i) => `${i.module}.${i.name}`).sort()).toEqual(expected.map((n) => `env.${n}`).sort());
    const importSigs = importedFunctionSignatures(readFileSync(RUNTIME_WASM));
    for (const [name, fn] of Object.entries(RUNTIME_IMPORTS.functions)) {
      expect([name, importSigs.get(`env.${name}`)]).toEqual([name, { params: [...fn.params], results: [...fn.results] }]);
    }
  });

  it('lists native builtins that exist and take as many operands as their arity', () => {
    for (const [builtin, exportName] of Object.entries(NATIVE_BUILTINS)) {
      expect(sigs.has(exportName)).toBe(true);
      expect(RUNTIME_API[exportName].results).toEqual(['i32']);
      expect(builtin.replace(/\./g, '_')).toBe(exportName.replace(/^vg_builtin_/, ''));
    }
  });

  it('lays out strings as STRING_LAYOUT says', () => {
    const rt = loadRuntime();
    const s = rt.str('héllo');
    const view = new DataView(rt.mem.buffer);
    expect(view.getUint8(s + STRING_LAYOUT.tag)).toBe(ValueTag.String);
    expect(view.getUint32(s + STRING_LAYOUT.len, true)).toBe(6);
    const data = view.getUint32(s + STRING_LAYOUT.data, true);
    expect(new TextDecoder().decode(new Uint8Array(rt.mem.buffer, data, 6))).toBe('héllo');
    // a static string built by hand is a real string value
    const [bytes] = rt.write('abc');
    const hand = rt.x.opa_malloc(STRING_LAYOUT.size);
    new Uint8Array(rt.mem.buffer).fill(0, hand, hand + STRING_LAYOUT.size);
    const v2 = new DataView(rt.mem.buffer);
    v2.setUint8(hand + STRING_LAYOUT.tag, ValueTag.String);
    v2.setUint32(hand + STRING_LAYOUT.len, 3, true);
    v2.setUint32(hand + STRING_LAYOUT.data, bytes, true);
    v2.setInt32(hand + STRING_LAYOUT.codePoints, -1, true);
    expect(rt.x.vg_equal(hand, rt.str('abc'))).toBe(1);
    expect(rt.x.vg_len(hand)).toBe(3);
  });
});
