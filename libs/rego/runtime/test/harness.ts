/**
 * Test harness for runtime.wasm: instantiates the runtime on its own (no codegen) with a memory and
 * stub imports, and offers helpers to write text into memory, parse/dump values and read
 * NUL-terminated UTF-8. Builds the runtime first when it is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUNTIME_DIR = join(__dirname, '..');
export const RUNTIME_WASM = join(RUNTIME_DIR, 'build', 'runtime.wasm');

let cachedModule: WebAssembly.Module | undefined;

export function runtimeModule(): WebAssembly.Module {
  if (!cachedModule) {
    if (!existsSync(RUNTIME_WASM)) execFileSync(process.execPath, [join(RUNTIME_DIR, 'build.mjs')], { stdio: 'inherit' });
    cachedModule = new WebAssembly.Module(readFileSync(RUNTIME_WASM));
  }
  return cachedModule;
}

/** What the runtime threw through opa_abort (the SDK throws the bare string; we wrap it). */
export class RuntimeAbort extends Error {}

/** The runtime's exports, loosely typed: i32 → number, i64 → bigint. */
export type Exports = Record<string, (...args: (number | bigint)[]) => number> & {
  opa_wasm_abi_version: WebAssembly.Global;
  opa_wasm_abi_minor_version: WebAssembly.Global;
};

export interface Runtime {
  readonly x: Exports;
  readonly mem: WebAssembly.Memory;
  /** NUL-terminated UTF-8 at ptr. */
  text(ptr: number): string;
  /** Copies UTF-8 (or bytes) into fresh heap memory; returns [ptr, len]. */
  write(s: string | Uint8Array): [number, number];
  /** opa_json_parse of text (0 on error). */
  parse(json: string | Uint8Array): number;
  /** opa_value_parse of text. */
  parseValue(text: string): number;
  dump(v: number): string;
  dumpValue(v: number): string;
  str(s: string): number;
  /** Runs fn and returns the abort text it raised (fails when nothing aborted). */
  abortText(fn: () => unknown): string;
}

export interface LoadOptions {
  readonly initial?: number;
  readonly maximum?: number;
  /** Call vg_init(static end) as the linker's start function would (default true). */
  readonly init?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function loadRuntime(opts: LoadOptions = {}): Runtime {
  const mem = new WebAssembly.Memory(
    opts.maximum !== undefined ? { initial: opts.initial ?? 2, maximum: opts.maximum } : { initial: opts.initial ?? 2 },
  );
  const text = (ptr: number): string => {
    const b = new Uint8Array(mem.buffer);
    let e = ptr;
    while (b[e] !== 0) e++;
    return decoder.decode(b.subarray(ptr, e));
  };
  const noBuiltins = (): number => {
    throw new Error('no host builtins in runtime tests');
  };
  const instance = new WebAssembly.Instance(runtimeModule(), {
    env: {
      memory: mem,
      opa_abort: (ptr: number) => {
        throw new RuntimeAbort(text(ptr));
      },
      opa_println: (ptr: number) => console.log(text(ptr)),
      opa_builtin0: noBuiltins,
      opa_builtin1: noBuiltins,
      opa_builtin2: noBuiltins,
      opa_builtin3: noBuiltins,
      opa_builtin4: noBuiltins,
    },
  });
  const x = instance.exports as unknown as Exports;
  if (opts.init !== false) x.vg_init(x.vg_static_end());
  const write = (s: string | Uint8Array): [number, number] => {
    const bytes = typeof s === 'string' ? encoder.encode(s) : s;
    const p = x.opa_malloc(bytes.length);
    new Uint8Array(mem.buffer).set(bytes, p);
    return [p, bytes.length];
  };
  return {
    x,
    mem,
    text,
    write,
    parse: (json) => x.opa_json_parse(...write(json)),
    parseValue: (s) => x.opa_value_parse(...write(s)),
    dump: (v) => text(x.opa_json_dump(v)),
    dumpValue: (v) => text(x.opa_value_dump(v)),
    str: (s) => x.vg_string(...write(s)),
    abortText: (fn) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof RuntimeAbort) return e.message;
        throw e;
      }
      throw new Error('expected the runtime to abort');
    },
  };
}
