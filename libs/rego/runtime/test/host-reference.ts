/**
 * Test support for differential specs of the native builtins: the host implementations (src/host)
 * as the reference they are compared with, and the random strings those specs feed both.
 */
import fc from 'fast-check';
import { HOST_IMPLEMENTATIONS } from '../../src/host';
import { BuiltinError } from '../../src/host/errors';

/** Host implementation of `name` on JSON values: its result, or { error } worded as the runtime words it. */
export function hostCall(name: string, ...args: unknown[]): unknown {
  try {
    const r = HOST_IMPLEMENTATIONS[name](args as never, {} as never);
    return r === undefined ? undefined : JSON.parse(JSON.stringify(r));
  } catch (e) {
    if (e instanceof BuiltinError) return { error: `${e.code}: ${e.message}` };
    throw e;
  }
}

/** Strings of at most `maxLength` characters (code points) drawn from `alphabet`. */
export function stringsOf(alphabet: string, maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...Array.from(alphabet)), { maxLength }).map((cs) => cs.join(''));
}
