import fc from 'fast-check';
import { loadRuntime } from './harness';
import { canonicalJson } from './reference';

describe('JSON parse and dump', () => {
  const rt = loadRuntime({ initial: 4 });
  const base = rt.x.opa_heap_ptr_get();
  afterEach(() => rt.x.opa_heap_ptr_set(base));

  it('round-trips random documents: dump is canonical JSON (sorted keys, OPA numbers) and parses back equal', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 6 }), (doc) => {
        rt.x.opa_heap_ptr_set(base);
        const text = JSON.stringify(doc);
        const v = rt.parse(text);
        expect(v).not.toBe(0);
        const out = rt.dump(v);
        expect(out).toBe(canonicalJson(JSON.parse(text)));
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

  it('caps nesting at 1000 levels without overflowing the wasm stack, and records why', () => {
    const ok = '['.repeat(1000) + ']'.repeat(1000);
    const v = rt.parse(ok);
    expect(v).not.toBe(0);
    expect(rt.dump(v)).toBe(ok);
    expect(rt.x.vg_equal(v, rt.parse(ok))).toBe(1);
    rt.x.vg_eval_begin(rt.x.opa_heap_ptr_get());
    expect(rt.parse('['.repeat(1001) + ']'.repeat(1001))).toBe(0);
    expect(rt.text(rt.x.vg_last_error())).toContain('nesting');
    expect(rt.parse('{"a":'.repeat(200000))).toBe(0);
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
