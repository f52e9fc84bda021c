/**
 * Constants of a policy, made once per instance so evaluations never rebuild them.
 *
 * Scheme (everything lives below the heap base the SDK records, so resetting the heap between
 * evaluations never touches it):
 * - **Strings** are static string structs (runtime-api.ts `STRING_LAYOUT`) in our data segment,
 *   each followed by its UTF-8 bytes. Their address is known at compile time, so a string operand
 *   is a single `i32.const`. The runtime fills the lazily computed hash and code-point count in
 *   place, which persists across evaluations (same value every time).
 * - **Numbers** (`MakeNumberRef` literal text, `MakeNumberInt`/`AssignInt` values), `null`,
 *   `true` and `false` come from runtime constructors, so they are built by the start function
 *   (after `vg_init`, before the SDK takes its base heap pointer) and kept in i32 globals: an
 *   operand is one `global.get`.
 * - **`with` paths** (arrays of constant strings) are built by the start function too.
 * - Raw bytes (file names, abort messages, number literals) are interned in the data segment.
 */
import { invariant } from '../diagnostics';
import type { Constant } from '../plan/ir';
import type { Code } from './encoder';
import type { ModuleLinker, RuntimeModule } from './linker';
import { STRING_LAYOUT, ValueTag } from './runtime-api';

const utf8 = new TextEncoder();

/** JSON number syntax, which `vg_number_ref` accepts. */
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** An interned byte string: address and length in the data segment. */
export interface StaticBytes {
  readonly ptr: number;
  readonly len: number;
}

/** A value pushed by one instruction: a static string address or a global. */
type Pushable = { readonly addr: number } | { readonly global: number };

type GlobalInit =
  | { readonly kind: 'null' | 'true' | 'false' }
  | { readonly kind: 'switch'; readonly entries: readonly { readonly key: Pushable; readonly marker: number }[] }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'numberRef'; readonly text: StaticBytes }
  | { readonly kind: 'path'; readonly strings: readonly number[] };

export class ConstantPool {
  private readonly bytesByText = new Map<string, StaticBytes>();
  private readonly stringStructs = new Map<string, number>();
  private readonly globalsByKey = new Map<string, number>();
  private readonly inits: { readonly global: number; readonly init: GlobalInit }[] = [];
  /** Address of each string value → its text, for the printer. */
  readonly stringAt = new Map<number, string>();
  /** Address of each interned byte string → its text, for the printer. */
  readonly bytesAt = new Map<number, string>();

  constructor(
    private readonly linker: ModuleLinker,
    private readonly strings: readonly string[],
  ) {}

  /** Interned UTF-8 bytes of `text` in the data segment. */
  bytes(text: string): StaticBytes {
    let b = this.bytesByText.get(text);
    if (!b) {
      const enc = utf8.encode(text);
      b = { ptr: this.linker.addData(enc, 1), len: enc.length };
      this.bytesByText.set(text, b);
      this.bytesAt.set(b.ptr, text);
    }
    return b;
  }

  /** Address of the static string value for `text`. */
  string(text: string): number {
    let addr = this.stringStructs.get(text);
    if (addr === undefined) {
      const enc = utf8.encode(text);
      const s = new Uint8Array(STRING_LAYOUT.size + enc.length);
      const view = new DataView(s.buffer);
      addr = this.linker.alignData(8);
      view.setUint8(STRING_LAYOUT.tag, ValueTag.String);
      view.setUint8(STRING_LAYOUT.flags, 0);
      view.setUint32(STRING_LAYOUT.len, enc.length, true);
      view.setUint32(STRING_LAYOUT.data, addr + STRING_LAYOUT.size, true);
      view.setUint32(STRING_LAYOUT.hash, 0, true);
      view.setInt32(STRING_LAYOUT.codePoints, -1, true);
      s.set(enc, STRING_LAYOUT.size);
      this.linker.addData(s, 8);
      this.stringStructs.set(text, addr);
      this.stringAt.set(addr, text);
    }
    return addr;
  }

  /** `Policy.static.strings[index]`. */
  stringText(index: number): string {
    const text = this.strings[index];
    invariant(text !== undefined, `string constant ${index} is out of range`);
    return text;
  }

  /** Address of the static string value for `Policy.static.strings[index]`. */
  stringIndex(index: number): number {
    return this.string(this.stringText(index));
  }

  nullGlobal(): number {
    return this.global('null', { kind: 'null' });
  }

  boolGlobal(value: boolean): number {
    return value ? this.global('true', { kind: 'true' }) : this.global('false', { kind: 'false' });
  }

