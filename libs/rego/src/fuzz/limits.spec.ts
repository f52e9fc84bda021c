/**
 * Runtime limits and pathological values through RegoPolicy: deeply nested input and data,
 * memory that stays flat over repeated evaluation with varying inputs, the memory cap and the
 * input-size limit. Each failure must be a typed RegoEvalError and must leave the loaded policy
 * usable. Nesting is tested at the runtime's JSON cap, 10,000 levels as in OPA (Go's decoder limit;
 * runtime/assembly/json/parse.ts), and one level beyond it.
 */
import fc from 'fast-check';
import { compilePolicy } from '../compile';
import { RegoEvalError, RegoPolicy } from '../engine/policy';
import { jsonText } from '../engine/json-text';
import { deepJson, shapedArb } from './json-values';

/** The runtime parses JSON nested up to 10,000 levels, as OPA does (data sits one level below its root key). */
const DEEP = 10_000;

const SOURCE = `package deep
import rego.v1

whole := input
from_data := data.nested
kind := type_name(input)
size := count(input)
same if input == input
marshalled := count(json.marshal(input))
first := object.get(input, "a", "none")
data_depth_1 := type_name(data.nested[0])
walked := count([p | walk(input, [p, _]); count(p) < 3])
`;

async function load(opts: Parameters<typeof RegoPolicy.load>[1] = {}): Promise<{ policy: RegoPolicy; entrypoints: string[] }> {
  const compiled = compilePolicy({ modules: [{ path: 'deep.rego', source: SOURCE }] });
  return { policy: await RegoPolicy.load(compiled.wasm, opts), entrypoints: Object.keys(compiled.entrypoints) };
}

function memoryOf(p: RegoPolicy): WebAssembly.Memory {
  return (p as unknown as { loaded: { mem: WebAssembly.Memory } }).loaded.mem;
}

/** A result set, or a typed error; anything else fails the test with its message. */
function evaluate(p: RegoPolicy, run: () => unknown): 'ok' | string {
  try {
    const r = run();
    if (!Array.isArray(r)) throw new Error(`not a result set: ${String(r)}`);
    return 'ok';
  } catch (e) {
    if (e instanceof RegoEvalError && e.code !== 'internal_error') return e.code;
    throw e;
  }
}

/**
 * Builtins that walk both operands level by level, at the depth the runtime accepts: input holds
 * objects nested N levels below `input.a` (with the input and leaf levels, 10,000 in all).
 */
const BUILTINS_SOURCE = `package deepb
import rego.v1

union_ok if object.union(input.x, input.y) == input.xy
union_n_ok if object.union_n([input.x, {}, input.y]) == input.xy
subset_ok if {
  object.subset(input.xy, input.x)
  not object.subset(input.x, input.y)
}
filter_ok if json.filter(input.xy, [input.xpath]) == input.x
filter_array_ok if json.filter(input.xy, [split(input.xpath, "/")]) == input.x
remove_ok if json.remove(input.xy, [input.ypath]) == input.x
path_len := count(graph.reachable_paths(input.chain, {"0"})[_])
`;

/** `{"a": ... {"a": leaf} ...}` with n levels of "a". */
function deepObject(n: number, leaf: string): string {
  return `${'{"a":'.repeat(n)}${leaf}${'}'.repeat(n)}`;
}

