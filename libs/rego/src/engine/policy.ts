/**
 * A compiled policy loaded into `@open-policy-agent/opa-wasm`, the way every Vigil
 * host (agent, SDK, control plane, CLI, conformance) runs policies: with our host
 * builtins wired in, a memory cap, per-evaluation clock pinning, falsy inputs passed
 * faithfully, and runtime aborts turned into typed errors.
 */
import { loadPolicy, loadPolicySync } from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { DataPatcher, type DataHeapStats, type DataPatch } from './data-patcher';
import { RegoEvalError, parseLocation, toEvalError, type EvalErrorLocation } from './errors';
import { FastEval } from './fast-eval';
import { jsonText } from './json-text';
import { createHostBuiltins, type HostBuiltinsHandle } from './host-builtins';

export { RegoEvalError };
export type { EvalErrorLocation, DataPatch, DataHeapStats };

/** A result set: one object of bindings per solution (`[{"result": ...}]` for entrypoints). */
export type ResultSet = Record<string, unknown>[];

export interface LoadOptions {
  /** Initial memory in 64 KiB pages (default 5, as the SDK). */
  readonly initialPages?: number;
  /** Hard cap in 64 KiB pages; evaluation that needs more fails with `memory_limit`. Default 16384 (1 GiB). */
  readonly maxPages?: number;
  /** Builtin errors abort evaluation instead of making the call undefined (OPA's strict-builtin-errors). */
  readonly strictBuiltinErrors?: boolean;
  /** Largest accepted input, bytes of JSON text. Default 8 MiB. */
  readonly maxInputBytes?: number;
  /** Where `print()` output goes (default: stderr). */
  readonly onPrint?: (message: string) => void;
  /**
   * Implementations of the custom builtins the policy was compiled with (`CompileOptions.customBuiltins`),
   * by builtin name. They get JSON arguments and return a JSON value, or undefined for "no result";
   * throwing makes the call undefined (or fails the evaluation with strict builtin errors).
   */
  readonly customBuiltins?: Readonly<Record<string, (...args: unknown[]) => unknown>>;
}

