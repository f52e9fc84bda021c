/** The engine's view of the host builtin library (src/host): one instance per loaded policy. */
import { createHostBuiltins as createLibrary } from '../host';

export interface HostBuiltinsHandle {
  readonly builtins: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  beginEvaluation(): void;
}

export function createHostBuiltins(opts: { strict: boolean; onPrint?: (message: string) => void }): HostBuiltinsHandle {
  return createLibrary({ strict: opts.strict, onPrint: opts.onPrint });
}
