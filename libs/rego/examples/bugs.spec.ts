/**
 * Compiler and runtime bugs found by the example suites and the fuzzers, each as the smallest
 * policy that shows it, with OPA's answer as the expectation. They are `it.failing` while the bug
 * stands: when one is fixed its case starts to fail here, so move it to a plain `it` (or delete
 * it if a spec of the owning stage now covers it) and turn the `todo_test_` rules it names in the
 * suites back into tests. BUGS.md has the same list with the analysis.
 */
import { compilePolicy, RegoPolicy } from '../src';

async function evalRego(source: string, entrypoint: string, input?: unknown): Promise<unknown> {
  const compiled = compilePolicy({ modules: [{ path: 'bug.rego', source }], entrypoints: [entrypoint] });
  const policy = await RegoPolicy.load(compiled.wasm);
  return policy.evaluate(input, entrypoint)[0]?.result;
}

async function loadRego(source: string, opts: Parameters<typeof RegoPolicy.load>[1] = {}): Promise<RegoPolicy> {
  return RegoPolicy.load(compilePolicy({ modules: [{ path: 'bug.rego', source }] }).wasm, opts);
}

const KIND = 'package b\nkind := type_name(input)\ndata_kind := type_name(data.x)\nmarshalled := json.marshal(input)\n';

describe('known bugs (examples/BUGS.md)', () => {
  // #2: division of integers beyond 2^53 rounds to float64; OPA divides with a 64-bit mantissa.
  it.failing('#2 time.now_ns() / 1e9 keeps the nanoseconds of a large integer', async () => {
    const src = 'package b\nbefore_exp if 1769903999999999999 / 1000000000 < 1769904000';
    expect(await evalRego(src, 'b/before_exp')).toBe(true);
  });

  // #10 (eval fuzzer): numbers outside float64 lose their text through json.marshal.
  it.failing('#10 json.marshal keeps the text of numbers JS cannot hold, as OPA does', async () => {
    const p = await loadRego(KIND);
    expect(p.evaluateJson('[1e400, 1.0000000000000000000001, 1e-400]', 'b/marshalled')).toEqual([{ result: '[1e400,1.0000000000000000000001,1e-400]' }]);
  });
});
