/**
 * In-place edits of a loaded policy's `data` through the module's `opa_value_add_path` /
 * `opa_value_remove_path` exports (OPA's ABI), so an agent applies a small delta without
 * re-parsing the whole document.
 *
 * Heap discipline (shared/docs/rego-wasm.md §1.4): `data` sits below the SDK's `dataHeapPtr`,
 * evaluations allocate above it and are reset to it. A patch therefore moves the heap
 * pointer back to `dataHeapPtr`, parses the path and value there, edits `data` in place,
 * and raises `dataHeapPtr` over what it allocated. The allocator is a bump allocator:
 * replaced nodes (and the JSON text of each patch) stay allocated until the next full
 * `setData`. The patcher counts that garbage and, past a bound proportional to the data,
 * compacts: dumps the current `data` as JSON and loads it whole, so memory stays bounded
 * however many patches arrive.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { RegoEvalError } from './errors';
import { jsonText } from './json-text';

/** One edit of `data`: set the value at `path` (missing objects on the way are created), or remove it. */
export type DataPatch =
  | { readonly op: 'add'; readonly path: readonly string[]; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: readonly string[] };

/** What the patcher knows about the data heap, for metrics and tests. */
export interface DataHeapStats {
  /** Bytes the last full load took (JSON text plus parsed values). */
  readonly dataBytes: number;
  /** Bytes allocated by patches since then (replaced values, patch texts, grown containers). */
  readonly garbageBytes: number;
  /** Full reloads the patcher did on its own to reclaim garbage. */
  readonly compactions: number;
}

type Exports = {
  opa_heap_ptr_get(): number;
  opa_heap_ptr_set(p: number): void;
  opa_malloc(n: number): number;
  opa_json_parse(addr: number, len: number): number;
  opa_json_dump(v: number): number;
  opa_value_add_path?: (base: number, path: number, value: number) => number;
  opa_value_remove_path?: (base: number, path: number) => number;
};

/** The SDK's LoadedPolicy fields the heap discipline needs (public in its JS; untyped in its .d.ts). */
type PolicyState = LoadedPolicy & { dataAddr: number; dataHeapPtr: number; baseHeapPtr: number };

const STATUS = ['ok', 'internal error', 'a value on the path is not an object', 'invalid path'];
/** Garbage below this is never worth a full reload. */
const MIN_COMPACT_BYTES = 256 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class DataPatcher {
  private dataBytes = 0;
  private garbage = 0;
  private compactions = 0;

  /** `compactRatio`: compact once garbage exceeds this multiple of the data's own size. */
  constructor(
    private readonly policy: LoadedPolicy,
    private readonly compactRatio = 1,
  ) {}

  get supported(): boolean {
    const x = this.exports;
    return typeof x.opa_value_add_path === 'function' && typeof x.opa_value_remove_path === 'function';
  }

  get stats(): DataHeapStats {
    return { dataBytes: this.dataBytes, garbageBytes: this.garbage, compactions: this.compactions };
  }

  /** Call after every full `setData`: the heap above the base is all live data again. */
  reset(): void {
    const s = this.state;
    this.dataBytes = s.dataHeapPtr - s.baseHeapPtr;
    this.garbage = 0;
  }

  /**
   * Applies the patches in order. On a failure (a non-object on the path) `data` may be
   * partly patched: the caller must load it whole with `setData`.
   */
  apply(patches: readonly DataPatch[]): void {
    const x = this.exports;
    if (!this.supported) throw new RegoEvalError('internal_error', 'this policy module does not export opa_value_add_path/opa_value_remove_path');
    const s = this.state;
    const start = s.dataHeapPtr;
    try {
      for (const p of patches) {
        x.opa_heap_ptr_set(s.dataHeapPtr);
        const path = this.parse(JSON.stringify(p.path));
        const status = p.op === 'add' ? x.opa_value_add_path!(s.dataAddr, path, this.parse(jsonText(p.value ?? null))) : x.opa_value_remove_path!(s.dataAddr, path);
        // Whatever was allocated (even by a failed patch) now lives under data: keep it there.
        s.dataHeapPtr = x.opa_heap_ptr_get();
        if (status !== 0) throw new RegoEvalError('internal_error', `cannot ${p.op} data at ${JSON.stringify(p.path)}: ${STATUS[status] ?? `status ${status}`}`);
      }
    } finally {
      this.garbage += s.dataHeapPtr - start;
    }
    if (this.garbage > Math.max(MIN_COMPACT_BYTES, this.dataBytes * this.compactRatio)) this.compact();
  }

  /** Reloads `data` from its own dump: the live document only, the garbage gone. */
  compact(): void {
    const text = this.dumpData().slice(); // a copy: setData overwrites this region
    this.policy.setData(text.buffer);
    this.compactions++;
    this.reset();
  }

  /** The data document as the module holds it now (tests, diagnostics). */
  dump(): unknown {
    return JSON.parse(decoder.decode(this.dumpData()));
  }

  /** The module's JSON text of `data`, dumped above it on the heap: a view into memory the next allocation may reuse. */
  private dumpData(): Uint8Array {
    const s = this.state;
    const x = this.exports;
    x.opa_heap_ptr_set(s.dataHeapPtr);
    const addr = x.opa_json_dump(s.dataAddr);
    const bytes = new Uint8Array(this.policy.mem.buffer);
    let end = addr;
    while (bytes[end] !== 0) end++;
    return bytes.subarray(addr, end);
  }

  private parse(json: string): number {
    const x = this.exports;
    const text = encoder.encode(json);
    const addr = x.opa_malloc(text.byteLength);
    new Uint8Array(this.policy.mem.buffer).set(text, addr); // after malloc: it may have grown memory
    const v = x.opa_json_parse(addr, text.byteLength);
    if (v === 0) throw new RegoEvalError('invalid_input', 'patch value is not valid JSON');
    return v;
  }

  private get state(): PolicyState {
    return this.policy as PolicyState;
  }

  private get exports(): Exports {
    const inst = this.policy.wasmInstance as WebAssembly.Instance;
    return inst.exports as unknown as Exports;
  }
}
