/**
 * The `opa_eval` call (ABI ≥ 1.2) made directly, as the SDK's fast path does, minus its
 * per-call garbage: the input's JSON text is encoded straight into the module's memory
 * (`encodeInto`, no intermediate buffer or ArrayBuffer copy), its size is checked on the way
 * (objects included), and the result is decoded from memory. Same heap discipline: input
 * at `dataHeapPtr`, evaluation heap after it, nothing kept.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { RegoEvalError } from './errors';

type State = LoadedPolicy & { dataAddr: number; dataHeapPtr: number; minorVersion: number };
type OpaEval = (reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heap: number, format: number) => number;

const PAGE = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class FastEval {
  private readonly opaEval: OpaEval | null;

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
    const len = Buffer.byteLength(text, 'utf8');
    if (len > maxInputBytes) throw new RegoEvalError('input_too_large', `input is ${len} bytes; the limit is ${maxInputBytes}`);
    const at = s.dataHeapPtr;
    const short = at + len - s.mem.buffer.byteLength;
    if (short > 0) s.mem.grow(Math.ceil(short / PAGE));
    encoder.encodeInto(text, new Uint8Array(s.mem.buffer, at, len));
    const ret = this.opaEval!(0, entrypoint, s.dataAddr, at, len, at + len, 0);
    const bytes = new Uint8Array(s.mem.buffer);
    const end = bytes.indexOf(0, ret);
    return JSON.parse(decoder.decode(bytes.subarray(ret, end)));
  }
}
