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

/**
 * The same kind of rules reading input through local aliases and helper rules (Envoy style), plus
 * shapes that must not be seen through: a helper with a condition, a default, an `else`, a helper
 * replaced by `with`, a negated or `with`-carrying alias, an alias through iteration.
 */
const ALIASED = `
  package authz
  resource := input.resource
  req := input
  kind := resource.type
  method := input.attributes.request.http.method
  guarded := input.resource if input.on
  default dflt := {"type": "doc"}
  dflt := input.resource
  chained := input.resource if input.on else := {"type": "doc"}

  allow if { r := input.resource; r.type == "doc"; r.owner == input.user }
  allow if { resource.type == "doc"; method == "GET" }
  allow if { resource.type == "img"; method == "GET"; input.user == "eve" }
  allow if { kind == "vid"; method == "GET"; input.user == "bob" }
  allow if { kind == "img"; req.user == "bob" }
  allow if { r := req.resource; t := r.type; t == "img"; method == "PUT" }
  allow if { guarded.type == "vid" }
  allow if { dflt.type == "doc"; input.user == "eve" }
  allow if { chained.type == "doc"; input.user == "mal" }
  allow if { some r in input.list; r.type == "vid"; method == "DELETE" }
  allow if { r := input.resource with input.resource as {"type": "img"}; r.type == "img"; method == "POST" }
  allow if { not input.resource = {"type": "vid"}; resource.type == "vid"; method == "DELETE" }
  allow if { method == "DELETE"; input.user == "root" }
  allow if { method == "PATCH"; resource.owner == input.user }

  mocked if { allow with data.authz.resource as {"type": "doc"} }
  mocked_kind if { allow with data.authz.kind as "img" }
  mocked_input if { allow with input.resource.type as "doc" }
`;
const ALIASED_ENTRYPOINTS = ['authz/allow', 'authz/mocked', 'authz/mocked_kind', 'authz/mocked_input'];

const aliasedInputArb = fc.record(
  {
    resource: fc.record({ type: fc.constantFrom('doc', 'img', 'vid', 1, null), owner: fc.constantFrom('bob', 'eve') }, { requiredKeys: [] }),
    user: fc.constantFrom('bob', 'eve', 'mal', 'root'),
    on: fc.boolean(),
    list: fc.array(fc.record({ type: fc.constantFrom('doc', 'vid') }), { maxLength: 2 }),
    attributes: fc.record({ request: fc.record({ http: fc.record({ method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH') }, { requiredKeys: [] }) }) }),
  },
  { requiredKeys: [] },
);

/** Each entrypoint's result set, or its abort text (conflicts must survive indexing). */
function evaluateAll(p: LoadedPolicy, input: unknown, entrypoints = ENTRYPOINTS): unknown[] {
  return entrypoints.map((ep) => {
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

  it('sees through local aliases and helper rules of input refs', () => {
    const src = `
      package authz
      resource := input.resource
      req := input
      kind := resource.type
      allow if { r := input.resource; r.type == "a" }
      allow if { resource.type == "b" }
      allow if { kind == "c" }
      allow if { t := req.resource.type; "d" == t }
      mocked if { allow with data.authz.resource as {"type": "b"} }
    `;
    const ir = printRego(src, { entrypoints: ['authz/allow', 'authz/mocked'], ruleIndex: 'switch', ruleIndexMinBodies: 4 });
    const [root, mocked] = ir.split('func g1.data.authz.allow') as [string, string];
    expect(root).toMatch(/Dot input\["resource"\] -> (%\d+)\n\s+Dot \1\["type"\] -> (%\d+)\n\s+Switch \2\n\s+case "a"[^]*case "b"[^]*case "c"[^]*case "d"/);
    expect(root).not.toMatch(/Equal "[abcd]"|Equal %\d+, "[abcd]"/);
    // Under `with data.authz.resource as ...` the helper is not input.resource: that body keeps its test.
    expect(mocked).toMatch(/Equal "b", %\d+/);
  });

  it('gives the same results through aliases as evaluating every body', async () => {
    const off = await loadRego(ALIASED, { entrypoints: ALIASED_ENTRYPOINTS, ruleIndex: 'off' });
    const guards = await loadRego(ALIASED, { entrypoints: ALIASED_ENTRYPOINTS, ruleIndex: 'guards', ruleIndexMinBodies: 2 });
    const sw = await loadRego(ALIASED, { entrypoints: ALIASED_ENTRYPOINTS, ruleIndex: 'switch', ruleIndexMinBodies: 2 });
    fc.assert(
      fc.property(aliasedInputArb, (input) => {
        const want = evaluateAll(off, input, ALIASED_ENTRYPOINTS);
        expect(evaluateAll(guards, input, ALIASED_ENTRYPOINTS)).toEqual(want);
        expect(evaluateAll(sw, input, ALIASED_ENTRYPOINTS)).toEqual(want);
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
