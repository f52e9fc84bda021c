/**
 * Where a builtin call goes: a runtime export (`native`) or the host through `opa_builtinN`
 * (`host`, under its registered name). Host ids are assigned here, deterministically: the
 * registered names the policy uses, sorted, numbered from 0.
 */
import { lookupBuiltin, builtinUseError, hostResultIsSet } from '../builtins/registry';
import { RegoCompileError, diagnostic, invariant, type Location } from '../diagnostics';
import type { Policy } from '../plan/ir';
import { MAX_HOST_BUILTIN_ARITY } from './abi';
import { NATIVE_BUILTINS, type RuntimeFunctionName } from './runtime-api';

export type BuiltinBinding = (
  | { readonly kind: 'native'; readonly export: RuntimeFunctionName }
  | {
      readonly kind: 'host';
      /** The name listed in `builtins()` and looked up by the SDK (`vigil.<name>`). */
      readonly hostName: string;
      /** The host returns an array that must become a set (JSON has no sets). */
      readonly resultIsSet: boolean;
      /** Arguments and result cross as Rego value text (`vg_value_text` / `vg_value_from_text`). */
      readonly exact?: boolean;
    }
) & {
  /** No result (`internal.print`): called for its effect, the call is always defined. */
  readonly void?: boolean;
};

/** Resolves a builtin name to its binding, or undefined when it cannot be called from wasm. */
export type BuiltinResolver = (name: string) => BuiltinBinding | undefined;

/** The registry's answer: `NATIVE_BUILTINS` first, then registry entries marked `host`. */
export const registryResolver: BuiltinResolver = (name) => {
  const def = lookupBuiltin(name);
  const isVoid = def !== undefined && def.result === undefined;
  const native = NATIVE_BUILTINS[name];
  if (native !== undefined) return { kind: 'native', export: native, void: isVoid };
  if (def?.impl === 'host' && def.hostName !== undefined) {
    return { kind: 'host', hostName: def.hostName, resultIsSet: hostResultIsSet(def), exact: def.exactValues, void: isVoid };
  }
  return undefined;
};

export interface HostBuiltin {
  readonly id: number;
  readonly hostName: string;
  readonly resultIsSet: boolean;
  readonly exact: boolean;
}

/** The bindings of every builtin a policy declares, with host ids. */
export class BuiltinTable {
  private readonly bindings = new Map<string, BuiltinBinding>();
  private readonly hostByName = new Map<string, HostBuiltin>();

  constructor(policy: Policy, private readonly resolver: BuiltinResolver) {
    for (const b of policy.static.builtins) {
      const binding = resolver(b.name);
      if (binding) this.bindings.set(b.name, binding);
    }
    const hostNames = [...this.bindings.values()]
      .flatMap((b) => (b.kind === 'host' ? [b] : []))
      .sort((a, b) => (a.hostName < b.hostName ? -1 : a.hostName > b.hostName ? 1 : 0));
    for (const b of hostNames) {
      if (!this.hostByName.has(b.hostName)) {
        this.hostByName.set(b.hostName, { id: this.hostByName.size, hostName: b.hostName, resultIsSet: b.resultIsSet, exact: b.exact ?? false });
      }
    }
  }

  /** Host builtins by id order: what `builtins()` lists. */
  get hostBuiltins(): readonly HostBuiltin[] {
    return [...this.hostByName.values()];
  }

  /**
   * The binding of a called builtin; a compile error (OPA's wording where it has one) when the
   * builtin cannot run here, or a host builtin has more arguments than `opa_builtinN` can pass.
   */
  resolve(name: string, arity: number, loc: Location | undefined): { binding: BuiltinBinding; host?: HostBuiltin } {
    const binding = this.bindings.get(name) ?? this.resolver(name);
    const where = loc ?? { file: '', row: 0, col: 0 };
    if (!binding) {
      const err = builtinUseError(name) ?? { code: 'rego_unsupported_builtin_error' as const, message: `built-in function ${name} is not supported by the wasm target` };
      throw new RegoCompileError([diagnostic(err.code, err.message, where)]);
    }
    if (binding.kind === 'native') return { binding };
    const host = this.hostByName.get(binding.hostName);
    invariant(host !== undefined, `host builtin ${name} is called but not listed in Policy.static.builtins`);
    if (arity > MAX_HOST_BUILTIN_ARITY) {
      throw new RegoCompileError([
        diagnostic('rego_unsupported_builtin_error', `built-in function ${name} takes ${arity} arguments; host builtins take at most ${MAX_HOST_BUILTIN_ARITY}`, where),
      ]);
    }
    return { binding, host };
  }
}
