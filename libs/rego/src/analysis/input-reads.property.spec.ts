/**
 * Soundness of `policyReadsInput`, by evaluation: random policies built from the ways rules touch
 * input (direct reads, aliases, functions given input, whole-value uses, dynamic keys, `with`,
 * dynamic data refs, mocked functions) are compiled and run with several values of `input.vigil`.
 * Wherever the analysis says the entrypoints cannot read `input.vigil`, every entrypoint's result
 * must be the same for all of them.
 */
import fc from 'fast-check';
import { compilePolicy } from '../compile';
import { RegoPolicy } from '../engine/policy';
import { policyReadsInput } from './input-reads';

/** Rule i of package `a`; `j` is an earlier rule (or -1 when there is none). */
type Template = (i: number, j: number) => string;

const TEMPLATES: readonly Template[] = [
  (i) => `r${i} := input.user`,
  (i) => `r${i} := input.vigil`,
  (i) => `r${i} := count(input)`,
  (i) => `r${i} if input == {"user": "alice", "key": "vigil", "which": "r0"}`,
  (i) => `r${i} if { x := input; x.user == "alice" }`,
  (i) => `r${i} if { x := input; y := x; y.vigil.level > 0 }`,
  (i) => `f${i}(x) := x.user\nr${i} := f${i}(input)`,
  (i) => `f${i}(x) := x\nr${i} := count(f${i}(input))`,
  (i) => `f${i}(x) := y if { y := x.vigil }\nr${i} := f${i}(input)`,
  (i) => `f${i}(x, k) := x[k]\nr${i} := f${i}(input, input.key)`,
  (i) => `r${i} := [k | some k, _ in input]`,
  (i) => `r${i} := input[input.key]`,
  (i) => `r${i} := object.get(input, "vigil", 0)`,
  (i) => `r${i} := {k: v | some k, v in input; k != "user"}`,
  (i) => `r${i} if { every k, _ in input { k != "vigil" } }`,
  (i) => `r${i} if { input.vigil.level == 1 } else := input.user`,
  (i, j) => (j < 0 ? `r${i} := 1` : `r${i} if r${j} with input as {"user": "bob", "vigil": {"level": 1}}`),
  (i, j) => (j < 0 ? `r${i} := 2` : `r${i} := y if { y := r${j} with input.user as "carol" }`),
  (i, j) => (j < 0 ? `r${i} := 3` : `r${i} := data.a.r${j}`),
  (i, j) => (j < 0 ? `r${i} := 4` : `r${i} if { not r${j} }`),
  (i) => `r${i} := [v | v := data.b.quiet[input.which]]`,
  (i) => `r${i} := [v | v := data.b[input.which].x]`,
  (i) => `f${i}(x) := x.user\ng${i}(x) := count(x)\nr${i} := y if { y := f${i}(input) with data.a.f${i} as g${i} }`,
  (i) => `f${i}(x) := x.user\nr${i} := y if { y := f${i}(input) with data.a.f${i} as count }`,
];

/** Targets of dynamic data refs: `data.b.quiet[k]` never reads input.vigil, `data.b[k].x` may. */
const B = { path: 'b.rego', source: 'package b\n\nquiet.r0 := input.user\nquiet.r1 := 1\nr0.x := input.user\nr1.x := input.vigil\n' };

const INPUTS = [undefined, { level: 1 }, { level: 0 }, 'x'].map((vigil) => ({ user: 'alice', key: 'vigil', which: 'r0', ...(vigil === undefined ? {} : { vigil }) }));

const policies = fc
  .array(fc.nat(TEMPLATES.length - 1), { minLength: 1, maxLength: 5 })
  .chain((picks) =>
    fc.record({
      rules: fc.constant(picks.map((t, i) => (TEMPLATES[t] as Template)(i, i - 1))),
      entrypoints: fc.subarray(picks.map((_, i) => `a/r${i}`), { minLength: 1 }),
    }),
  );

describe('policyReadsInput soundness on random policies', () => {
  it('results never depend on input.vigil where the analysis says it is not read', async () => {
    let unread = 0;
    await fc.assert(
      fc.asyncProperty(policies, async ({ rules, entrypoints }) => {
        const modules = [{ path: 'a.rego', source: `package a\n\n${rules.join('\n')}\n` }, B];
        const analysis = policyReadsInput({ modules, entrypoints, path: ['vigil'] });
        if (analysis.reads) return;
        unread++;
        const compiled = compilePolicy({ modules, entrypoints });
        const policy = await RegoPolicy.load(compiled.wasm);
        policy.setData({});
        const results = INPUTS.map((input) => JSON.stringify(entrypoints.map((ep) => outcome(policy, input, ep))));
        expect(new Set(results).size).toBe(1);
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(unread).toBeGreaterThan(30); // the property was exercised, not vacuous
  }, 120_000);
});

function outcome(policy: RegoPolicy, input: unknown, ep: string): unknown {
  try {
    return policy.evaluate(input, ep);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}
