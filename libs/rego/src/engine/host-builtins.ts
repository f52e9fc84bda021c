/** The engine's view of the host builtin library (src/host): one instance per loaded policy. */
import { hostNameOf } from '../builtins/decl';
import { createHostBuiltins as createLibrary, wrapCustomBuiltin } from '../host';

export interface HostBuiltinsHandle {
  readonly builtins: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  beginEvaluation(): void;
}

export function createHostBuiltins(opts: {
  strict: boolean;
  onPrint?: (message: string) => void;
  custom?: Readonly<Record<string, (...args: unknown[]) => unknown>>;
}): HostBuiltinsHandle {
  const library = createLibrary({ strict: opts.strict, onPrint: opts.onPrint });
  if (!opts.custom) return library;
  // Custom builtins are registered like ours (vigil.<name>), with the same error handling.
  const builtins = { ...library.builtins };
  for (const [name, fn] of Object.entries(opts.custom)) builtins[hostNameOf(name)] = wrapCustomBuiltin(name, fn, opts.strict);
  return { builtins, beginEvaluation: () => library.beginEvaluation() };
}
