/**
 * Rule indexing must not change results: the same policy planned with indexing off, with guard
 * blocks and with `Switch` gives the same result set for random inputs (through the real SDK).
 */
import fc from 'fast-check';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { inputArg, loadRego } from './e2e-util';
import { printRego } from './spec-util';

const SRC = `
  package authz
  allow if input.role == "admin"
  allow if { input.role == "dev"; input.action == "read" }
  allow if { input.role == "dev"; input.action == "write"; input.owner == true }
  allow if { "ops" == input.role; input.action = "restart" }
  allow if { input.role == 1; input.action == "read" }
  allow if { input.role == null }
  allow if { input.role == false }
  allow if input.emergency

  grants contains g if { input.role == "admin"; g := "all" }
  grants contains g if { input.role == "dev"; some g in input.extra }
  grants contains g if { input.role == "dev"; g := "code" }
  grants contains "x" if input.role == "ops"
  grants contains "y" if input.role == "ops"

  level := 3 if input.role == "admin"
  level := 2 if input.role == "dev"
  level := 1 if input.role == "ops"
  level := 2 if { input.role == "dev"; input.action == "read" }
  level := 9 if { input.role == "qa"; input.action == "read" }
  level := 8 if { input.role == "qa"; input.action == "write" }
  level := 7 if { input.role == "ops"; input.action == "x" }
`;
const ENTRYPOINTS = ['authz/allow', 'authz/grants', 'authz/level'];

const inputArb = fc.record(
  {
    role: fc.constantFrom('admin', 'dev', 'ops', 'qa', 'other', 1, 1.5, null, false, true),
    action: fc.constantFrom('read', 'write', 'restart', 'x'),
    owner: fc.boolean(),
    emergency: fc.boolean(),
    extra: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** Each entrypoint's result set, or its abort text (conflicts must survive indexing). */
function evaluateAll(p: LoadedPolicy, input: unknown): unknown[] {
  return ENTRYPOINTS.map((ep) => {
    try {
      return p.evaluate(inputArg(input), ep);
    } catch (e) {
      return `error: ${String(e)}`;
    }
  });
}

describe('rule indexing', () => {
  it('groups the bodies (the plan has a Switch over input.role)', () => {
    const ir = printRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'switch', ruleIndexMinBodies: 3 });
    expect(ir).toMatch(/Switch %\d+\n\s+case "admin"/);
    const off = printRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'off' });
    expect(off).not.toMatch(/Switch/);
  });

  it('gives the same results as evaluating every body', async () => {
    const off = await loadRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'off' });
    const guards = await loadRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'guards', ruleIndexMinBodies: 2 });
    const sw = await loadRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'switch', ruleIndexMinBodies: 2 });
    fc.assert(
      fc.property(inputArb, (input) => {
        const want = evaluateAll(off, input);
        expect(evaluateAll(guards, input)).toEqual(want);
        expect(evaluateAll(sw, input)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps conflicts between indexed bodies', async () => {
    const p = await loadRego(SRC, { entrypoints: ENTRYPOINTS, ruleIndex: 'switch', ruleIndexMinBodies: 2 });
    expect(evaluateAll(p, { role: 'ops', action: 'x' })[2]).toMatch(/^error: eval_conflict_error: complete rules must not produce multiple outputs/);
    expect(evaluateAll(p, { role: 'dev', action: 'read' })[2]).toEqual([{ result: 2 }]);
  });
});
