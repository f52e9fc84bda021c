import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { Policy, Stmt } from '../plan/ir';
import { compileWasm, DEFAULT_RUNTIME_PATH, loadDefaultRuntime, type EmitOptions } from './codegen';
import { printWasm } from './print-wasm';
import { PolicyBuilder, at, block, bool, local } from './test-ir';

// VIGIL_RUNTIME_WASM lets a developer point the specs at another runtime build.
const runtime = loadDefaultRuntime(process.env.VIGIL_RUNTIME_WASM ?? DEFAULT_RUNTIME_PATH);

type Builtins = Record<string, (...args: never[]) => unknown>;

async function load(policy: Policy, opts: EmitOptions = {}, builtins: Builtins = {}): Promise<LoadedPolicy> {
  const { wasm } = compileWasm(policy, { runtime, ...opts });
  expect(WebAssembly.validate(wasm)).toBe(true);
  return loadPolicy(wasm, undefined, builtins as Record<string, (...args: unknown[]) => unknown>);
}

/** The text the SDK throws (a string, from opa_abort). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return typeof e === 'string' ? e : String((e as Error).message ?? e);
  }
  throw new Error('expected an abort');
}

/** allow if input.user == "alice"; default allow := false. */
function allowPolicy(): PolicyBuilder {
  const b = new PolicyBuilder();
  b.func({
    name: 'g0.data.test.allow',
    blocks: [
      block(
        { type: 'Dot', source: local(0), key: b.str('user'), target: 3 },
        { type: 'Equal', a: local(3), b: b.str('alice') },
        { type: 'AssignVarOnce', source: bool(true), target: 2 },
      ),
      block({ type: 'IsUndefined', source: 2 }, { type: 'AssignVarOnce', source: bool(false), target: 2 }),
    ],
  });
  return b.entrypoint('test/allow', 'g0.data.test.allow');
}

