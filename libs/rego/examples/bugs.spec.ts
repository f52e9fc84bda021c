/**
 * Compiler and runtime bugs found by the example suites and the fuzzers, each as the smallest
 * policy that shows it, with OPA's answer as the expectation. They are `it.failing` while the bug
 * stands: when one is fixed its case starts to fail here, so move it to a plain `it` (or delete
 * it if a spec of the owning stage now covers it) and turn the `todo_test_` rules it names in the
 * suites back into tests. BUGS.md has the same list with the analysis.
 */
import { compilePolicy, RegoCompileError, RegoEvalError, RegoPolicy } from '../src';

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

async function loadRego(source: string, opts: Parameters<typeof RegoPolicy.load>[1] = {}): Promise<RegoPolicy> {
  return RegoPolicy.load(compilePolicy({ modules: [{ path: 'bug.rego', source }] }).wasm, opts);
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const KIND = 'package b\nkind := type_name(input)\ndata_kind := type_name(data.x)\nmarshalled := json.marshal(input)\n';

describe('known bugs (examples/BUGS.md)', () => {
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

  // #6 (limits spec): input nested deeper than the runtime's JSON cap (1,000) is "not valid JSON", an internal_error.
  it.failing('#6 input nested 10,000 levels deep is evaluated (OPA decodes up to 10,000)', async () => {
    const p = await loadRego(KIND);
    expect(p.evaluateJson(`${'['.repeat(10_000)}1${']'.repeat(10_000)}`, 'b/kind')).toEqual([{ result: 'array' }]);
  });

  // #7 (limits spec): malformed JSON text through evaluateJson is an internal_error, not invalid_input.
  it.failing('#7 malformed JSON input is RegoEvalError invalid_input', async () => {
    const p = await loadRego(KIND);
    const e = errorOf(() => p.evaluateJson('{"a": ', 'b/kind'));
    expect(e).toBeInstanceOf(RegoEvalError);
    expect((e as RegoEvalError).code).toBe('invalid_input');
  });

  // #8 (limits spec): maxInputBytes is checked for scalars and JSON text, not for objects and arrays.
  it.failing('#8 an object input over maxInputBytes is refused with input_too_large', async () => {
    const p = await loadRego(KIND, { maxInputBytes: 100 });
    const e = errorOf(() => p.evaluate({ a: 'x'.repeat(1000) }, 'b/kind'));
    expect((e as RegoEvalError | undefined)?.code).toBe('input_too_large');
  });

  // #9 (limits spec): a JS value too deep for JSON.stringify is reported as memory_limit.
  it.failing('#9 data too deep to serialise is not reported as a memory limit', async () => {
    const p = await loadRego(KIND);
    let nested: unknown = 1;
    for (let i = 0; i < 10_000; i++) nested = [nested];
    const e = errorOf(() => p.setData({ x: nested }));
    expect(e === undefined || (e as RegoEvalError).code !== 'memory_limit').toBe(true);
  });

  // #10 (eval fuzzer): numbers outside float64 lose their text through json.marshal.
  it.failing('#10 json.marshal keeps the text of numbers JS cannot hold, as OPA does', async () => {
    const p = await loadRego(KIND);
    expect(p.evaluateJson('[1e400, 1.0000000000000000000001, 1e-400]', 'b/marshalled')).toEqual([{ result: '[1e400,1.0000000000000000000001,1e-400]' }]);
  });
});