  /** A number value made from an integer (MakeNumberInt, AssignInt, ids). */
  intGlobal(value: number): number {
    invariant(Number.isSafeInteger(value), `integer constant ${value} is not a safe integer`);
    return this.global(`int:${value}`, { kind: 'int', value });
  }

  /** A number value made from literal text `Policy.static.strings[index]`, kept exact. */
  numberRefGlobal(index: number): number {
    const text = this.strings[index];
    invariant(text !== undefined && JSON_NUMBER.test(text), `MakeNumberRef: ${JSON.stringify(text)} is not a number literal`);
    return this.global(`num:${text}`, { kind: 'numberRef', text: this.bytes(text) });
  }

  /** An array of constant strings (a `with` path). */
  pathGlobal(indices: readonly number[]): number {
    const texts = indices.map((i) => this.strings[i]);
    const strings = indices.map((i) => this.stringIndex(i));
    return this.global(`path:${JSON.stringify(texts)}`, { kind: 'path', strings });
  }

  /**
   * An object mapping each Switch case constant to a marker: a static string of `i` code points
   * for case `i` (all markers share one run of bytes), so `vg_len(marker)` is the case index.
   */
  switchTableGlobal(cases: readonly Constant[]): number {
    const keys = cases.map((k) => this.pushable(k));
    const run = this.linker.addData(new Uint8Array(Math.max(0, cases.length - 1)).fill(0x61), 1);
    const entries = keys.map((key, i) => ({ key, marker: this.staticString(run, i) }));
    const g = this.linker.addGlobalI32(`const:switch${this.inits.length}`, 0, true);
    this.inits.push({ global: g, init: { kind: 'switch', entries } });
    return g;
  }

  private pushable(k: Constant): Pushable {
    switch (k.kind) {
      case 'string': return { addr: this.stringIndex(k.index) };
      case 'number': return { global: this.numberRefGlobal(k.index) };
      case 'bool': return { global: this.boolGlobal(k.value) };
      case 'null': return { global: this.nullGlobal() };
    }
  }

  /** A static string value of `len` ASCII bytes at `data` (code points known: ASCII). */
  private staticString(data: number, len: number): number {
    const s = new Uint8Array(STRING_LAYOUT.size);
    const view = new DataView(s.buffer);
    view.setUint8(STRING_LAYOUT.tag, ValueTag.String);
    view.setUint32(STRING_LAYOUT.len, len, true);
    view.setUint32(STRING_LAYOUT.data, data, true);
    view.setInt32(STRING_LAYOUT.codePoints, len, true);
    return this.linker.addData(s, 8);
  }

  private global(key: string, init: GlobalInit): number {
    let g = this.globalsByKey.get(key);
    if (g === undefined) {
      g = this.linker.addGlobalI32(`const:${key}`, 0, true);
      this.globalsByKey.set(key, g);
      this.inits.push({ global: g, init });
    }
    return g;
  }

  /** Start-function code that builds every global constant requested so far. */
  emitInit(c: Code, rt: RuntimeModule): void {
    for (const { global, init } of this.inits) {
      switch (init.kind) {
        case 'null': c.call(rt.func('vg_null')); break;
        case 'true': c.call(rt.func('vg_true')); break;
        case 'false': c.call(rt.func('vg_false')); break;
        case 'int': emitInt(c, rt, init.value); break;
        case 'numberRef': c.i32_const(init.text.ptr).i32_const(init.text.len).call(rt.func('vg_number_ref')); break;
        case 'switch': {
          c.call(rt.func('vg_object')).global_set(global);
          for (const { key, marker } of init.entries) {
            c.global_get(global);
            if ('addr' in key) c.i32_const(key.addr);
            else c.global_get(key.global);
            c.i32_const(marker).call(rt.func('vg_object_insert'));
          }
          continue;
        }
        case 'path': {
          c.i32_const(init.strings.length).call(rt.func('vg_array')).global_set(global);
          for (const s of init.strings) c.global_get(global).i32_const(s).call(rt.func('vg_array_append'));
          continue;
        }
      }
      c.global_set(global);
    }
  }

  /** Number of global constants (for the printer and tests). */
  get globalCount(): number {
    return this.inits.length;
  }
}

function emitInt(c: Code, rt: RuntimeModule, value: number): void {
  if (value >= -(2 ** 31) && value < 2 ** 31) c.i32_const(value).call(rt.func('vg_int'));
  else c.i64_const(BigInt(value)).call(rt.func('vg_int64'));
}