describe('builtins on values nested 10,000 levels', () => {
  const N = DEEP - 2; // input, then N levels of "a", then the leaf object
  const CHAIN = DEEP;
  const chain = `{${Array.from({ length: CHAIN }, (_, i) => `"${i}":[${i + 1 < CHAIN ? `"${i + 1}"` : ''}]`).join(',')}}`;
  const input = `{"x":${deepObject(N, '{"x":1}')},"y":${deepObject(N, '{"y":2}')},"xy":${deepObject(N, '{"x":1,"y":2}')},
    "xpath":"${'a/'.repeat(N)}x","ypath":"${'a/'.repeat(N)}y","chain":${chain}}`;

  it('object.union, object.union_n, object.subset, json.filter, json.remove and graph.reachable_paths answer', async () => {
    const compiled = compilePolicy({ modules: [{ path: 'deepb.rego', source: BUILTINS_SOURCE }] });
    const policy = await RegoPolicy.load(compiled.wasm);
    for (const ep of Object.keys(compiled.entrypoints).filter((e) => e.endsWith('_ok'))) {
      expect([ep, policy.evaluateJson(input, ep)]).toEqual([ep, [{ result: true }]]);
    }
    expect(policy.evaluateJson(input, 'deepb/path_len')).toEqual([{ result: CHAIN }]);
  });

  it('host builtins taking any value (sprintf, json.patch, print) answer; yaml.* fail typed and say why', async () => {
    const source = `package deeph
import rego.v1

printed := count(sprintf("%v", [input.x]))
set_printed := sprintf("%v", [{input.x}]) == sprintf("{%v}", [input.x])
patched_ok if json.patch(input.x, [{"op": "add", "path": "/b", "value": 1}]) == object.union(input.x, {"b": 1})
as_yaml := yaml.marshal(input.x)
print_ok if print(input.x)
`;
    const compiled = compilePolicy({ modules: [{ path: 'deeph.rego', source }], strictBuiltinErrors: true, enablePrint: true });
    const printed: string[] = [];
    const policy = await RegoPolicy.load(compiled.wasm, { strictBuiltinErrors: true, onPrint: (s: string) => void printed.push(s) });
    const M = DEEP - 3; // input, then {x: set of} the deep object
    const inputM = `{"x":${deepObject(M, '1')}}`;
    expect(policy.evaluateJson(inputM, 'deeph/printed')).toEqual([{ result: 7 * M + 1 }]);
    expect(policy.evaluateJson(inputM, 'deeph/set_printed')).toEqual([{ result: true }]);
    expect(policy.evaluateJson(inputM, 'deeph/patched_ok')).toEqual([{ result: true }]);
    expect(policy.evaluateJson(inputM, 'deeph/print_ok')).toEqual([{ result: true }]);
    expect(printed.map((p) => p.length)).toEqual([7 * M + 1]);
    let err: unknown;
    try {
      policy.evaluateJson(inputM, 'deeph/as_yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoEvalError);
    expect((err as RegoEvalError).code).toBe('eval_builtin_error');
    expect((err as RegoEvalError).message).toMatch(/yaml\.marshal: value nested too deep for this builtin/);
    expect(policy.evaluate({ x: 1 }, 'deeph/printed')).toEqual([{ result: 1 }]); // still usable
  });

  it('base data and a virtual document deep-merge at every level', async () => {
    const modules = [
      { path: 'deepm.rego', source: 'package deepm\nimport rego.v1\n\nv := input.y\n' },
      { path: 'check.rego', source: 'package check\nimport rego.v1\n\nmerged_ok if data.deepm == {"v": input.xy}\n' },
    ];
    const compiled = compilePolicy({ modules, entrypoints: ['check/merged_ok'] });
    const policy = await RegoPolicy.load(compiled.wasm);
    let base: unknown = { x: 1 };
    for (let i = 0; i < N - 1; i++) base = { a: base }; // data.deepm.v: N levels below data, as input.y below input
    policy.setData({ deepm: { v: base } });
    const inputN = `{"y":${deepObject(N - 1, '{"y":2}')},"xy":${deepObject(N - 1, '{"x":1,"y":2}')}}`;
    expect(policy.evaluateJson(inputN, 'check/merged_ok')).toEqual([{ result: true }]);
  });
});

describe('runtime limits and deep values', () => {
  it.each(['array', 'object'] as const)('input nested %s 10,000 levels deep: every rule answers', async (kind) => {
    const { policy, entrypoints } = await load();
    const text = deepJson(DEEP, kind);
    const outcomes = Object.fromEntries(entrypoints.map((ep) => [ep, evaluate(policy, () => policy.evaluateJson(text, ep))]));
    expect(outcomes).toEqual(Object.fromEntries(entrypoints.map((ep) => [ep, 'ok']))); // walk included
    expect(policy.evaluateJson(text, 'deep/same')).toEqual([{ result: true }]);
    expect(policy.evaluateJson(text, 'deep/marshalled')).toEqual([{ result: text.replace(/\s/g, '').length }]);
    expect(policy.evaluateJson(text, 'deep/size')).toEqual([{ result: 1 }]);
    expect(policy.evaluateJson(text, 'deep/walked')[0]?.result).toBe(3);
    // Given as a value rather than text, and answered as a value (compared as text: jest's
    // toEqual recurses too deep for it).
    const value: unknown = JSON.parse(text);
    expect(jsonText(policy.evaluate(value, 'deep/whole'))).toBe(`[{"result":${text}}]`);
    // Still usable afterwards.
    expect(policy.evaluate({ a: 1 }, 'deep/first')).toEqual([{ result: 1 }]);
  });

  it('input nested 10,001 levels deep is invalid_input, and the policy stays usable', async () => {
    const { policy } = await load();
    for (const kind of ['array', 'object'] as const) {
      expect(evaluate(policy, () => policy.evaluateJson(deepJson(DEEP + 1, kind), 'deep/kind'))).toBe('invalid_input');
    }
    expect(policy.evaluate({ a: 1 }, 'deep/first')).toEqual([{ result: 1 }]);
  });

  it('data nested 10,000 levels deep loads and is read', async () => {
    const { policy } = await load();
    let nested: unknown = 1;
    for (let i = 0; i < DEEP - 1; i++) nested = [nested]; // JSON.stringify cannot serialise it: RegoPolicy can
    policy.setData({ nested });
    expect(policy.evaluate({}, 'deep/data_depth_1')).toEqual([{ result: 'array' }]);
    expect(evaluate(policy, () => policy.evaluate({}, 'deep/from_data'))).toBe('ok');
  });

  it('memory stays flat over repeated evaluation of varying inputs', async () => {
    const { policy, entrypoints } = await load();
    const inputs = fc.sample(shapedArb, { numRuns: 200, seed: 3 });
    const round = (): void => {
      for (const input of inputs) for (const ep of entrypoints) evaluate(policy, () => policy.evaluate(input, ep));
    };
    round();
    round();
    const before = memoryOf(policy).buffer.byteLength;
    for (let i = 0; i < 10; i++) round();
    expect(memoryOf(policy).buffer.byteLength).toBe(before);
  });

  it('the memory cap fails evaluation with memory_limit and the policy stays usable', async () => {
    const { policy } = await load({ initialPages: 2, maxPages: 24 }); // 1.5 MiB
    const big = JSON.stringify({ a: 'x'.repeat(4 * 1024 * 1024) });
    expect(evaluate(policy, () => policy.evaluateJson(big, 'deep/size'))).toBe('memory_limit');
    expect(policy.evaluate({ a: 2 }, 'deep/first')).toEqual([{ result: 2 }]);
  });

  it('input over maxInputBytes given as JSON text is refused before evaluation', async () => {
    const { policy } = await load({ maxInputBytes: 1024 });
    expect(evaluate(policy, () => policy.evaluateJson(JSON.stringify({ a: 'x'.repeat(2000) }), 'deep/size'))).toBe('input_too_large');
    expect(policy.evaluateJson('{"a": 3}', 'deep/first')).toEqual([{ result: 3 }]);
  });

  it('strings and numbers JS cannot carry exactly come back as typed results', async () => {
    const { policy } = await load();
    const texts = ['"\\ud800"', '"\\u0000"', '1e400', '-0', '123456789012345678901234567890', '[' + '1,'.repeat(100_000) + '1]'];
    for (const t of texts) expect(evaluate(policy, () => policy.evaluateJson(t, 'deep/kind'))).toBe('ok');
    expect(policy.evaluateJson('"\\ud800"', 'deep/whole')).toEqual([{ result: '\ufffd' }]); // as Go's decoder does
  });
});