const DEFAULT_MAX_PAGES = 16384;
const DEFAULT_MAX_INPUT = 8 * 1024 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RegoPolicy {
  private readonly patcher: DataPatcher;
  private readonly fast: FastEval;

  private constructor(
    private readonly loaded: LoadedPolicy,
    private readonly host: HostBuiltinsHandle,
    private readonly maxInputBytes: number,
  ) {
    this.patcher = new DataPatcher(loaded);
    this.fast = new FastEval(loaded);
  }

  static async load(wasm: Uint8Array | ArrayBuffer | WebAssembly.Module, opts: LoadOptions = {}): Promise<RegoPolicy> {
    const host = createHostBuiltins({ strict: opts.strictBuiltinErrors ?? false, onPrint: opts.onPrint, custom: opts.customBuiltins });
    const loaded = await guard(() => loadPolicy(toLoadable(wasm), memoryDescriptor(opts), host.builtins));
    return new RegoPolicy(loaded, host, opts.maxInputBytes ?? DEFAULT_MAX_INPUT);
  }

  static loadSync(wasm: Uint8Array | ArrayBuffer | WebAssembly.Module, opts: LoadOptions = {}): RegoPolicy {
    const host = createHostBuiltins({ strict: opts.strictBuiltinErrors ?? false, onPrint: opts.onPrint, custom: opts.customBuiltins });
    const loaded = guardSync(() => loadPolicySync(toLoadable(wasm), memoryDescriptor(opts), host.builtins));
    return new RegoPolicy(loaded, host, opts.maxInputBytes ?? DEFAULT_MAX_INPUT);
  }

  /** Entrypoint name → id. */
  get entrypoints(): Readonly<Record<string, number>> {
    return this.loaded.entrypoints;
  }

  /** Replaces the base data document (`data`). */
  setData(data: unknown): void {
    guardSync(() => this.loaded.setData(data === undefined ? {} : (toJsonBuffer(data) as object)));
    this.patcher.reset();
  }

  /** Whether the module exports the data-patching functions (`patchData` works). */
  get canPatchData(): boolean {
    return this.patcher.supported;
  }

  /**
   * Edits `data` in place, in order: the same result as `setData` of the edited document,
   * without re-parsing it. Garbage left by replaced values is reclaimed by an occasional
   * full reload of the live document (see DataPatcher). If a patch fails (a non-object on
   * its path), `data` may be partly patched and the caller must `setData` the whole document.
   */
  patchData(patches: readonly DataPatch[]): void {
    guardSync(() => this.patcher.apply(patches));
  }

  /** Data heap accounting: live size, patch garbage, compactions. */
  get dataHeapStats(): DataHeapStats {
    return this.patcher.stats;
  }

  /** The data document as the module holds it (tests and diagnostics; not for the hot path). */
  dumpData(): unknown {
    return this.patcher.dump();
  }

  /**
   * Evaluates an entrypoint (name or id). `undefined` input means "no input";
   * `null`, `false`, `0` and `""` are passed as real values (the SDK would drop them).
   */
  evaluate(input: unknown, entrypoint: string | number = 0): ResultSet {
    const text = this.fast.available && input !== undefined && !(input instanceof ArrayBuffer) ? toJsonText(input) : undefined;
    if (text !== undefined) return this.evaluateText(text, entrypoint);
    const payload = input === undefined ? undefined : this.encodeInput(input);
    this.host.beginEvaluation();
    return this.run(() => this.loaded.evaluate(payload, entrypoint) as ResultSet);
  }

  /** Evaluates with input given as JSON text (no JSON.stringify on the hot path). */
  evaluateJson(inputJson: string | Uint8Array, entrypoint: string | number = 0): ResultSet {
    if (this.fast.available && typeof inputJson === 'string') return this.evaluateText(inputJson, entrypoint);
    const bytes = typeof inputJson === 'string' ? encoder.encode(inputJson) : inputJson;
    this.checkInputSize(bytes.byteLength);
    this.host.beginEvaluation();
    return this.run(() => this.loaded.evaluate(toArrayBuffer(bytes), entrypoint) as ResultSet);
  }

  /** The fast path (`FastEval`): the input's JSON text written straight into the module's memory. */
  private evaluateText(text: string, entrypoint: string | number): ResultSet {
    this.host.beginEvaluation();
    return this.run(() => this.fast.evaluate(text, this.fast.entrypointId(entrypoint), this.maxInputBytes) as ResultSet);
  }

  /** Runs an evaluation; errors become RegoEvalError, host builtin errors with the call's location. */
  private run(fn: () => ResultSet): ResultSet {
    try {
      return fn();
    } catch (e) {
      throw toEvalError(e, () => this.errorLocation());
    }
  }

  /**
   * Where a strict module was when a host builtin failed: our runtime's `vigil_error_location`
   * export (not part of OPA's ABI; modules built elsewhere lack it and report no location).
   */
  private errorLocation(): EvalErrorLocation | undefined {
    const instance = this.loaded.wasmInstance as WebAssembly.Instance;
    const fn = instance.exports?.vigil_error_location;
    if (typeof fn !== 'function') return undefined;
    const addr = (fn as () => number)();
    if (!addr) return undefined;
    const bytes = new Uint8Array(this.loaded.mem.buffer);
    let end = addr;
    while (end < bytes.length && bytes[end] !== 0) end++;
    return parseLocation(decoder.decode(bytes.subarray(addr, end)));
  }

  /** Input as JSON bytes (the SDK takes an ArrayBuffer as is), checked against maxInputBytes. */
  private encodeInput(input: unknown): ArrayBuffer {
    const buf = toJsonBuffer(input);
    this.checkInputSize(buf.byteLength);
    return buf;
  }

  private checkInputSize(n: number): void {
    if (n > this.maxInputBytes) {
      throw new RegoEvalError('input_too_large', `input is ${n} bytes; the limit is ${this.maxInputBytes}`);
    }
  }
}

function memoryDescriptor(opts: LoadOptions): WebAssembly.MemoryDescriptor {
  return { initial: opts.initialPages ?? 5, maximum: opts.maxPages ?? DEFAULT_MAX_PAGES };
}

function toLoadable(wasm: Uint8Array | ArrayBuffer | WebAssembly.Module): ArrayBuffer | WebAssembly.Module {
  if (wasm instanceof WebAssembly.Module || wasm instanceof ArrayBuffer) return wasm;
  return toArrayBuffer(wasm);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // TextEncoder's output owns its whole buffer: hand it over without a copy (evaluate's hot path).
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function toJsonBuffer(value: unknown): ArrayBuffer {
  if (value instanceof ArrayBuffer) return value;
  return toArrayBuffer(encoder.encode(toJsonText(value)));
}

function toJsonText(value: unknown): string {
  try {
    return jsonText(value); // any depth: V8's JSON.stringify alone overflows its stack near 10,000 levels
  } catch (e) {
    // Cycles and BigInts (and a RangeError would otherwise read as a wasm memory failure).
    throw new RegoEvalError('invalid_input', `value cannot be serialised as JSON (${(e as Error).message})`);
  }
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toEvalError(e);
  }
}

function guardSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toEvalError(e);
  }
}
