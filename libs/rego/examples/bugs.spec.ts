/**
 * Compiler and runtime bugs found by the example suites and the fuzzers, each as the smallest
 * policy that shows it, with OPA's answer as the expectation. They are `it.failing` while the bug
 * stands: when one is fixed its case starts to fail here, so move it to a plain `it` (or delete
 * it if a spec of the owning stage now covers it) and turn the `todo_test_` rules it names in the
 * suites back into tests. BUGS.md has the same list with the analysis.
 */
import { compilePolicy, RegoCompileError, RegoPolicy } from '../src';

function compileError(source: string): unknown {
  try {
    compilePolicy({ modules: [{ path: 'bug.rego', source }] });
  } catch (e) {
    return e;
  }
  return undefined;
}

async function evalRego(source: string, entrypoint: string, input?: unknown): Promise<unknown> {
  const compiled = compilePolicy({ modules: [{ path: 'bug.rego', source }], entrypoints: [entrypoint] });
  const policy = await RegoPolicy.load(compiled.wasm);
  return policy.evaluate(input, entrypoint)[0]?.result;
}

describe('known bugs (examples/BUGS.md)', () => {
  // #1: sets reach host builtins as JSON arrays, so sprintf prints a set as an array.
  it.failing('#1 sprintf("%v") prints sets as sets', async () => {
    const src = 'package b\nmsg := sprintf("labels: %v, nested: %v", [{"owner", "app"}, {"x": {1}}])';
    expect(await evalRego(src, 'b/msg')).toBe('labels: {"app", "owner"}, nested: {"x": {1}}');
  });

  // #2: division of integers beyond 2^53 rounds to float64; OPA divides with a 64-bit mantissa.
  it.failing('#2 time.now_ns() / 1e9 keeps the nanoseconds of a large integer', async () => {
    const src = 'package b\nbefore_exp if 1769903999999999999 / 1000000000 < 1769904000';
    expect(await evalRego(src, 'b/before_exp')).toBe(true);
  });

  // #3 (fuzzer): a set literal holding the var it is unified with reaches the planner.
  it.failing('#3 s = {"a", s} is rego_unsafe_var_error, not an internal error', () => {
    const e = compileError('package b\nimport rego.v1\np if { s = {"a", s} }');
    expect(e).toBeInstanceOf(RegoCompileError);
    expect((e as RegoCompileError).diagnostics.map((d) => d.code)).toEqual(['rego_unsafe_var_error']);
  });

  // #4 (fuzzer): a builtin's name as a `with` value for input/data reaches the planner as a var.
  it.failing('#4 `with input as count` is a compile error, not an internal error', () => {
    expect(compileError('package b\nimport rego.v1\np if { input.x with input as count }')).toBeInstanceOf(RegoCompileError);
  });

  // #5 (fuzzer): `some x in <domain that reads x>` reaches the planner.
  it.failing('#5 some x in data.xs[x.k] is a compile error, not an internal error', () => {
    expect(compileError('package b\nimport rego.v1\np if { some x in data.xs[x.k] }')).toBeInstanceOf(RegoCompileError);
  });
});