describe('emitWasm through the OPA SDK', () => {
  it('returns a constant result; entrypoints by name and id', async () => {
    const b = new PolicyBuilder();
    b.plan('test/p', block(
      { type: 'MakeObject', target: 2 },
      { type: 'ObjectInsert', key: b.str('result'), value: bool(true), object: 2 },
      { type: 'ResultSetAdd', value: 2 },
    ));
    b.plan('test/q', block({ type: 'MakeNull', target: 2 }, { type: 'Equal', a: bool(true), b: bool(false) }, { type: 'ResultSetAdd', value: 2 }));
    const p = await load(b.build());
    expect(p.entrypoints).toEqual({ 'test/p': 0, 'test/q': 1 });
    expect(p.evaluate({})).toEqual([{ result: true }]);
    expect(p.evaluate({}, 'test/p')).toEqual([{ result: true }]);
    expect(p.evaluate({}, 'test/q')).toEqual([]);
  });

  it('reads input and compares with a string; default when undefined', async () => {
    const p = await load(allowPolicy().build());
    expect(p.evaluate({ user: 'alice' })).toEqual([{ result: true }]);
    expect(p.evaluate({ user: 'bob' })).toEqual([{ result: false }]);
    expect(p.evaluate(undefined)).toEqual([{ result: false }]);
    expect(p.evaluate(new TextEncoder().encode('"alice"').buffer as ArrayBuffer)).toEqual([{ result: false }]);
  });

  it('keeps results apart across many evaluations (heap reset, constants intact)', async () => {
    const p = await load(allowPolicy().build());
    for (let i = 0; i < 2000; i++) {
      expect(p.evaluate({ user: i % 2 ? 'alice' : 'carol', pad: 'x'.repeat(i % 50) })).toEqual([{ result: i % 2 === 1 }]);
    }
  });

  it('scans data.users into a set', async () => {
    const b = new PolicyBuilder();
    b.func({
      name: 'g0.data.test.names',
      blocks: [
        block({ type: 'MakeSet', target: 2 }),
        block(
          { type: 'Dot', source: local(1), key: b.str('users'), target: 3 },
          { type: 'Scan', source: 3, key: 4, value: 5, block: block(
            { type: 'Dot', source: local(5), key: b.str('name'), target: 6 },
            { type: 'SetAdd', value: local(6), set: 2 },
          ) },
        ),
      ],
    });
    const p = await load(b.entrypoint('test/names', 'g0.data.test.names').build());
    p.setData({ users: [{ name: 'bob' }, { name: 'alice' }, { id: 3 }, { name: 'bob' }] });
    expect(p.evaluate({})).toEqual([{ result: ['alice', 'bob'] }]);
    p.setData({ users: { x: { name: 'zed' } } });
    expect(p.evaluate({})).toEqual([{ result: ['zed'] }]);
    p.setData({ users: 'scalar' });
    expect(p.evaluate({})).toEqual([{ result: [] }]);
  });

  it('scans keys when they are read: object keys, array indices, set elements', async () => {
    const b = new PolicyBuilder();
    b.plan('test/keys', block(
      { type: 'MakeArray', capacity: 4, target: 3 },
      { type: 'Scan', source: 0, key: 4, value: 5, block: block({ type: 'ArrayAppend', value: local(4), array: 3 }) },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    expect(p.evaluate({ b: 1, a: 2 })).toEqual([['a', 'b']]);
    expect(p.evaluate(['x', 'y', 'z'])).toEqual([[0, 1, 2]]);
  });

  it('With replaces input for its block and restores it, even when the block fails', async () => {
    const b = allowPolicy();
    const call = (result: number): Stmt => ({ type: 'Call', func: 'g0.data.test.allow', args: [local(0), local(1)], result });
    b.plan('test/with', block(
      { type: 'With', local: 0, path: [b.s('user')], value: b.str('alice'), block: block(call(2)) },
      // input is back: allow follows the real input again
      call(4),
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: b.str('mocked'), value: local(2), object: 3 },
      { type: 'ObjectInsert', key: b.str('real'), value: local(4), object: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ));
    b.plan('test/with_fails', block(
      { type: 'AssignVar', source: bool(false), target: 5 },
      { type: 'Block', blocks: [block({ type: 'With', local: 0, path: [], value: bool(true), block: block({ type: 'Equal', a: local(0), b: bool(false) }) })] },
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: b.str('input'), value: local(0), object: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    expect(p.evaluate({ user: 'bob' }, 'test/with')).toEqual([{ mocked: true, real: false }]);
    expect(p.evaluate({ user: 'alice' }, 'test/with')).toEqual([{ mocked: true, real: true }]);
    expect(p.evaluate(undefined, 'test/with')).toEqual([{ mocked: true, real: false }]);
    expect(p.evaluate({ a: 1 }, 'test/with_fails')).toEqual([{ input: { a: 1 } }]);
  });

  it('a Break out of a With restores the local and pops the memo frame', async () => {
    const b = new PolicyBuilder();
    // Block[ Block[ With(input := "x") { Break 2 } ; unreachable-ish ] ; add input ] — the break
    // leaves the With's block, its enclosing block and the Block statement's block.
    b.plan('test/p', block(
      { type: 'Block', blocks: [block(
        { type: 'Block', blocks: [block({ type: 'With', local: 0, path: [], value: b.str('x'), block: block({ type: 'Break', index: 2 }) })] },
        { type: 'AssignVar', source: b.str('not reached'), target: 6 },
      )] },
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: b.str('input'), value: local(0), object: 3 },
      { type: 'Block', blocks: [block({ type: 'IsDefined', source: 6 }, { type: 'ObjectInsert', key: b.str('leak'), value: local(6), object: 3 })] },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    expect(p.evaluate({ real: true })).toEqual([{ input: { real: true } }]);
  });

  it('Not is defined only when its block fails', async () => {
    const b = new PolicyBuilder();
    b.plan('test/deny', block(
      { type: 'Not', block: block({ type: 'Dot', source: local(0), key: b.str('admin'), target: 4 }, { type: 'Equal', a: local(4), b: bool(true) }) },
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: b.str('result'), value: bool(true), object: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    expect(p.evaluate({ admin: true })).toEqual([]);
    expect(p.evaluate({ admin: false })).toEqual([{ result: true }]);
    expect(p.evaluate({})).toEqual([{ result: true }]);
  });

  it('aborts on a complete-rule conflict with the Rego location', async () => {
    const b = new PolicyBuilder();
    b.func({
      name: 'g0.data.test.p',
      blocks: [
        block({ type: 'AssignVarOnce', source: b.str('a'), target: 2, loc: at(3, 1) }),
        block({ type: 'Dot', source: local(0), key: b.str('x'), target: 4 }, { type: 'AssignVarOnce', source: b.str('b'), target: 2, loc: at(4, 1) }),
        block({ type: 'AssignVarOnce', source: b.str('a'), target: 2, loc: at(5, 1) }),
      ],
    });
    const p = await load(b.entrypoint('test/p', 'g0.data.test.p').build());
    expect(p.evaluate({})).toEqual([{ result: 'a' }]);
    expect(thrown(() => p.evaluate({ x: 1 }))).toBe('eval_conflict_error: complete rules must not produce multiple outputs (policy.rego:4:1)');
    expect(p.evaluate({})).toEqual([{ result: 'a' }]);
  });

  it('aborts on an object key conflict and on a function conflict', async () => {
    const b = new PolicyBuilder();
    b.func({
      name: 'g0.data.test.obj',
      blocks: [
        block({ type: 'MakeObject', target: 2 }),
        block({ type: 'ObjectInsertOnce', key: b.str('k'), value: bool(true), object: 2, loc: at(7, 2) }),
        block({ type: 'ObjectInsertOnce', key: b.str('k'), value: bool(true), object: 2, loc: at(8, 2) }),
        block({ type: 'Dot', source: local(0), key: b.str('x'), target: 4 }, { type: 'ObjectInsertOnce', key: b.str('k'), value: local(4), object: 2, loc: at(9, 2) }),
      ],
    });
    b.func({
      name: 'g0.data.test.f',
      params: [0, 1, 2],
      returnLocal: 3,
      blocks: [block({ type: 'AssignVarOnce', source: local(2), target: 3, conflict: 'function' }), block({ type: 'AssignVarOnce', source: bool(true), target: 3, loc: at(12, 1, 'lib/f.rego'), conflict: 'function' })],
    });
    b.entrypoint('test/obj', 'g0.data.test.obj');
    b.plan('test/f', block(...b.resultOf({ type: 'Call', func: 'g0.data.test.f', args: [local(0), local(1), local(0)], result: 2 })));
    const p = await load(b.build());
    expect(p.evaluate({ x: true }, 'test/obj')).toEqual([{ result: { k: true } }]);
    expect(thrown(() => p.evaluate({ x: 2 }, 'test/obj'))).toBe('eval_conflict_error: object keys must be unique (policy.rego:9:2)');
    expect(p.evaluate(true, 'test/f')).toEqual([{ result: true }]);
    expect(thrown(() => p.evaluate(7, 'test/f'))).toBe('eval_conflict_error: functions must not produce multiple outputs for same inputs (lib/f.rego:12:1)');
  });

  it('calls host builtins through opa_builtinN under their registered names', async () => {
    const b = new PolicyBuilder();
    b.builtin('test.greet', 1).builtin('test.pair', 2).builtin('test.none', 0).builtin('test.tags', 1);
    const callStmt = (func: string, args: ReturnType<typeof local>[], result: number): Stmt => ({ type: 'Call', func, args, result });
    b.plan('test/p', block(
      { type: 'Dot', source: local(0), key: b.str('name'), target: 4 },
      callStmt('test.greet', [local(4)], 5),
      callStmt('test.pair', [local(5), b.str('!')], 6),
      callStmt('test.tags', [local(4)], 7),
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: b.str('greeting'), value: local(6), object: 3 },
      { type: 'ObjectInsert', key: b.str('tags'), value: local(7), object: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ));
    b.plan('test/undef', block(callStmt('test.none', [], 2), { type: 'ResultSetAdd', value: 2 }));
    const hosts = new Set(['test.greet', 'test.pair', 'test.none', 'test.tags']);
    const resolveBuiltin: EmitOptions['resolveBuiltin'] = (name) =>
      hosts.has(name) ? { kind: 'host', hostName: `vigil.${name}`, resultIsSet: name === 'test.tags' } : undefined;
    const { hostBuiltins } = compileWasm(b.build(), { runtime, resolveBuiltin });
    expect(hostBuiltins).toEqual(['vigil.test.greet', 'vigil.test.none', 'vigil.test.pair', 'vigil.test.tags']);
    const p = await load(b.build(), { resolveBuiltin }, {
      'vigil.test.greet': (n: string) => `hello ${n}`,
      'vigil.test.pair': (a: string, c: string) => a + c,
      'vigil.test.none': () => undefined,
      'vigil.test.tags': (n: string) => [n, 'b', n, 'a'],
    });
    expect(p.evaluate({ name: 'ann' })).toEqual([{ greeting: 'hello ann!', tags: ['a', 'ann', 'b'] }]);
    expect(p.evaluate({}, 'test/undef')).toEqual([]);
  });

  it('calls native builtins and refuses builtins that exist nowhere', async () => {
    const b = new PolicyBuilder();
    b.builtin('plus', 2).builtin('count', 1);
    b.plan('test/p', block(
      { type: 'MakeNumberRef', index: b.s('40'), target: 4 },
      { type: 'MakeNumberInt', value: 2, target: 5 },
      { type: 'Call', func: 'plus', args: [local(4), local(5)], result: 6 },
      { type: 'Call', func: 'count', args: [local(0)], result: 7 },
      { type: 'MakeArray', capacity: 2, target: 3 },
      { type: 'ArrayAppend', value: local(6), array: 3 },
      { type: 'ArrayAppend', value: local(7), array: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    expect(p.evaluate([1, 2, 3])).toEqual([[42, 3]]);
    expect(p.evaluate('a string')).toEqual([[42, 8]]);
    expect(p.evaluate(5)).toEqual([]); // count of a number: a (non-strict) type error, undefined
    const bad = new PolicyBuilder();
    bad.builtin('no.such.builtin', 1).plan('x', block({ type: 'Call', func: 'no.such.builtin', args: [local(0)], result: 2, loc: at(2, 3) }));
    expect(() => compileWasm(bad.build(), { runtime })).toThrow(/policy.rego:2:3: rego_type_error: undefined function no.such.builtin/);
  });

  it('memoises 0-arity rules per evaluation, not across evaluations, and not into With', async () => {
    const b = new PolicyBuilder();
    b.builtin('test.tick', 0);
    b.func({ name: 'g0.data.test.t', memoizable: true, blocks: [block({ type: 'Call', func: 'test.tick', args: [], result: 2 })] });
    const call = (result: number): Stmt => ({ type: 'Call', func: 'g0.data.test.t', args: [local(0), local(1)], result });
    b.plan('test/p', block(
      call(4),
      call(5),
      { type: 'With', local: 0, path: [b.s('x')], value: bool(true), block: block(call(6)) },
      { type: 'MakeArray', capacity: 3, target: 3 },
      ...[4, 5, 6].map((l): Stmt => ({ type: 'ArrayAppend', value: local(l), array: 3 })),
      { type: 'ResultSetAdd', value: 3 },
    ));
    let ticks = 0;
    const resolveBuiltin: EmitOptions['resolveBuiltin'] = (name) => (name === 'test.tick' ? { kind: 'host', hostName: 'vigil.test.tick', resultIsSet: false } : undefined);
    const p = await load(b.build(), { resolveBuiltin }, { 'vigil.test.tick': () => ++ticks });
    expect(p.evaluate({})).toEqual([[1, 1, 2]]);
    expect(p.evaluate({})).toEqual([[3, 3, 4]]);
  });

  it('memoises undefined results too', async () => {
    const b = new PolicyBuilder();
    b.builtin('test.tick', 0);
    b.func({ name: 'g0.data.test.u', memoizable: true, blocks: [block({ type: 'Call', func: 'test.tick', args: [], result: 3 }, { type: 'Equal', a: local(3), b: bool(true) }, { type: 'AssignVar', source: local(3), target: 2 })] });
    const call = (result: number): Stmt => ({ type: 'Call', func: 'g0.data.test.u', args: [local(0), local(1)], result });
    b.plan('test/p', block({ type: 'Block', blocks: [block(call(4)), block(call(5))] }, { type: 'MakeNull', target: 3 }, { type: 'ResultSetAdd', value: 3 }));
    let ticks = 0;
    const resolveBuiltin: EmitOptions['resolveBuiltin'] = (name) => (name === 'test.tick' ? { kind: 'host', hostName: 'vigil.test.tick', resultIsSet: false } : undefined);
    const p = await load(b.build(), { resolveBuiltin }, { 'vigil.test.tick': () => ++ticks });
    expect(p.evaluate({})).toEqual([null]);
    expect(ticks).toBe(1);
  });

  it('dispatches CallDynamic by run-time path segments', async () => {
    const b = new PolicyBuilder();
    const names = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'é', '日本'];
    for (const n of names) b.func({ name: `g0.data.r.${n}`, path: ['r', n], blocks: [block({ type: 'AssignVar', source: b.str(`rule ${n}`), target: 2 })] });
    b.func({ name: 'g0.data.s.alpha', path: ['s', 'alpha'], blocks: [block({ type: 'AssignVar', source: b.str('other package'), target: 2 })] });
    b.plan('test/p', block(...b.resultOf({ type: 'CallDynamic', path: [b.str('r'), local(0)], args: [0, 1], result: 2 })));
    b.plan('test/two', block(
      { type: 'Dot', source: local(0), key: b.str('pkg'), target: 4 },
      { type: 'Dot', source: local(0), key: b.str('rule'), target: 5 },
      ...b.resultOf({ type: 'CallDynamic', path: [local(4), local(5)], args: [0, 1], result: 2 }),
    ));
    const p = await load(b.build());
    for (const n of names) expect(p.evaluate(n, 'test/p')).toEqual([{ result: `rule ${n}` }]);
    for (const miss of ['', 'alphaa', 'a', 'zz', 12]) expect(p.evaluate(miss, 'test/p')).toEqual([]);
    expect(p.evaluate({ pkg: 's', rule: 'alpha' }, 'test/two')).toEqual([{ result: 'other package' }]);
    expect(p.evaluate({ pkg: 'r', rule: 'zeta' }, 'test/two')).toEqual([{ result: 'rule zeta' }]);
    expect(p.evaluate({ pkg: 's', rule: 'beta' }, 'test/two')).toEqual([]);
  });

  it('builds constants once: exact numbers, ints, null; Len, IsArray/IsObject/IsSet, ObjectMerge', async () => {
    const b = new PolicyBuilder();
    b.plan('test/p', block(
      { type: 'MakeNumberRef', index: b.s('123456789012345678901234567890'), target: 4 },
      { type: 'MakeNumberRef', index: b.s('1.5'), target: 5 },
      { type: 'MakeNumberInt', value: -7, target: 6 },
      { type: 'MakeNumberInt', value: 2 ** 40, target: 7 },
      { type: 'Len', source: local(0), target: 8 },
      { type: 'Dot', source: local(0), key: b.str('a'), target: 9 },
      { type: 'Dot', source: local(0), key: b.str('b'), target: 10 },
      { type: 'IsObject', source: local(9) },
      { type: 'ObjectMerge', a: 9, b: 10, target: 11 },
      { type: 'MakeArray', capacity: 6, target: 3 },
      ...[4, 5, 6, 7, 8, 11].map((l): Stmt => ({ type: 'ArrayAppend', value: local(l), array: 3 })),
      { type: 'ResultSetAdd', value: 3 },
    ));
    b.plan('test/types', block(
      { type: 'MakeObject', target: 3 },
      { type: 'Block', blocks: [
        block({ type: 'IsArray', source: local(0) }, { type: 'ObjectInsert', key: b.str('array'), value: bool(true), object: 3 }),
        block({ type: 'IsObject', source: local(0) }, { type: 'ObjectInsert', key: b.str('object'), value: bool(true), object: 3 }),
        block({ type: 'IsSet', source: local(0) }, { type: 'ObjectInsert', key: b.str('set'), value: bool(true), object: 3 }),
        block({ type: 'IsArray', source: b.str('x') }, { type: 'ObjectInsert', key: b.str('const'), value: bool(true), object: 3 }),
      ] },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const p = await load(b.build());
    const raw = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(p.evaluate({ a: { x: 1, y: { z: 1 } }, b: { y: { w: 2 } } })).toEqual([[Number('123456789012345678901234567890'), 1.5, -7, 2 ** 40, 2, { x: 1, y: { z: 1, w: 2 } }]]);
    expect(p.evaluate({ a: { x: 1 }, b: { x: 2 } })).toEqual([]); // merge conflict at a non-object: undefined
    expect(p.evaluate([1], 'test/types')).toEqual([{ array: true }]);
    expect(p.evaluate({}, 'test/types')).toEqual([{ object: true }]);
    expect(p.evaluate(raw('"s"'), 'test/types')).toEqual([{}]);
  });

  it('lists no builtins when the policy calls none, and aborts on an unknown entrypoint id', async () => {
    const p = await load(allowPolicy().build());
    const inst = (p as unknown as { wasmInstance: WebAssembly.Instance }).wasmInstance;
    const ex = inst.exports as Record<string, (...a: number[]) => number>;
    const dump = (addr: number) => {
      const mem = new Uint8Array((inst.exports.memory as WebAssembly.Memory | undefined)?.buffer ?? p.mem.buffer);
      let end = addr;
      while (mem[end] !== 0) end++;
      return new TextDecoder().decode(mem.subarray(addr, end));
    };
    expect(dump(ex.opa_json_dump(ex.builtins()))).toBe('{}');
    expect(thrown(() => p.evaluate({}, 3))).toBe('internal_error: illegal entrypoint id');
  });

  it('serves the context (slow) path for callers of ABI minor < 2', async () => {
    const p = await load(allowPolicy().build());
    (p as unknown as { minorVersion: number }).minorVersion = 1;
    expect(p.evaluate({ user: 'alice' })).toEqual([{ result: true }]);
    expect(p.evaluate({ user: 'bob' })).toEqual([{ result: false }]);
  });

  it('turns on strict builtin errors at init when asked', async () => {
    const b = new PolicyBuilder();
    b.builtin('div', 2);
    b.plan('test/p', block(
      { type: 'MakeNumberInt', value: 1, target: 4 },
      { type: 'MakeNumberInt', value: 0, target: 5 },
      { type: 'Call', func: 'div', args: [local(4), local(5)], result: 2, loc: at(7, 3) },
      { type: 'ResultSetAdd', value: 2 },
    ));
    expect((await load(b.build())).evaluate({})).toEqual([]);
    const strict = await load(b.build(), { strictBuiltinErrors: true });
    // OPA's form: the call's file and row first (no column), then code and message.
    expect(thrown(() => strict.evaluate({}))).toBe('policy.rego:7: eval_builtin_error: div: divide by zero');
  });

  it('records builtin call locations only in strict modules', () => {
    const b = new PolicyBuilder();
    b.builtin('abs', 1);
    b.plan('test/p', block(
      { type: 'MakeNumberInt', value: 1, target: 4 },
      { type: 'Call', func: 'abs', args: [local(4)], result: 2, loc: at(2, 1) },
      { type: 'ResultSetAdd', value: 2 },
    ));
    const calls = (strict: boolean) => {
      const out = compileWasm(b.build(), { runtime, strictBuiltinErrors: strict });
      return printWasm(out).split('\n').filter((l) => l.includes('call $vg_set_location')).length;
    };
    expect(calls(false)).toBe(0);
    expect(calls(true)).toBe(1);
  });

  describe('memory, as the SDK test suite pins it', () => {
    // Sizes are relative to where the data heap starts, since our static data is smaller than OPA's.
    const input = (len: number) => ({ s: 'x'.repeat(len) });
    const page = 65536;
    it('fails to grow for the input when the cap is too small (RangeError from the host)', async () => {
      const p = await loadPolicy(compileWasm(allowPolicy().build(), { runtime }).wasm, { initial: 2, maximum: 3 });
      expect(() => p.evaluate(input(3 * page - p.dataHeapPtr))).toThrow(RangeError);
    });
    it('aborts with "opa_malloc: failed" when the module cannot grow', async () => {
      const p = await loadPolicy(compileWasm(allowPolicy().build(), { runtime }).wasm, { initial: 3, maximum: 4 });
      // `"ab",` is 5 bytes of text and a 24-byte string value once parsed: the text fits, its values do not.
      const strings = Array<string>(Math.floor((4 * page - p.dataHeapPtr - 1000) / 5)).fill('ab');
      expect(thrown(() => p.evaluate(strings))).toMatch(/opa_malloc: failed/);
    });
    it('evaluates many times in a small memory', async () => {
      const p = await loadPolicy(compileWasm(allowPolicy().build(), { runtime }).wasm, { initial: 2, maximum: 8 });
      for (let i = 0; i < 16; i++) expect(p.evaluate(input(128 * 1024))).toEqual([{ result: false }]);
    });
  });

  describe('edge cases of control flow and calls', () => {
    const tickResolver: EmitOptions['resolveBuiltin'] = (name) => (name === 'test.tick' ? { kind: 'host', hostName: 'vigil.test.tick', resultIsSet: false } : undefined);

    it('a Break through two nested Withs restores both locals', async () => {
      const b = new PolicyBuilder();
      b.plan('test/p', block(
        { type: 'Block', blocks: [block(
          { type: 'With', local: 0, path: [], value: b.str('in'), block: block(
            { type: 'With', local: 1, path: [b.s('d')], value: b.str('da'), block: block({ type: 'Break', index: 2 }) },
          ) },
          { type: 'AssignVar', source: b.str('not reached'), target: 6 },
        )] },
        { type: 'MakeArray', capacity: 2, target: 3 },
        { type: 'ArrayAppend', value: local(0), array: 3 },
        { type: 'ArrayAppend', value: local(1), array: 3 },
        { type: 'Block', blocks: [block({ type: 'IsDefined', source: 6 }, { type: 'ArrayAppend', value: local(6), array: 3 })] },
        { type: 'ResultSetAdd', value: 3 },
      ));
      const p = await load(b.build());
      p.setData({ x: 1 });
      expect(p.evaluate({ real: 1 })).toEqual([[{ real: 1 }, { x: 1 }]]);
    });

    it('returning from inside a With pops its memo frame', async () => {
      const b = new PolicyBuilder();
      b.builtin('test.tick', 0);
      b.func({ name: 'g0.data.test.g', memoizable: true, blocks: [block({ type: 'Call', func: 'test.tick', args: [], result: 2 })] });
      b.func({
        name: 'g0.data.test.f',
        blocks: [block({ type: 'With', local: 0, path: [], value: bool(true), block: block({ type: 'AssignVar', source: b.str('f'), target: 2 }, { type: 'ReturnLocal', source: 2 }) })],
      });
      const call = (func: string, result: number): Stmt => ({ type: 'Call', func, args: [local(0), local(1)], result });
      b.plan('test/p', block(call('g0.data.test.g', 4), call('g0.data.test.f', 5), call('g0.data.test.g', 6),
        { type: 'MakeArray', capacity: 3, target: 3 },
        ...[4, 5, 6].map((l): Stmt => ({ type: 'ArrayAppend', value: local(l), array: 3 })),
        { type: 'ResultSetAdd', value: 3 }));
      let ticks = 0;
      const p = await load(b.build(), { resolveBuiltin: tickResolver }, { 'vigil.test.tick': () => ++ticks });
      expect(p.evaluate({})).toEqual([[1, 'f', 1]]);
    });

    it('passes input and data implicitly to functions with arguments, directly and dynamically', async () => {
      const b = new PolicyBuilder();
      b.builtin('plus', 2);
      b.func({ name: 'g0.data.m.add', path: ['m', 'add'], params: [0, 1, 2, 3], returnLocal: 4, blocks: [block({ type: 'Call', func: 'plus', args: [local(2), local(3)], result: 4 })] });
      b.func({ name: 'g0.data.m.first', path: ['m', 'first'], params: [0, 1, 2, 3], returnLocal: 4, blocks: [block({ type: 'AssignVar', source: local(2), target: 4 })] });
      b.plan('test/direct', block(
        { type: 'Dot', source: local(0), key: b.str('a'), target: 5 },
        { type: 'Dot', source: local(0), key: b.str('b'), target: 6 },
        ...b.resultOf({ type: 'Call', func: 'g0.data.m.add', args: [local(5), local(6)], result: 2 }),
      ));
      b.plan('test/dynamic', block(
        { type: 'Dot', source: local(0), key: b.str('a'), target: 5 },
        { type: 'Dot', source: local(0), key: b.str('b'), target: 6 },
        { type: 'Dot', source: local(0), key: b.str('fn'), target: 7 },
        ...b.resultOf({ type: 'CallDynamic', path: [b.str('m'), local(7)], args: [0, 1, 5, 6], result: 2 }),
      ));
      const p = await load(b.build());
      expect(p.evaluate({ a: 2, b: 40 }, 'test/direct')).toEqual([{ result: 42 }]);
      expect(p.evaluate({ a: 2, b: 40, fn: 'add' }, 'test/dynamic')).toEqual([{ result: 42 }]);
      expect(p.evaluate({ a: 2, b: 40, fn: 'first' }, 'test/dynamic')).toEqual([{ result: 2 }]);
      expect(p.evaluate({ a: 2, b: 40, fn: 'nope' }, 'test/dynamic')).toEqual([]);
    });

    it('compiles a policy without plans, whose every entrypoint id is unknown', async () => {
      const p = await load(new PolicyBuilder().build());
      expect(p.entrypoints).toEqual({});
      expect(thrown(() => p.evaluate({}, 0))).toBe('internal_error: illegal entrypoint id');
    });

    it('refuses host builtins with more than four arguments', () => {
      const b = new PolicyBuilder();
      b.builtin('test.five', 5).plan('p', block({ type: 'Call', func: 'test.five', args: [local(0), local(0), local(0), local(0), local(0)], result: 2, loc: at(9, 9) }));
      const resolveBuiltin: EmitOptions['resolveBuiltin'] = () => ({ kind: 'host', hostName: 'vigil.test.five', resultIsSet: false });
      expect(() => compileWasm(b.build(), { runtime, resolveBuiltin })).toThrow(/policy.rego:9:9: rego_unsupported_builtin_error: built-in function test.five takes 5 arguments/);
    });
  });

  describe('Switch (rule indexing)', () => {
    function switchPolicy(cases: number): Policy {
      const b = new PolicyBuilder();
      const keys = [
        { kind: 'string' as const, index: b.s('GET') },
        { kind: 'number' as const, index: b.s('42') },
        { kind: 'bool' as const, value: true },
        { kind: 'null' as const },
        ...Array.from({ length: 200 }, (_, i) => ({ kind: 'string' as const, index: b.s(`path_${i}`) })),
      ].slice(0, cases);
      b.plan('test/p', block(
        { type: 'Block', blocks: [block({ type: 'Dot', source: local(0), key: b.str('k'), target: 4 })] }, // 4 may stay undefined
        { type: 'AssignVar', source: b.str('none'), target: 5 },
        { type: 'Switch', source: 4, cases: keys.map((value, i) => ({ value, block: block(
          ...(i === 1 ? [{ type: 'Dot', source: local(0), key: b.str('gate'), target: 6 } as Stmt] : []),
          { type: 'AssignVar', source: b.str(`case ${i}`), target: 5 },
        ) })) },
        ...b.resultOf({ type: 'AssignVar', source: local(5), target: 2 }),
      ));
      return b.build();
    }

    it.each([3, 204])('selects the matching case among %i, or none; never undefined itself', async (n) => {
      const p = await load(switchPolicy(n));
      expect(p.evaluate({ k: 'GET' })).toEqual([{ result: 'case 0' }]);
      expect(p.evaluate({ k: 42, gate: 1 })).toEqual([{ result: 'case 1' }]);
      expect(p.evaluate({ k: 42.0, gate: 1 })).toEqual([{ result: 'case 1' }]);
      expect(p.evaluate({ k: 42 })).toEqual([{ result: 'none' }]); // the case block was undefined
      expect(p.evaluate({ k: true })).toEqual([{ result: 'case 2' }]);
      expect(p.evaluate({ k: 'get' })).toEqual([{ result: 'none' }]);
      expect(p.evaluate({})).toEqual([{ result: 'none' }]);
      if (n > 3) {
        expect(p.evaluate({ k: null })).toEqual([{ result: 'case 3' }]);
        expect(p.evaluate({ k: 'path_0' })).toEqual([{ result: 'case 4' }]);
        expect(p.evaluate({ k: 'path_199' })).toEqual([{ result: 'case 203' }]);
        expect(p.evaluate({ k: ['GET'] })).toEqual([{ result: 'none' }]);
      }
    });
  });

  it('calls a void builtin for its effect: always defined, result undefined', async () => {
    const b = new PolicyBuilder();
    b.builtin('test.log', 1);
    b.plan('test/p', block(
      { type: 'Call', func: 'test.log', args: [local(0)], result: 4 },
      { type: 'MakeObject', target: 3 },
      { type: 'Block', blocks: [block({ type: 'IsUndefined', source: 4 }, { type: 'ObjectInsert', key: b.str('result'), value: bool(true), object: 3 })] },
      { type: 'ResultSetAdd', value: 3 },
    ));
    const logged: unknown[] = [];
    const resolveBuiltin: EmitOptions['resolveBuiltin'] = (name) => (name === 'test.log' ? { kind: 'host', hostName: 'vigil.test.log', resultIsSet: false, void: true } : undefined);
    const p = await load(b.build(), { resolveBuiltin }, { 'vigil.test.log': (x: unknown) => void logged.push(x) });
    expect(p.evaluate({ a: 1 })).toEqual([{ result: true }]);
    expect(logged).toEqual([{ a: 1 }]);
  });
});
