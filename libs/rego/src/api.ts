/**
 * Types of the toolchain's public API: what the control plane, the agent, the CLI
 * and the conformance harness call. Implementations live in compile.ts,
 * testing/, host/ and bundle/; this file only fixes the shapes they agree on.
 */
import type { Diagnostic } from './diagnostics';
import type { RegoType } from './builtins/types';
import type { RegoVersion } from './syntax/ast';

/**
 * A builtin the caller implements in JS (OPA's custom builtins): declared here for the compiler
 * (arity and types), implemented in `LoadOptions.customBuiltins` of `RegoPolicy` under the same
 * name. It runs on the host like our own host builtins (JSON arguments and result; a result
 * declared as a set may be returned as an array). May also supply a builtin we lack (`http.send`),
 * not replace one we implement.
 */
export interface CustomBuiltinDecl {
  /** Dotted name, e.g. `acme.lookup`. */
  readonly name: string;
  readonly args: readonly RegoType[];
  /** Undefined for a builtin without a result (called for its effect). */
  readonly result?: RegoType;
}

/** One Rego module: a file path (used in diagnostics) and its text. */
export interface RegoModuleSource {
  readonly path: string;
  readonly source: string;
}

export interface CompileOptions {
  readonly modules: readonly RegoModuleSource[];
  /**
   * Entrypoints as data paths, slash- or dot-separated, with or without `data.`:
   * `authz/allow`, `data.authz.allow`. A package path yields the package's document.
   * When empty, every rule (not function) of every package becomes an entrypoint.
   */
  readonly entrypoints?: readonly string[];
  /** A query to plan as entrypoint 0 instead of (or before) the entrypoints, e.g. `data.x.p = y`. */
  readonly query?: string;
  /** Syntax of modules that do not say otherwise. Default 1. */
  readonly regoVersion?: RegoVersion;
  /** Keep `print()` calls (to the host's log); erased otherwise. */
  readonly enablePrint?: boolean;
  /** Report OPA's strict-mode errors (unused locals and imports, ...). */
  readonly strict?: boolean;
  /** Builtin errors abort evaluation (`eval_builtin_error`/`eval_type_error`) instead of being undefined. */
  readonly strictBuiltinErrors?: boolean;
  /** Builtins implemented by the caller on the host (see CustomBuiltinDecl). */
  readonly customBuiltins?: readonly CustomBuiltinDecl[];
  /** Run the IR optimisation stage (loop-invariant lookups hoisted, `plan/hoist.ts`). Default true; off is for comparisons. */
  readonly optimize?: boolean;
}

export interface CompiledPolicy {
  /** The module: OPA wasm ABI 1.2, loads in @open-policy-agent/opa-wasm. */
  readonly wasm: Uint8Array;
  /** Entrypoint name (`authz/allow`) → id, as the module's `entrypoints()` reports. */
  readonly entrypoints: Readonly<Record<string, number>>;
  /** Names of host builtins the module calls through opa_builtinN (as listed by `builtins()`). */
  readonly hostBuiltins: readonly string[];
  /** Warnings only; errors throw RegoCompileError. */
  readonly warnings: readonly Diagnostic[];
  /** Time spent per stage, milliseconds (parse, check, plan, optimize, emit). */
  readonly timings: Readonly<Record<string, number>>;
}

/** The outcome of one `test_*` rule. */
export interface RegoTestResult {
  /** `data.pkg.test_name`. */
  readonly name: string;
  readonly package: string;
  readonly file: string;
  readonly passed: boolean;
  /** Evaluation error text, when the test errored rather than evaluated to false/undefined. */
  readonly error?: string;
  readonly durationMs: number;
}
