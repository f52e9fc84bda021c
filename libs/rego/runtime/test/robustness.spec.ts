import fc from 'fast-check';
import { NATIVE_BUILTINS, RUNTIME_API } from '../../src/wasm/runtime-api';
import { loadRuntime } from './harness';

/** Bad input must give 0 or a recorded error, never a wasm trap. */
describe('robustness: no traps on any input', () => {
  const rt = loadRuntime({ initial: 16 });
  const { x } = rt;
  const base = x.opa_heap_ptr_get();
  beforeEach(() => x.vg_eval_begin(base));

  const jsonish = fc.stringMatching(/^[\s\[\]{}",:0-9eE.+\-truefalsn\\u\u00e9\ud83d\ude00set()]*$/);

  it('parses arbitrary bytes and near-JSON text without trapping; whatever parses dumps to valid JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), jsonish.map((s) => new TextEncoder().encode(s))), (bytes) => {
        x.vg_eval_begin(base);
        for (const parse of [x.opa_json_parse, x.opa_value_parse]) {
          const [p, n] = rt.write(bytes);
          const v = parse(p, n);
          if (v !== 0) {
            expect(() => JSON.parse(rt.dump(v))).not.toThrow();
            rt.dumpValue(v);
          }
        }
        const [p, n] = rt.write(bytes);
        const num = x.vg_number_ref(p, n);
        if (num !== 0) expect(typeof JSON.parse(rt.dump(num))).toBe('number');
      }),
      { numRuns: 3000 },
    );
  });

  it('calls every native builtin with every kind of operand (and undefined) without trapping', () => {
    const samples = [
      '0', '-1', '1.5', '-2.5', '9223372036854775807', '-9223372036854775808', '123456789012345678901234567890', '1e-300',
      '"s"', '""', '"😀"', 'null', 'true', 'false', '[]', '[1,[2]]', '{}', '{"a":1}', 'set()', '{1,"x"}', '{[1]:{2}}',
    ].map((t) => rt.parseValue(t));
    samples.push(0);
    const afterSamples = x.opa_heap_ptr_get();
    for (const [name, exp] of Object.entries(NATIVE_BUILTINS)) {
      const arity = RUNTIME_API[exp].params.length;
      const fn = x[exp];
      const args = (k: number, acc: number[]): void => {
        if (k === arity) {
          let r = 0;
          try {
            r = fn(...acc);
          } catch (e) {
            throw new Error(`${acc.map((a) => (a ? rt.dumpValue(a) : 'undefined')).join(', ')}: ${String(e)}`);
          }
          if (r !== 0) rt.dump(r);
          return;
        }
        for (const s of samples) args(k + 1, [...acc, s]);
      };
      x.vg_eval_begin(afterSamples);
      try {
        args(0, []);
      } catch (e) {
        throw new Error(`${name}: ${String(e)}`);
      }
    }
  });

  it('handles odd arguments to value functions', () => {
    const o = rt.parse('{"a":1}');
    const a = rt.parse('[1]');
    for (const c of [o, a, x.vg_null(), rt.str('s'), 0]) {
      expect(x.vg_iter_key(c, 5)).toBe(0);
      expect(x.vg_iter_value(c, -1)).toBe(0);
      expect(x.vg_array_get(c, 3)).toBe(0);
      expect(x.vg_dot(c, 0)).toBe(0);
      x.vg_len(c);
      x.vg_shallow_copy(c);
      x.vg_upsert_path(c, a, x.vg_int(1));
      x.vg_upsert_path(c, x.vg_null(), x.vg_int(1));
      x.opa_value_add_path(c, rt.parse('["a","b"]'), 0);
      x.opa_value_remove_path(c, rt.parse('["a","b"]'));
      x.vg_object_merge(c, o);
    }
    expect(x.vg_number_ref(0, 0)).toBe(0);
    expect(x.opa_json_parse(0, 0)).toBe(0);
    expect(x.vg_float(Number.NaN)).toBe(0);
    expect(x.vg_float(Number.POSITIVE_INFINITY)).toBe(0);
    expect(rt.dump(x.vg_float(-0))).toBe('0');
    expect(rt.dump(x.vg_float(2 ** 70))).toBe((2n ** 70n).toString());
    expect(rt.dump(x.vg_int64(-(2n ** 63n)))).toBe((-(2n ** 63n)).toString());
    x.vg_memo_get(-5);
    x.vg_memo_set(-5, 0);
  });

  it('hashes, compares and copies values nested 1,000 deep', () => {
    for (const [open, close] of [['[', ']'], ['{"k":', '}'], ['{', '}']]) {
      const text = open.repeat(999) + '1' + close.repeat(999);
      const v = open === '{' ? rt.parseValue(text) : rt.parse(text);
      expect(v).not.toBe(0);
      const s = x.vg_set();
      x.vg_set_add(s, v);
      x.vg_set_add(s, open === '{' ? rt.parseValue(text) : rt.parse(text));
      expect(x.vg_len(s)).toBe(1);
      expect(x.vg_compare(v, rt.parseValue(text))).toBe(0);
      rt.dumpValue(v);
    }
  });
});
