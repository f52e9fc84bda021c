/**
 * The host builtin library: the TypeScript implementations of the builtins the registry
 * marks `host`, and the `customBuiltins` map handed to `@open-policy-agent/opa-wasm`.
 * Each implementation is registered under `vigil.<name>` (the SDK's own `sprintf`,
 * `regex.split`, `json.is_valid` and `yaml.*` would win over a custom builtin of the same name).
 */
import { hostNameOf } from '../builtins/decl';
import { lookupBuiltin } from '../builtins/registry';
import { EvaluationState, type EvalContextOptions } from './context';
import { BuiltinError, HostBuiltinError } from './errors';
import type { HostFamily, HostImpl } from './impl';
import { CRYPTO_BUILTINS } from './crypto';
import { ENCODING_BUILTINS } from './encoding';
import { GLOB_BUILTINS } from './glob';
import { GRAPH_BUILTINS } from './graph';
import { JWT_BUILTINS } from './jwt';
import { NET_BUILTINS } from './net';
import { REGEX_BUILTINS } from './regex';
import { RUNTIME_BUILTINS } from './runtime';
import { SEMVER_BUILTINS } from './semver';
import { STRING_BUILTINS } from './strings';
import { TIME_BUILTINS } from './time';
import { UNITS_BUILTINS } from './units';
import { UUID_BUILTINS } from './uuid';
import { decodeValueText, encodeValueText } from './value-text';
import type { Value } from './values';
import { toWire } from './wire';

export { BuiltinError, HostBuiltinError } from './errors';
export type { EvalContext } from './context';
export type { HostImpl } from './impl';

/** Every host implementation by OPA builtin name. */
export const HOST_IMPLEMENTATIONS: HostFamily = Object.freeze({
  ...TIME_BUILTINS,
  ...STRING_BUILTINS,
  ...ENCODING_BUILTINS,
  ...CRYPTO_BUILTINS,
  ...JWT_BUILTINS,
  ...REGEX_BUILTINS,
  ...GLOB_BUILTINS,
  ...NET_BUILTINS,
  ...SEMVER_BUILTINS,
  ...UNITS_BUILTINS,
  ...UUID_BUILTINS,
  ...GRAPH_BUILTINS,
  ...RUNTIME_BUILTINS,
});

export interface HostBuiltinsOptions extends EvalContextOptions {
  /** Errors abort evaluation (`eval_type_error: ...` thrown) instead of making the call undefined. */
  readonly strict?: boolean;
}

/** A function as the SDK calls it: JSON-decoded arguments in, a value (or JSON bytes) out. */
export type SdkBuiltin = (...args: unknown[]) => unknown;

export interface HostBuiltins {
  /** The `customBuiltins` map for `loadPolicy`. */
  readonly builtins: Readonly<Record<string, SdkBuiltin>>;
  /** Call before each evaluation: pins `time.now_ns` and resets per-evaluation random values. */
  beginEvaluation(): void;
}

/** The host library for one loaded policy. */
export function createHostBuiltins(opts: HostBuiltinsOptions = {}): HostBuiltins {
  const state = new EvaluationState(opts);
  const builtins: Record<string, SdkBuiltin> = {};
  for (const [name, impl] of Object.entries(HOST_IMPLEMENTATIONS)) {
    builtins[hostNameOf(name)] = wrap(name, impl, state, opts.strict ?? false);
  }
  return { builtins, beginEvaluation: () => state.begin() };
}

/** Just the `customBuiltins` map (its clock pins at first use and is never reset). */
export function hostBuiltins(opts: HostBuiltinsOptions = {}): Readonly<Record<string, SdkBuiltin>> {
  return createHostBuiltins(opts).builtins;
}

/**
 * A caller's custom builtin (api.ts CustomBuiltinDecl) as the SDK calls it: a throw makes the call
 * undefined, or in strict mode fails the evaluation with `eval_builtin_error: <name>: <message>`.
 */
export function wrapCustomBuiltin(name: string, fn: SdkBuiltin, strict: boolean): SdkBuiltin {
  return wrap(name, (args) => fn(...args) as Value | undefined, new EvaluationState({}), strict, false);
}

function wrap(name: string, impl: HostImpl, state: EvaluationState, strict: boolean, exact = lookupBuiltin(name)?.exactValues ?? false): SdkBuiltin {
  return (...args: unknown[]) => {
    try {
      if (!exact) return toWire(impl(args as Parameters<HostImpl>[0], state));
      // Exact call (design.md "Exact host calls"): value text in, value text out.
      const result = impl(args.map((a) => decodeValueText(a as string)), state);
      return result === undefined ? undefined : encodeValueText(result as Value);
    } catch (e) {
      const err = e instanceof BuiltinError ? e : new BuiltinError('eval_builtin_error', `${name}: ${failureText(e)}`);
      if (strict) throw new HostBuiltinError(err.code, err.message);
      return undefined;
    }
  };
}

/**
 * The message of a failed call. A JS stack overflow means the implementation (or a library it uses,
 * as yaml.* do) recursed on an operand nested too deep for V8's stack: say so rather than leak V8's text.
 */
function failureText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // V8's RangeError, as thrown or as a library rewords it (yaml: "... exceeded at line 1, column 801")
  if (/Maximum call stack size exceeded/.test(text)) return 'value nested too deep for this builtin (JavaScript stack exhausted)';
  return text;
}
