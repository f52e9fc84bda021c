/**
 * Custom builtins (api.ts `CustomBuiltinDecl`): what the check passes and codegen see of the
 * builtins a caller declares and implements on the host. They take the place of unknown or
 * unsupported names only; replacing a builtin we implement is a caller error.
 */
import type { CustomBuiltinDecl } from './api';
import { hostNameOf } from './builtins/decl';
import { lookupBuiltin } from './builtins/registry';
import type { BuiltinLookup, BuiltinSignature } from './check/builtin-api';
import { registryBuiltins } from './check/check';
import { registryResolver, type BuiltinResolver } from './wasm/builtin-binding';

function byName(custom: readonly CustomBuiltinDecl[]): Map<string, CustomBuiltinDecl> {
  const out = new Map<string, CustomBuiltinDecl>();
  for (const c of custom) {
    const known = lookupBuiltin(c.name);
    if (known && known.impl !== 'unsupported') throw new TypeError(`custom builtin ${c.name} would replace a builtin that is implemented here`);
    out.set(c.name, c);
  }
  return out;
}

/** The registry plus the custom builtins, for `checkProgram`. */
export function customLookup(custom: readonly CustomBuiltinDecl[]): BuiltinLookup {
  const inner = registryBuiltins();
  const own = byName(custom);
  const sig = (name: string): BuiltinSignature | undefined => {
    const c = own.get(name);
    return c && { name: c.name, args: c.args, result: c.result };
  };
  return {
    get: (name) => sig(name) ?? inner.get(name),
    isKnownUnsupported: (name) => !own.has(name) && inner.isKnownUnsupported?.(name) === true,
    isDeprecated: (name) => !own.has(name) && inner.isDeprecated?.(name) === true,
    describe: (name) => sig(name) ?? inner.describe?.(name),
  };
}

/** The registry's resolver plus the custom builtins, reached through `opa_builtinN` as `vigil.<name>`. */
export function customResolver(custom: readonly CustomBuiltinDecl[]): BuiltinResolver {
  const own = byName(custom);
  return (name) => {
    const c = own.get(name);
    if (!c) return registryResolver(name);
    return { kind: 'host', hostName: hostNameOf(name), resultIsSet: c.result?.kind === 'set', void: c.result === undefined };
  };
}
