import { PathStatus } from '../../src/wasm/runtime-api';
import { loadRuntime } from './harness';

describe('documents: merge, with-upsert, data patching', () => {
  const rt = loadRuntime({ initial: 4 });
  const base = rt.x.opa_heap_ptr_get();
  beforeEach(() => rt.x.vg_eval_begin(base));
  const { x } = rt;
  const merge = (a: string | null, b: string | null): string => {
    const v = x.vg_object_merge(a === null ? 0 : rt.parse(a), b === null ? 0 : rt.parse(b));
    return v === 0 ? 'undefined' : rt.dump(v);
  };

  it('deep-merges base and virtual documents, undefined on a disagreement at a non-object', () => {
    expect(merge('{"a":{"x":1},"b":2}', '{"a":{"y":2},"c":3}')).toBe('{"a":{"x":1,"y":2},"b":2,"c":3}');
    expect(merge(null, '{"a":1}')).toBe('{"a":1}');
    expect(merge('{"a":1}', null)).toBe('{"a":1}');
    expect(merge('{"a":{"x":1}}', '{"a":{"x":2}}')).toBe('undefined');
    expect(merge('{"a":{"x":1}}', '{"a":{"x":1.0}}')).toBe('{"a":{"x":1}}');
    expect(merge('{"a":{"x":1}}', '{"a":5}')).toBe('undefined');
    expect(merge('{"a":[1]}', '{"a":[2]}')).toBe('undefined');
    const a = rt.parse('{"a":{"x":1}}');
    x.vg_object_merge(a, rt.parse('{"a":{"y":2}}'));
    expect(rt.dump(a)).toBe('{"a":{"x":1}}'); // inputs untouched
  });

  it('upserts a path for `with`, copying on write', () => {
    const input = rt.parse('{"a":{"b":{"c":1},"keep":true},"other":[1]}');
    const before = rt.dump(input);
    const path = rt.parse('["a","b","c"]');
    const out = x.vg_upsert_path(input, path, rt.str('v'));
    expect(rt.dump(out)).toBe('{"a":{"b":{"c":"v"},"keep":true},"other":[1]}');
    expect(rt.dump(input)).toBe(before);
    expect(x.vg_dot(out, rt.str('other'))).toBe(x.vg_dot(input, rt.str('other'))); // untouched parts are shared
    expect(rt.dump(x.vg_upsert_path(0, rt.parse('["x","y"]'), x.vg_int(1)))).toBe('{"x":{"y":1}}');
    expect(rt.dump(x.vg_upsert_path(rt.parse('{"x":"scalar"}'), rt.parse('["x","y"]'), x.vg_int(1)))).toBe('{"x":{"y":1}}');
    expect(x.vg_upsert_path(input, rt.parse('[]'), x.vg_int(7))).toBe(x.vg_int(7));
  });

  it('adds paths in place with OPA return codes', () => {
    const data = rt.parse('{"a":{"b":1},"s":"str"}');
    const add = (path: string, v: string): number => x.opa_value_add_path(data, rt.parse(path), rt.parse(v));
    expect(add('["a","c"]', '2')).toBe(PathStatus.Ok);
    expect(add('["x","y","z"]', 'true')).toBe(PathStatus.Ok);
    expect(add('["a","b"]', '"replaced"')).toBe(PathStatus.Ok);
    expect(rt.dump(data)).toBe('{"a":{"b":"replaced","c":2},"s":"str","x":{"y":{"z":true}}}');
    expect(add('["s","t"]', '1')).toBe(PathStatus.InvalidType);
    expect(add('["s","t","u"]', '1')).toBe(PathStatus.InvalidType);
    expect(add('[]', '1')).toBe(PathStatus.InvalidPath);
    expect(add('"a"', '1')).toBe(PathStatus.InvalidPath);
    expect(add('[1,"a"]', '1')).toBe(PathStatus.InvalidPath);
    expect(x.opa_value_add_path(rt.parse('[1]'), rt.parse('["a"]'), x.vg_int(1))).toBe(PathStatus.InvalidType);
  });

  it('removes paths in place with OPA return codes', () => {
    const data = rt.parse(JSON.stringify({ a: { b: 1, c: 2 }, big: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])) }));
    const rm = (path: string): number => x.opa_value_remove_path(data, rt.parse(path));
    expect(rm('["a","b"]')).toBe(PathStatus.Ok);
    expect(rm('["a","missing"]')).toBe(PathStatus.Ok);
    expect(rm('["nope","deeper"]')).toBe(PathStatus.Ok);
    expect(rm('["big","k7"]')).toBe(PathStatus.Ok);
    expect(rm('[]')).toBe(PathStatus.InvalidPath);
    expect(rm('["a","c","d"]')).toBe(PathStatus.InvalidType);
    const out = JSON.parse(rt.dump(data));
    expect(out.a).toEqual({ c: 2 });
    expect(Object.keys(out.big)).toHaveLength(29);
    for (let i = 0; i < 30; i++) {
      const v = x.vg_dot(x.vg_dot(data, rt.str('big')), rt.str(`k${i}`));
      expect(v === 0 ? undefined : rt.dump(v)).toBe(i === 7 ? undefined : String(i));
    }
    expect(rm('["big"]')).toBe(PathStatus.Ok);
    expect(rt.dump(data)).toBe('{"a":{"c":2}}');
  });
});
