/**
 * Compiler and runtime bugs found by the example suites and the fuzzers, each as the smallest
 * policy that shows it, with OPA's answer as the expectation. They are `it.failing` while the bug
 * stands: when one is fixed its case starts to fail here, so move it to a plain `it` (or delete
 * it if a spec of the owning stage now covers it) and turn the `todo_test_` rules it names in the
 * suites back into tests. BUGS.md has the same list with the analysis.
 */
import { compilePolicy, RegoPolicy } from '../src';

async function loadRego(source: string, opts: Parameters<typeof RegoPolicy.load>[1] = {}): Promise<RegoPolicy> {
  return RegoPolicy.load(compilePolicy({ modules: [{ path: 'bug.rego', source }] }).wasm, opts);
}

const KIND = 'package b\nmarshalled := json.marshal(input)\n';

describe('known bugs (examples/BUGS.md)', () => {
  // #10 (eval fuzzer), fixed: input numbers keep the text they were read with, as in OPA. Kept as
  // the end-to-end regression of the input route (RegoPolicy → SDK → runtime parser → json.marshal).
  it('#10 json.marshal keeps the text of numbers JS cannot hold, as OPA does', async () => {
    const p = await loadRego(KIND);
    expect(p.evaluateJson('[1e400, 1.0000000000000000000001, 1e-400]', 'b/marshalled')).toEqual([{ result: '[1e400,1.0000000000000000000001,1e-400]' }]);
  });
});
