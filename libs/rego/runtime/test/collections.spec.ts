import { InsertOnceStatus, ValueTag } from '../../src/wasm/runtime-api';
import { loadRuntime } from './harness';
import { utf8Compare } from './reference';

describe('objects, sets and arrays', () => {
  const rt = loadRuntime({ initial: 16 });
  const base = rt.x.opa_heap_ptr_get();
  beforeEach(() => rt.x.vg_eval_begin(base));
  const { x } = rt;

  it('looks up 5,000 keys of a parsed object by hash and dumps them sorted', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `user-${(i * 7919) % 5000}-${'é'.repeat(i % 3)}`);
    const doc = Object.fromEntries(keys.map((k, i) => [k, { id: i }]));
    const v = rt.parse(JSON.stringify(doc));
    expect(x.vg_len(v)).toBe(5000);
    keys.forEach((k, i) => {
      expect(rt.dump(x.vg_dot(v, rt.str(k)))).toBe(`{"id":${i}}`);
    });
    expect(x.vg_dot(v, rt.str('nobody'))).toBe(0);
    const dumped = rt.dump(v);
    expect(Object.keys(JSON.parse(dumped))).toEqual([...keys].sort(utf8Compare));
    expect(JSON.parse(dumped)).toEqual(doc);
  });

  it('builds objects key by key: insert replaces, insert_once reports conflicts', () => {
    const o = x.vg_object();
    for (let i = 0; i < 100; i++) x.vg_object_insert(o, rt.str(`k${99 - i}`), x.vg_int(i));
    x.vg_object_insert(o, rt.str('k5'), rt.str('new'));
    expect(x.vg_len(o)).toBe(100);
    expect(rt.dump(x.vg_dot(o, rt.str('k5')))).toBe('"new"');
    expect(x.vg_object_insert_once(o, rt.str('fresh'), x.vg_int(1))).toBe(InsertOnceStatus.Inserted);
    expect(x.vg_object_insert_once(o, rt.str('fresh'), rt.parse('1.0'))).toBe(InsertOnceStatus.Same);
    expect(x.vg_object_insert_once(o, rt.str('fresh'), x.vg_int(2))).toBe(InsertOnceStatus.Conflict);
    expect(rt.dump(x.vg_dot(o, rt.str('fresh')))).toBe('1');
  });

  it('iterates objects and sets in sorted order, arrays by index, scalars not at all', () => {
    const o = rt.parse('{"b": 2, "a": 1, "c": {"z": 0}}');
    expect(x.vg_iter_len(o)).toBe(3);
    const seen = [0, 1, 2].map((i) => `${rt.dump(x.vg_iter_key(o, i))}=${rt.dump(x.vg_iter_value(o, i))}`);
    expect(seen).toEqual(['"a"=1', '"b"=2', '"c"={"z":0}']);
    const s = rt.parseValue('{"b", 3, "a", [1]}');
    expect([0, 1, 2, 3].map((i) => rt.dump(x.vg_iter_key(s, i)))).toEqual(['3', '"a"', '"b"', '[1]']);
    expect([0, 1, 2, 3].map((i) => x.vg_iter_value(s, i) === x.vg_iter_key(s, i))).toEqual([true, true, true, true]);
    const a = rt.parse('["x", "y"]');
    expect(x.vg_iter_len(a)).toBe(2);
    expect(rt.dump(x.vg_iter_key(a, 1))).toBe('1');
    expect(rt.dump(x.vg_iter_value(a, 1))).toBe('"y"');
    for (const scalar of [rt.parse('"abc"'), rt.parse('12'), x.vg_null(), 0]) expect(x.vg_iter_len(scalar)).toBe(0);
    // inserting after iterating re-sorts
    x.vg_object_insert(o, rt.str('0'), x.vg_null());
    expect(x.vg_iter_len(o)).toBe(4);
    expect(rt.dump(x.vg_iter_key(o, 0))).toBe('"0"');
  });

  it('dots into arrays (integral indexes), objects and sets', () => {
    const a = rt.parse('[10, 20, 30]');
    expect(rt.dump(x.vg_dot(a, x.vg_int(2)))).toBe('30');
    expect(x.vg_dot(a, x.vg_int(3))).toBe(0);
    expect(x.vg_dot(a, x.vg_int(-1))).toBe(0);
    expect(x.vg_dot(a, rt.str('0'))).toBe(0);
    expect(x.vg_array_get(a, 1)).toBe(x.vg_dot(a, x.vg_int(1)));
    const s = rt.parseValue('{"a", 1}');
    expect(rt.dump(x.vg_dot(s, rt.parse('1.0')))).toBe('1');
    expect(x.vg_dot(s, rt.str('b'))).toBe(0);
    expect(x.vg_dot(rt.parse('"str"'), x.vg_int(0))).toBe(0);
    expect(x.vg_dot(0, x.vg_int(0))).toBe(0);
  });

  it('sets deduplicate by value and sort; arrays grow past their capacity', () => {
    const s = x.vg_set();
    for (const t of ['3', '1', '2', '1.0', '3e0', '"1"']) x.vg_set_add(s, rt.parse(t));
    expect(rt.dump(s)).toBe('[1,2,3,"1"]');
    const arr = x.vg_array(1);
    for (let i = 0; i < 50; i++) x.vg_array_append(arr, x.vg_int(i));
    expect(x.vg_len(arr)).toBe(50);
    expect(rt.dump(arr)).toBe(JSON.stringify(Array.from({ length: 50 }, (_, i) => i)));
  });

  it('reports types and lengths', () => {
    const cases: [string, number, number][] = [
      ['null', ValueTag.Null, 0], ['true', ValueTag.Boolean, 0], ['1.5', ValueTag.Number, 0], ['"añb"', ValueTag.String, 3],
      ['[1,2]', ValueTag.Array, 2], ['{"a":1}', ValueTag.Object, 1],
    ];
    for (const [text, tag, len] of cases) {
      const v = rt.parse(text);
      expect([text, x.vg_type(v), x.vg_len(v)]).toEqual([text, tag, len]);
    }
    expect(x.vg_type(rt.parseValue('{1}'))).toBe(ValueTag.Set);
    expect(x.vg_type(0)).toBe(ValueTag.Undefined);
    expect(x.vg_boolean(7)).toBe(x.vg_true());
    expect(rt.parse('false')).toBe(x.vg_false()); // booleans are singletons
    expect(rt.parse('null')).toBe(x.vg_null());
  });

  it('copies shallowly: changing the copy leaves the original alone', () => {
    const o = rt.parse('{"a": {"x": 1}, "b": [1]}');
    const c = x.vg_shallow_copy(o);
    x.vg_object_insert(c, rt.str('z'), x.vg_int(9));
    expect(rt.dump(o)).toBe('{"a":{"x":1},"b":[1]}');
    expect(rt.dump(c)).toBe('{"a":{"x":1},"b":[1],"z":9}');
    expect(x.vg_dot(c, rt.str('a'))).toBe(x.vg_dot(o, rt.str('a')));
    const big = rt.parse(JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]))));
    const bc = x.vg_shallow_copy(big);
    x.vg_object_insert(bc, rt.str('k1'), x.vg_null());
    expect(rt.dump(x.vg_dot(big, rt.str('k1')))).toBe('1');
    expect(rt.dump(x.vg_dot(bc, rt.str('k1')))).toBe('null');
    const arr = rt.parse('[1]');
    const ac = x.vg_shallow_copy(arr);
    x.vg_array_append(ac, x.vg_int(2));
    expect(rt.dump(arr)).toBe('[1]');
    expect(x.vg_shallow_copy(x.vg_int(3))).toBe(x.vg_int(3));
  });
});

