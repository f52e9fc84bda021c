import fc from 'fast-check';
import { loadRuntime } from './harness';
import { canonicalJson } from './reference';

describe('JSON parse and dump', () => {
  const rt = loadRuntime({ initial: 4 });
  const base = rt.x.opa_heap_ptr_get();
  afterEach(() => rt.x.opa_heap_ptr_set(base));

  it('round-trips random documents: dump is canonical JSON (sorted keys, numbers as read) and parses back equal', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 6 }), (doc) => {
        rt.x.opa_heap_ptr_set(base);
        const text = JSON.stringify(doc);
        const v = rt.parse(text);
        expect(v).not.toBe(0);
        const out = rt.dump(v);
        expect(out).toBe(canonicalJson(JSON.parse(text), (x) => JSON.stringify(x))); // numbers keep their text, as in OPA
        expect(JSON.parse(out)).toEqual(JSON.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps UTF-8 raw and decodes escapes, astral characters and surrogate pairs', () => {
    const cases: [string, string][] = [
      ['"héllo wörld"', 'héllo wörld'],
      ['"\\u00e9\\u4e2d"', 'é中'],
      ['"\\ud83d\\ude00 and 😀"', '😀 and 😀'],
      ['"𝄞\\t\\n\\r\\b\\f\\"\\\\\\/"', '𝄞\t\n\r\b\f"\\/'],
      ['"\\ud800"', '\ufffd'], // a lone surrogate becomes U+FFFD, as Go's decoder does
      ['"\\udc00x"', '\ufffdx'],
      ['"\\ud83dx"', '\ufffdx'],
    ];
    for (const [json, expected] of cases) {
      const v = rt.parse(json);
      expect(v).not.toBe(0);
      expect(JSON.parse(rt.dump(v))).toBe(expected);
      expect(rt.x.vg_len(v)).toBe([...expected].length);
    }
    expect(rt.dump(rt.parse('"😀"'))).toBe('"😀"');
  });

  it('escapes control characters, NUL included, and nothing else', () => {
    const s = String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)) + '"\\\u007f é';
    const v = rt.str(s);
    const out = rt.dump(v);
    expect(out).toBe(JSON.stringify(s));
    expect(out).not.toContain('\u0000');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (t) => {
        rt.x.opa_heap_ptr_set(base);
        expect(rt.dump(rt.str(t))).toBe(JSON.stringify(t));
      }),
    );
  });

  it('counts code points of strings (count/len), not bytes or UTF-16 units', () => {
    expect(rt.x.vg_len(rt.str('a😀é'))).toBe(3);
    expect(rt.x.vg_len(rt.parse('"a\\ud83d\\ude00\\u00e9"'))).toBe(3);
  });

  it('rejects invalid JSON with 0', () => {
    const bad = [
      '', ' ', '{', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', '[1 2]', '01', '1.', '.5', '-', '+1', '1e', 'tru', 'nul',
      'true false', '"abc', '"a\nb"', '"\\x"', '"\\u12"', '"\\u12g4"', 'NaN', 'Infinity', '{"a":1}}', '[1]]', "'a'",
      '{1:2}', '{"a",1}', 'set()', '{1,2}', '1e99999',
    ];
    for (const text of bad) expect([text, rt.parse(text)]).toEqual([text, 0]);
  });

  it('rejects invalid UTF-8 in strings', () => {
    for (const bytes of [[0x22, 0xff, 0x22], [0x22, 0xc0, 0x80, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe2, 0x82, 0x22], [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]]) {
      expect(rt.parse(new Uint8Array(bytes))).toBe(0);
    }
    expect(rt.parse(new Uint8Array([0x22, 0xe2, 0x82, 0xac, 0x22]))).not.toBe(0); // €
  });

  it('accepts surrounding whitespace and keeps the last of duplicate keys (as JSON.parse)', () => {
    expect(rt.dump(rt.parse(' \t\r\n{"a":1,"a":2} \n'))).toBe('{"a":2}');
  });

  it.each([
    ['arrays', (n: number) => '['.repeat(n) + ']'.repeat(n)],
    ['objects', (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)],
  ])('parses, dumps, compares and hashes %s nested 10,000 levels (Go\'s limit), refuses 10,001 and records why', (_kind, deep) => {
    const ok = deep(10_000);
    const v = rt.parse(ok);
    const w = rt.parse(ok);
    expect(v).not.toBe(0);
    expect(rt.dump(v)).toBe(ok);
    expect(rt.x.vg_equal(v, w)).toBe(1);
    expect(rt.x.vg_compare(v, w)).toBe(0);
    expect(rt.x.vg_compare(v, rt.parse(deep(9_999)))).not.toBe(0);
    expect(rt.x.vg_equal(v, rt.parse(deep(9_999)))).toBe(0);
    const s = rt.x.vg_set();
    rt.x.vg_set_add(s, v);
    expect(rt.x.vg_len(s)).toBe(1);
    rt.x.vg_set_add(s, w); // same hash, equal: still one element
    expect(rt.x.vg_len(s)).toBe(1);
    rt.x.vg_eval_begin(rt.x.opa_heap_ptr_get());
    expect(rt.parse(deep(10_001))).toBe(0);
    expect(rt.text(rt.x.vg_last_error())).toContain('nesting deeper than 10000 levels');
    expect(rt.parse('{"a":'.repeat(200000))).toBe(0);
  });

  it('walks deep values with an explicit stack that survives nested walks and heap resets', () => {
    // A set of deep arrays: building its sorted index compares deep elements inside a dump.
    const deep = (n: number, leaf: number): string => '['.repeat(n) + String(leaf) + ']'.repeat(n);
    const v = rt.x.vg_set(); // built here, so its sorted index is built (deep compares) when dumped
    for (const [n, leaf] of [[3000, 2], [3000, 1], [2999, 3]]) rt.x.vg_set_add(v, rt.parse(deep(n, leaf)));
    expect(rt.dumpValue(v)).toBe(`{${deep(2999, 3)},${deep(3000, 1)},${deep(3000, 2)}}`);
    rt.x.opa_heap_ptr_set(rt.x.opa_heap_ptr_get());
    expect(rt.dump(rt.parse('[1,{"b":2,"a":[3]}]'))).toBe('[1,{"a":[3],"b":2}]');
  });

  it('refuses sets nested beyond the native depth guard with a typed error instead of overflowing', () => {
    const n = 1001;
    const a = rt.parseValue('{'.repeat(n) + '1' + '}'.repeat(n));
    const b = rt.parseValue('{'.repeat(n) + '1' + '}'.repeat(n));
    expect(rt.abortText(() => rt.x.vg_equal(a, b))).toMatch(/^eval_builtin_error: value nested too deep/);
    rt.x.vg_eval_begin(rt.x.opa_heap_ptr_get());
    const c = rt.parseValue('{'.repeat(999) + '1' + '}'.repeat(999));
    expect(rt.x.vg_equal(c, rt.parseValue('{'.repeat(999) + '1' + '}'.repeat(999)))).toBe(1);
  });

  it('parses value syntax: sets, set(), non-string keys; dumps sets as sorted arrays in JSON', () => {
    const v = rt.parseValue('{"x": {3, 1, 2, 1.0}, "e": set(), 1: "one", [1]: {"k": null}}');
    expect(v).not.toBe(0);
    // keys sort by value (number < string < array), then print as strings
    expect(rt.dump(v)).toBe('{"1":"one","e":[],"x":[1,2,3],"[1]":{"k":null}}');
    expect(rt.dumpValue(v)).toBe('{1:"one","e":set(),"x":{1,2,3},[1]:{"k":null}}');
    expect(rt.dumpValue(rt.parseValue('{}'))).toBe('{}');
    expect(rt.dumpValue(rt.parseValue('{{1}: {2}}'))).toBe('{{1}:{2}}');
    expect(rt.parseValue('{1, 2: 3}')).toBe(0);
    expect(rt.parseValue('{1: 2, 3}')).toBe(0);
  });

  it('turns non-string keys into their JSON text in a string', () => {
    const v = rt.parseValue('{1: "a", "s": 1, ["x", {"q": "\\""}]: 2, {1}: 3}');
    const out = rt.dump(v);
    expect(JSON.parse(out)).toEqual({ '1': 'a', s: 1, '["x",{"q":"\\""}]': 2, '[1]': 3 });
  });
});
