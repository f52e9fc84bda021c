/**
 * Test support for the native builtin families: call a `vg_builtin_*` export on values given as
 * Rego value text (or JSON values), and read back the result as Rego value text, JSON, or the
 * error the call recorded (non-strict mode), so specs can compare with OPA cases and with the
 * host implementations in src/host.
 */
import { loadRuntime, type Runtime } from './harness';

export interface NativeRuntime {
  readonly rt: Runtime;
  /** Resets the heap between calls (call from beforeEach). */
  reset(): void;
  /** Result as Rego value text ('undefined' when the call is undefined without an error). */
  call(name: string, ...args: string[]): string;
  /** Result as JSON (sets as sorted arrays), or { error } with the recorded "<code>: <message>". */
  callJson(name: string, ...args: unknown[]): unknown;
  /** The recorded error of the last call ("<code>: <message>"), or undefined. */
  lastError(): string | undefined;
}

export function nativeRuntime(): NativeRuntime {
  const rt = loadRuntime({ initial: 8 });
  const { x } = rt;
  const base = x.opa_heap_ptr_get();
  const exportOf = (name: string) => {
    const f = x[`vg_builtin_${name.replace(/\./g, '_')}`];
    if (!f) throw new Error(`runtime does not export ${name}`);
    return f;
  };
  const lastError = () => {
    const p = x.vg_last_error();
    return p === 0 ? undefined : rt.text(p);
  };
  return {
    rt,
    reset: () => {
      x.vg_set_strict(0);
      x.vg_eval_begin(base);
    },
    call: (name, ...args) => {
      x.vg_eval_begin(base);
      const vals = args.map((a) => {
        const v = rt.parseValue(a);
        if (v === 0) throw new Error(`bad value text ${a}`);
        return v;
      });
      const r = exportOf(name)(...vals);
      if (r !== 0) return rt.dumpValue(r);
      const e = lastError();
      return e === undefined ? 'undefined' : `error: ${e}`;
    },
    callJson: (name, ...args) => {
      x.vg_eval_begin(base);
      const vals = args.map((a) => rt.parse(JSON.stringify(a)));
      const r = exportOf(name)(...vals);
      if (r !== 0) return JSON.parse(rt.dump(r));
      const e = lastError();
      return e === undefined ? undefined : { error: e };
    },
    lastError,
  };
}

/** The native runtime for a spec file, reset before each of its tests. */
export function useNativeRuntime(): NativeRuntime {
  const n = nativeRuntime();
  beforeEach(() => n.reset());
  return n;
}