describe('sorted-order caches across heap resets', () => {
  it('never lets data parsed before a reset point at a sorted index allocated after it', () => {
    const rt = loadRuntime({ initial: 8 });
    const { x } = rt;
    const doc: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) doc[`k${(i * 17) % 40}`] = { z: i, a: [i], m: { y: 1, b: 2 } };
    const base = x.opa_heap_ptr_get();
    const data = rt.parse(JSON.stringify(doc));
    // a value built key by key (as codegen builds constants) before any reset: its index is lazy
    const built = x.vg_object();
    for (const k of ['q', 'c', 'x', 'a']) x.vg_object_insert(built, rt.str(k), x.vg_int(1));
    const expectedBuilt = rt.dump(built);
    const dataHeap = x.opa_heap_ptr_get();
    const expected = rt.dump(data);
    for (let round = 0; round < 5; round++) {
      x.vg_eval_begin(dataHeap);
      expect(rt.dump(built)).toBe(expectedBuilt);
      // scribble over everything above the data heap pointer, as the next input would
      const junk = x.opa_malloc(4096);
      new Uint8Array(rt.mem.buffer).fill(0xff, junk, junk + 4096);
      expect(rt.dump(data)).toBe(expected);
      expect(rt.dump(x.vg_iter_key(data, 0))).toBe('"k0"');
      expect(rt.dump(built)).toBe(expectedBuilt);
    }
    // a frozen constant keeps its index across resets (no rebuild per evaluation)
    const frozen = rt.parseValue('{"z", "a", {"q": {"y", "b"}}}');
    const c = x.vg_object();
    for (const k of ['q', 'c', 'x', 'a']) x.vg_object_insert(c, rt.str(k), frozen);
    expect(x.vg_freeze(c)).toBe(c);
    const expectedFrozen = rt.dump(c);
    const top = x.opa_heap_ptr_get();
    const growth = (): number => {
      const before = x.opa_heap_ptr_get();
      expect(rt.dump(c)).toBe(expectedFrozen);
      return x.opa_heap_ptr_get() - before;
    };
    x.vg_eval_begin(top);
    const first = growth();
    expect(growth()).toBe(first); // nothing was (re)built in the new epoch: only the output
    const unfrozen = rt.parseValue('{"z", "a"}');
    const u = x.vg_object();
    x.vg_object_insert(u, rt.str('b'), unfrozen);
    x.vg_object_insert(u, rt.str('a'), unfrozen);
    x.vg_eval_begin(x.opa_heap_ptr_get());
    const before = x.opa_heap_ptr_get();
    rt.dump(u);
    const firstU = x.opa_heap_ptr_get() - before;
    const mid = x.opa_heap_ptr_get();
    rt.dump(u);
    expect(x.opa_heap_ptr_get() - mid).toBeLessThan(firstU); // lazily built once per epoch
    x.vg_eval_begin(top);
    const junk = x.opa_malloc(4096);
    new Uint8Array(rt.mem.buffer).fill(0xff, junk, junk + 4096);
    expect(rt.dump(c)).toBe(expectedFrozen);
    // patched data keeps its order index with the data
    x.opa_heap_ptr_set(dataHeap);
    expect(x.opa_value_add_path(data, rt.parse('["a0"]'), x.vg_int(5))).toBe(0);
    expect(x.opa_value_remove_path(data, rt.parse('["k3"]'))).toBe(0);
    const patched = x.opa_heap_ptr_get();
    const expectedPatched = rt.dump(data);
    for (let round = 0; round < 3; round++) {
      x.vg_eval_begin(patched);
      const junk = x.opa_malloc(4096);
      new Uint8Array(rt.mem.buffer).fill(0xff, junk, junk + 4096);
      expect(rt.dump(data)).toBe(expectedPatched);
    }
    expect(Object.keys(JSON.parse(expectedPatched))[0]).toBe('a0');
    x.opa_heap_ptr_set(base);
  });
});
