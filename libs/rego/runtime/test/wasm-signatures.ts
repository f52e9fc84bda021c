/**
 * Reads exported function signatures from a wasm binary (type, import, function and export
 * sections), because the JS API lists exports without their types.
 */
export interface Signature {
  readonly params: string[];
  readonly results: string[];
}

const VALTYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };

export function exportedFunctionSignatures(bytes: Uint8Array): Map<string, Signature> {
  return readSignatures(bytes).exports;
}

/** `module.name` → signature of each imported function. */
export function importedFunctionSignatures(bytes: Uint8Array): Map<string, Signature> {
  return readSignatures(bytes).imports;
}

function readSignatures(bytes: Uint8Array): { exports: Map<string, Signature>; imports: Map<string, Signature> } {
  let i = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) return result >>> 0;
    }
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(i, i + n));
    i += n;
    return s;
  };
  const types: Signature[] = [];
  const funcTypes: number[] = [];
  const exports = new Map<string, Signature>();
  const importTypes = new Map<string, number>();
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = u32();
    const end = i + size;
    if (id === 1) {
      const n = u32();
      for (let k = 0; k < n; k++) {
        i++; // 0x60
        const params = Array.from({ length: u32() }, () => VALTYPES[bytes[i++]]);
        const results = Array.from({ length: u32() }, () => VALTYPES[bytes[i++]]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      const n = u32();
      for (let k = 0; k < n; k++) {
        const module = name();
        const field = name();
        const kind = bytes[i++];
        if (kind === 0) {
          const t = u32();
          funcTypes.push(t);
          importTypes.set(`${module}.${field}`, t);
        }
        else if (kind === 1) throw new Error('table imports not expected');
        else if (kind === 2) {
          const flags = bytes[i++];
          u32();
          if (flags & 1) u32();
        } else {
          i++;
          i++;
        }
      }
    } else if (id === 3) {
      const n = u32();
      for (let k = 0; k < n; k++) funcTypes.push(u32());
    } else if (id === 7) {
      const n = u32();
      for (let k = 0; k < n; k++) {
        const exportName = name();
        const kind = bytes[i++];
        const index = u32();
        if (kind === 0) exports.set(exportName, types[funcTypes[index]]);
      }
    }
    i = end;
  }
  const imports = new Map<string, Signature>();
  for (const [n, t] of importTypes) imports.set(n, types[t]);
  return { exports, imports };
}
