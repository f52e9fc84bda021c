/**
 * What the check passes need to know about builtins. The builtin registry
 * (`src/builtins/registry.ts`) is adapted to this small interface in `check.ts`, so the passes do not
 * depend on how the registry stores its table.
 */

/** A static type, as OPA's type checker uses them (`any` with members is a union). */
export type RegoType =
  | { readonly kind: 'any'; readonly of?: readonly RegoType[] }
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  | { readonly kind: 'string' }
  | { readonly kind: 'array'; readonly static?: readonly RegoType[]; readonly dynamic?: RegoType }
  | { readonly kind: 'set'; readonly of: RegoType }
  | { readonly kind: 'object'; readonly static?: readonly { key: string; value: RegoType }[]; readonly dynamic?: { key: RegoType; value: RegoType } }
  | { readonly kind: 'function'; readonly args: readonly RegoType[]; readonly result?: RegoType };

/** One builtin's signature. */
export interface BuiltinSignature {
  /** Dotted name: `count`, `object.get`, `internal.member_2`. */
  readonly name: string;
  /** Declared argument types; their count is the arity. */
  readonly args: readonly RegoType[];
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
}

export const T_ANY: RegoType = { kind: 'any' };
export const T_NULL: RegoType = { kind: 'null' };
export const T_BOOLEAN: RegoType = { kind: 'boolean' };
export const T_NUMBER: RegoType = { kind: 'number' };
export const T_STRING: RegoType = { kind: 'string' };

/** Builtins the compiler itself relies on; added to any registry so the core language always checks. */
export const CORE_BUILTINS: readonly BuiltinSignature[] = [
  { name: 'eq', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'assign', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'internal.member_2', args: [T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'internal.member_3', args: [T_ANY, T_ANY, T_ANY], result: T_BOOLEAN },
  { name: 'print', args: [], result: undefined },
  { name: 'internal.print', args: [{ kind: 'array', dynamic: { kind: 'set', of: T_ANY } }], result: undefined },
];
