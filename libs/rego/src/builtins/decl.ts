/**
 * The shape of one builtin declaration and the helper the tables are written with.
 * The tables themselves are in decls-*.ts, one per group of families.
 */
import type { RegoType } from './types';

/**
 * Where a builtin runs:
 * - `native`: our wasm runtime exports it (a `vg_builtin_*` function listed in `wasm/runtime-api.ts`);
 * - `host`: a TypeScript function in `src/host/`, registered with the SDK as `vigil.<name>` and
 *   reached through `opa_builtinN`;
 * - `compiler`: never called at run time, because the compiler plans it itself (`eq`, `assign`)
 *   or rewrites it into another builtin (`print` → `internal.print`);
 * - `unsupported`: a known OPA builtin we do not implement: compiling a call is
 *   `rego_unsupported_builtin_error`.
 */
export type BuiltinImpl = 'native' | 'host' | 'compiler' | 'unsupported';

/** Families, for grouping in docs. */
export type BuiltinCategory =
  | 'comparison'
  | 'arithmetic'
  | 'bits'
  | 'aggregates'
  | 'arrays'
  | 'sets'
  | 'objects'
  | 'strings'
  | 'regex'
  | 'glob'
  | 'types'
  | 'conversion'
  | 'numbers'
  | 'encoding'
  | 'time'
  | 'jwt'
  | 'crypto'
  | 'net'
  | 'semver'
  | 'units'
  | 'uuid'
  | 'random'
  | 'graph'
  | 'internal'
  | 'debugging'
  | 'runtime'
  | 'other';

/** One builtin as the compiler sees it. */
export interface BuiltinDef {
  /** OPA's name, dotted: `io.jwt.decode`. */
  readonly name: string;
  readonly category: BuiltinCategory;
  /** Declared argument types; the arity is `args.length` unless `variadic` is set. */
  readonly args: readonly RegoType[];
  /** For `print`: any number of arguments of this type. */
  readonly variadic?: RegoType;
  /** Result type; `undefined` for builtins that are statements without an output (`print`, `internal.print`). */
  readonly result?: RegoType;
  /**
   * The builtin yields several results, one per solution (OPA's "relation", e.g. `walk`):
   * `walk(x, [path, value])` iterates rather than returning one value.
   */
  readonly relation: boolean;
  readonly impl: BuiltinImpl;
  /** False when two calls with the same arguments may differ (clock, randomness, signatures). */
  readonly deterministic: boolean;
  /** Deprecated in OPA: calling it is a compile error in Rego v1. */
  readonly deprecated: boolean;
  /** The infix operator that parses to this builtin, if any (`==`, `+`, `in`, ...). */
  readonly infix?: string;
  /** For `host`: the name the module lists in `builtins()` and the SDK looks up (`vigil.<name>`). */
  readonly hostName?: string;
  /**
   * For `host`: arguments and result cross the SDK as Rego value text instead of JSON, so the
   * implementation sees sets, integers beyond 2^53 and non-string keys as they are (design.md,
   * "Exact host calls"). For builtins whose answer depends on them; it costs a text round trip.
   */
  readonly exactValues: boolean;
}

export interface RowOptions {
  readonly impl?: BuiltinImpl;
  readonly deterministic?: boolean;
  readonly deprecated?: boolean;
  readonly relation?: boolean;
  readonly infix?: string;
  readonly variadic?: RegoType;
  readonly exactValues?: boolean;
}

/** The private name a host builtin is registered under (the SDK's own builtins win over same-named custom ones). */
export function hostNameOf(name: string): string {
  return `vigil.${name}`;
}

/** Builds one table row; everything not given is: unsupported, deterministic, not deprecated, not a relation. */
export function def(
  category: BuiltinCategory,
  name: string,
  args: readonly RegoType[],
  result: RegoType | undefined,
  opts: RowOptions = {},
): BuiltinDef {
  const impl = opts.impl ?? 'unsupported';
  return {
    name,
    category,
    args,
    variadic: opts.variadic,
    result,
    relation: opts.relation ?? false,
    impl,
    deterministic: opts.deterministic ?? true,
    deprecated: opts.deprecated ?? false,
    infix: opts.infix,
    hostName: impl === 'host' ? hostNameOf(name) : undefined,
    exactValues: impl === 'host' && (opts.exactValues ?? false),
  };
}
