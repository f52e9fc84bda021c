/**
 * The builtin registry: every OPA v1 builtin the compiler knows, with its declared
 * types, where it runs (native runtime, host, compiler, or unsupported), whether it
 * is deterministic and whether v1 forbids it. The type checker, the planner, codegen
 * and the docs table read it; nothing else decides these facts.
 */
import type { DiagnosticCode } from '../diagnostics';
import type { BuiltinDef, BuiltinImpl } from './decl';
import { CORE_BUILTINS } from './decls-core';
import { EXT_BUILTINS } from './decls-ext';

export type { BuiltinCategory, BuiltinDef, BuiltinImpl } from './decl';
export { hostNameOf } from './decl';

/** Every builtin, sorted by name. */
export const BUILTINS: readonly BuiltinDef[] = [...CORE_BUILTINS, ...EXT_BUILTINS].sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);

const byName = new Map<string, BuiltinDef>(BUILTINS.map((b) => [b.name, b]));
const byHostName = new Map<string, BuiltinDef>(
  BUILTINS.filter((b) => b.hostName !== undefined).map((b) => [b.hostName as string, b]),
);
/** Every dotted prefix of a builtin name (`io`, `io.jwt`), to tell builtin namespaces from packages. */
const namespaces = new Set<string>(
  BUILTINS.flatMap((b) => {
    const parts = b.name.split('.');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
  }),
);

/** The builtin named `name` (`io.jwt.decode`), or undefined. */
export function lookupBuiltin(name: string): BuiltinDef | undefined {
  return byName.get(name);
}

export function isBuiltin(name: string): boolean {
  return byName.has(name);
}

/** The builtin a module's `builtins()` entry (`vigil.sprintf`) stands for. */
export function lookupByHostName(hostName: string): BuiltinDef | undefined {
  return byHostName.get(hostName);
}

/** True for `io`, `io.jwt`, `time`, ...: a ref starting here may name a builtin. */
export function isBuiltinNamespace(prefix: string): boolean {
  return namespaces.has(prefix);
}

export function builtinsByImpl(impl: BuiltinImpl): readonly BuiltinDef[] {
  return BUILTINS.filter((b) => b.impl === impl);
}

/** Number of arguments a call must have, or `undefined` for variadic builtins (`print`). */
export function arityOf(b: BuiltinDef): number | undefined {
  return b.variadic ? undefined : b.args.length;
}

/**
 * True when the host returns this builtin's result as an array that codegen must turn
 * into a set (values cross the host boundary as JSON, which has no sets).
 */
export function hostResultIsSet(b: BuiltinDef): boolean {
  return b.result?.kind === 'set';
}

/** A compile-time problem with calling `name` at all (before arity and types are checked). */
export interface BuiltinUseError {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/**
 * Why a call to `name` cannot compile, in OPA's wording where OPA has one:
 * unknown → `rego_type_error` "undefined function <name>"; deprecated in v1 →
 * `rego_type_error` "deprecated built-in function calls in expression: <name>";
 * known but not implemented here → `rego_unsupported_builtin_error`.
 * Returns undefined when the call may proceed. User functions are resolved before this.
 */
export function builtinUseError(name: string, regoVersion: 0 | 1 = 1): BuiltinUseError | undefined {
  const b = byName.get(name);
  if (!b) return { code: 'rego_type_error', message: `undefined function ${name}` };
  if (b.deprecated && regoVersion === 1) {
    return { code: 'rego_type_error', message: `deprecated built-in function calls in expression: ${name}` };
  }
  if (b.impl === 'unsupported') {
    return { code: 'rego_unsupported_builtin_error', message: `built-in function ${name} is not supported by the wasm target` };
  }
  return undefined;
}

/**
 * The registry as the check passes' `BuiltinLookup` (check/builtin-api.ts): `get` answers for
 * builtins that can be compiled (native, host, compiler), `isKnownUnsupported` for the rest.
 */
export const registryLookup = {
  get(name: string): BuiltinDef | undefined {
    const b = byName.get(name);
    return b && b.impl !== 'unsupported' ? b : undefined;
  },
  isKnownUnsupported(name: string): boolean {
    return byName.get(name)?.impl === 'unsupported';
  },
};
