/** Test support: calling host implementations directly, and checking errors against OPA cases. */
import { EvaluationState } from '../context';
import { BuiltinError } from '../errors';
import { HOST_IMPLEMENTATIONS } from '../index';
import type { Value } from '../values';
import { normalize, type OpaCase } from './opa-cases';

/** Calls the host implementation of `name`; the result is normalized (safe ints as numbers). */
export function callHost(name: string, args: readonly unknown[], ctx = new EvaluationState({ clock: () => 1_000_000_000n })): unknown {
  const impl = HOST_IMPLEMENTATIONS[name];
  if (!impl) throw new Error(`no host implementation of ${name}`);
  return normalize(impl(args as Value[], ctx));
}

/** The BuiltinError that `fn` throws (fails the test when it returns). */
export function thrown(fn: () => unknown): BuiltinError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BuiltinError) return e;
    throw e;
  }
  throw new Error('expected a BuiltinError, got a result');
}

/** `{code, message}` of the error thrown by calling `name`. */
export function hostError(name: string, args: readonly unknown[]): { code: string; message: string } {
  const e = thrown(() => callHost(name, args));
  return { code: e.code, message: e.message };
}

/** Asserts that calling `name` fails as the OPA case wants (code, and message containing want_error). */
export function expectCaseError(c: OpaCase, name: string, args: readonly unknown[]): void {
  const e = hostError(name, args);
  if (c.want_error_code) expect(e.code).toBe(c.want_error_code);
  // OPA's text may carry a location and the code in front: "test-0.rego:4: eval_type_error: ...".
  const want = (c.want_error ?? '').replace(/^[^ ]*\.rego:\d+: /, '').replace(/^(eval|rego)_[a-z_]+: /, '');
  expect(e.message).toContain(want);
}
