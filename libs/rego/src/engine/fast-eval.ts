/**
 * The `opa_eval` call (ABI ≥ 1.2) made directly, as the SDK's fast path does, minus its
 * per-call garbage: the input's JSON text is written straight into the module's memory
 * through a Buffer view kept while the memory does not grow (no intermediate buffer,
 * ArrayBuffer copy or view per call), its UTF-8 size is what the write reports (measured
 * first only when the text might not fit), and the result's end is found with memchr and
 * decoded from the same view. Same heap discipline: input at `dataHeapPtr`, evaluation heap
 * after it, nothing kept.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { RegoEvalError } from './errors';

type State = LoadedPolicy & { dataAddr: number; dataHeapPtr: number; minorVersion: number };
type OpaEval = (reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heap: number, format: number) => number;

const PAGE = 64 * 1024;

export class FastEval {
  private readonly opaEval: OpaEval | null;
  /** A view of the module's memory, replaced when the memory grows (the old ArrayBuffer is then detached). */
  private view: Buffer | null = null;

  constructor(private readonly policy: LoadedPolicy) {
    const fn = (policy.wasmInstance as WebAssembly.Instance).exports.opa_eval;
    this.opaEval = (policy as State).minorVersion >= 2 && typeof fn === 'function' ? (fn as OpaEval) : null;
  }

  get available(): boolean {
    return this.opaEval !== null;
  }

  /** Entrypoint id for a name or id; unknown names are a typed error (the SDK throws a bare string). */
  entrypointId(entrypoint: string | number): number {
    if (typeof entrypoint === 'number') return entrypoint;
    const id = Object.prototype.hasOwnProperty.call(this.policy.entrypoints, entrypoint) ? this.policy.entrypoints[entrypoint] : undefined;
    if (id === undefined) throw new RegoEvalError('unknown_entrypoint', `entrypoint ${JSON.stringify(entrypoint)} is not in this policy`);
    return id;
  }

  /** Evaluates with the input's JSON text; `maxInputBytes` bounds its UTF-8 size. */
  evaluate(text: string, entrypoint: number, maxInputBytes: number): unknown {
    const s = this.policy as State;
    const at = s.dataHeapPtr;
    let view = this.viewOf(s.mem.buffer);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: measure only when the text might not fit.
    if (text.length * 3 > view.length - at) {
      const need = Buffer.byteLength(text, 'utf8');
      if (need > maxInputBytes) throw new RegoEvalError('input_too_large', `input is ${need} bytes; the limit is ${maxInputBytes}`);
      const short = at + need - view.length;
      if (short > 0) {
        s.mem.grow(Math.ceil(short / PAGE));
        view = this.viewOf(s.mem.buffer);
      }
    }
    const len = view.write(text, at, 'utf8');
    if (len > maxInputBytes) throw new RegoEvalError('input_too_large', `input is ${len} bytes; the limit is ${maxInputBytes}`);
    const ret = this.opaEval!(0, entrypoint, s.dataAddr, at, len, at + len, 0);
    view = this.viewOf(s.mem.buffer);
    const end = view.indexOf(0, ret);
    return JSON.parse(view.toString('utf8', ret, end < 0 ? view.length : end));
  }

  private viewOf(buffer: ArrayBuffer): Buffer {
    const v = this.view;
    if (v !== null && v.buffer === buffer) return v;
    return (this.view = Buffer.from(buffer));
  }
}
