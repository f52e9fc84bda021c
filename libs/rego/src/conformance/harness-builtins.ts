/**
 * Builtins that only OPA's own test harness registers, which some conformance cases call.
 * They are custom builtins (api.ts) of this harness, never part of the registry: a policy
 * outside the harness calling them gets `undefined function`.
 *
 * - `test.sleep(duration)`: blocks for a Go duration ("10ms"). `time/time caching` sleeps
 *   between two `time.now_ns()` calls to check that the clock is pinned per evaluation.
 */
import type { CustomBuiltinDecl } from '../api';
import { HOST_IMPLEMENTATIONS } from '../host';
import { EvaluationState } from '../host/context';

export const HARNESS_BUILTIN_DECLS: readonly CustomBuiltinDecl[] = [{ name: 'test.sleep', args: [{ kind: 'string' }], result: { kind: 'null' } }];

const parseDuration = HOST_IMPLEMENTATIONS['time.parse_duration_ns'];
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const HARNESS_BUILTINS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  'test.sleep': (d: unknown) => {
    const ns = Number(parseDuration([d as string], new EvaluationState({})));
    // Host builtins are synchronous (the SDK does not await), so block the thread.
    Atomics.wait(sleeper, 0, 0, ns / 1e6);
    return null;
  },
};
