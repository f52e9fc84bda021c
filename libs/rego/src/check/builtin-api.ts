/**
 * What the check passes need to know about builtins. The builtin registry
 * (`src/builtins/registry.ts`) is adapted to this small interface in `check.ts`, so the passes do not
 * depend on how the registry stores its table.
 */

import type { RegoType } from '../builtins/types';

export type { RegoType };

/** One builtin's signature. */
export interface BuiltinSignature {
  /** Dotted name: `count`, `object.get`, `internal.member_2`. */
  readonly name: string;
  /** Declared argument types; their count is the arity unless `variadic` is set. */
  readonly args: readonly RegoType[];
  /** Any number of arguments of this type (`print`). */
  readonly variadic?: RegoType;
  /** Result type; undefined for void builtins (`print`, `internal.print`). */
  readonly result?: RegoType;
  /** Forbidden in v1 modules and in strict mode (`any`, `all`, `re_match`, `set_diff`, `cast_*`, `net.cidr_overlap`). */
  readonly deprecated?: boolean;
  /** Builtins that may produce several outputs (`walk`): never mocked with `with`. */
  readonly relation?: boolean;
}

/** Builtin lookup used by the passes. */
export interface BuiltinLookup {
  /** The signature of a builtin this toolchain implements. */
  get(name: string): BuiltinSignature | undefined;
  /** True for an OPA builtin this toolchain does not implement (→ rego_unsupported_builtin_error). */
  isKnownUnsupported?(name: string): boolean;
  /** The signature of any builtin OPA knows, implemented here or not (a `with` target may mock either). */
  describe?(name: string): BuiltinSignature | undefined;
  /** True for an OPA builtin deprecated in v1, implemented or not. */
  isDeprecated?(name: string): boolean;
}

const T_ANY: RegoType = { kind: 'any' };
const T_BOOLEAN: RegoType = { kind: 'boolean' };

/** Builtins the compiler itself relies on; added to any registry so the core language always checks. */
export const CORE_BUILTINS: readonly BuiltinSignature[] = [
  { name: 'eq', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'assign', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'internal.member_2', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'internal.member_3', args: [T_ANY, T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'print', args: [], variadic: T_ANY, result: undefined },
  { name: 'internal.print', args: [{ kind: 'array', static: [], dynamic: { kind: 'set', of: T_ANY } }], result: undefined },
];
