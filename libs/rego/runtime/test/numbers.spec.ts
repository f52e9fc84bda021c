import fc from 'fast-check';
import { loadRuntime } from './harness';
import { goFloat } from './reference';
import { bigFloatQuotientText } from './reference-bigfloat';

describe('numbers', () => {
  const rt = loadRuntime({ initial: 4 });
  const base = rt.x.opa_heap_ptr_get();
  beforeEach(() => rt.x.vg_eval_begin(base));
  const num = (text: string): number => rt.x.vg_number_ref(...rt.write(text));
  const show = (v: number): string => (v === 0 ? 'undefined' : rt.dump(v));
  const call = (name: string, ...args: string[]): string => show(rt.x[`vg_builtin_${name}`](...args.map(num)));
  /** The value without the text it was read from (arithmetic results are printed canonically). */
  const canon = (v: number): number => rt.x.vg_builtin_plus(v, num('0'));
  const isWide = (v: number): boolean => new Uint8Array(rt.mem.buffer)[v + 1] === 3; // number kind byte (number.ts)

  it('keeps big integers exact through parse and dump', () => {
    for (const t of ['12345678901234567890123', '-12345678901234567890123', '9223372036854775807', '9223372036854775808',
      '-9223372036854775808', '-9223372036854775809', '18446744073709551616', '1' + '0'.repeat(300)]) {
      expect(rt.dump(rt.parse(t))).toBe(t);
      expect(show(num(t))).toBe(t);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), (n) => {
        rt.x.vg_eval_begin(base);
        expect(rt.dump(rt.parse(n.toString()))).toBe(n.toString());
      }),
    );
  });

  it('treats integral literals as integers: 1.0 == 1 == 1e0 == 10e-1, and they hash alike', () => {
    expect(show(canon(num('1.0')))).toBe('1');
    expect(show(canon(num('1e3')))).toBe('1000');
    expect(show(canon(num('1E+3')))).toBe('1000');
    expect(show(canon(num('100e-2')))).toBe('1');
    expect(show(canon(num('0.5e1')))).toBe('5');
    expect(show(canon(num('-0.0')))).toBe('0');
    expect(show(canon(num('1.5e30')))).toBe('1500000000000000000000000000000');
    expect(rt.x.vg_equal(num('1'), num('1.0'))).toBe(1);
    expect(rt.x.vg_compare(num('1e2'), num('100'))).toBe(0);
    const set = rt.parseValue('{1, 1.0, 1e0, 10e-1, 0.1e1, 2}');
    expect(rt.dump(set)).toBe('[1,2]');
    expect(rt.x.vg_dot(rt.parse('{"a": 1}'), num('1')) === 0).toBe(true);
    expect(rt.dump(rt.x.vg_dot(rt.parse('["x", "y"]'), num('1e0')))).toBe('"y"');
    expect(rt.x.vg_dot(rt.parse('["x", "y"]'), num('0.5'))).toBe(0);
  });

  it('rejects malformed literals', () => {
    for (const t of ['', '-', '1.', '.1', '01', '1e', '+1', '1x', 'NaN', '0x10', '1e99999']) expect([t, num(t)]).toEqual([t, 0]);
  });

  it('adds, subtracts and multiplies integers exactly, across the int64 boundary', () => {
    const big = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.bigInt({ min: 2n ** 63n - 5n, max: 2n ** 63n + 5n }),
      fc.bigInt({ min: -(2n ** 63n) - 5n, max: -(2n ** 63n) + 5n }),
      fc.bigInt({ min: -1000n, max: 1000n }),
    );
    fc.assert(
      fc.property(big, big, (a, b) => {
        rt.x.vg_eval_begin(base);
        expect(call('plus', a.toString(), b.toString())).toBe((a + b).toString());
        expect(call('minus', a.toString(), b.toString())).toBe((a - b).toString());
        expect(call('mul', a.toString(), b.toString())).toBe((a * b).toString());
        if (b !== 0n) {
          expect(call('rem', a.toString(), b.toString())).toBe((a % b).toString());
          const v = rt.x.vg_builtin_div(num(a.toString()), num(b.toString()));
          const q = show(v);
          if (a % b === 0n) expect(q).toBe((a / b).toString());
          else if ((a / b < 0n ? -(a / b) : a / b) < 2n ** 62n) {
            // OPA's 64-bit quotient; when f64 holds it (or its text is short), it is that f64
            if (isWide(v)) expect(q).toBe(bigFloatQuotientText(a, b));
            else expect(Number(q)).toBe(Number(bigFloatQuotientText(a, b)));
          } else expect(Number(q)).toBeCloseTo(Number(a) / Number(b), -Math.floor(Math.log10(Math.abs(Number(a) / Number(b)))) + 14);
        }
        expect(rt.x.vg_compare(num(a.toString()), num(b.toString()))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 500 },
    );
    expect(call('mul', '123456789012345678901234567890', '987654321098765432109876543210')).toBe(
      (123456789012345678901234567890n * 987654321098765432109876543210n).toString(),
    );
    expect(call('div', '121932631137021795226185032733622923332237463801111263526900', '987654321098765432109876543210')).toBe(
      '123456789012345678901234567890',
    );
  });

  it('divides integers as OPA does: a 64-bit-mantissa quotient, printed with its shortest digits', () => {
    const ns = '1769903999999999999'; // the last nanosecond before exp = 1769904000 (BUGS #2)
    const q = rt.x.vg_builtin_div(num(ns), num('1000000000'));
    expect(show(q)).toBe('1.769903999999999999e+09');
    expect(rt.x.vg_compare(q, num('1769904000'))).toBe(-1);
    expect(rt.x.vg_compare(num('1769903999'), q)).toBe(-1);
    expect(rt.x.vg_equal(q, rt.x.vg_builtin_div(num(ns), num('1000000000')))).toBe(1);
    // arithmetic on the quotient stays at 64 bits (f64 would round to 1769903940)
    expect(show(rt.x.vg_builtin_minus(q, num('60')))).toBe('1.769903939999999999e+09');
    expect(rt.x.vg_compare(rt.x.vg_builtin_minus(q, num('60')), num('1769903940'))).toBe(-1);
    expect(call('div', '1', '3')).toBe('0.33333333333333333334');
    expect(call('div', '2', '3')).toBe('0.6666666666666666667');
    expect(call('mul', call('div', '1', '3'), '3')).toBe('1'); // the 64-bit product rounds to 1
    expect(call('div', '7', '2')).toBe('3.5'); // f64 holds it: a plain float
    expect(show(rt.x.vg_builtin_floor(q))).toBe('1769903999');
    expect(show(rt.x.vg_builtin_ceil(q))).toBe('1769904000');
    // its text reads back to the same value (literals of more than 17 digits are read at 64 bits)
    expect(rt.x.vg_equal(num('1.769903999999999999e+09'), q)).toBe(1);
    expect(call('round', call('div', '-5', '3'))).toBe('-2');
    expect(call('abs', call('div', '-1', '3'))).toBe('0.33333333333333333334');
    // one representation per value: a wide value never equals a different one, and sorts exactly
    const set = rt.x.vg_set();
    for (const [x, y] of [['1', '3'], ['2', '6'], ['1', '2'], ['5', '10']]) rt.x.vg_set_add(set, rt.x.vg_builtin_div(num(x), num(y)));
    expect(rt.dump(set)).toBe('[0.33333333333333333334,0.5]');
  });

  it('reads literals of more than 17 digits at 64 bits, like OPA, and prints them back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 17n, max: 10n ** 18n - 1n }), fc.integer({ min: 18, max: 30 }), (d, k) => {
        rt.x.vg_eval_begin(base);
        const text = `0.${d.toString().padStart(k, '0')}`;
        const v = canon(num(text));
        const ref = bigFloatQuotientText(d, 10n ** BigInt(k), false); // d / 10^k read at 64 bits
        if (isWide(v)) expect(show(v)).toBe(ref);
        else expect(Number(show(v))).toBe(Number(ref));
        expect(rt.x.vg_equal(num(show(v)), v)).toBe(1); // the printed text reads back to the value
        expect(show(num(text))).toBe(text); // and the literal prints as written, as in OPA
      }),
      { numRuns: 500 },
    );
    expect(show(canon(num('0.33333333333333333334')))).toBe('0.33333333333333333334');
    expect(rt.x.vg_equal(num('0.33333333333333333334'), rt.x.vg_builtin_div(num('1'), num('3')))).toBe(1);
    expect(show(canon(num('0.100000000000000000001')))).toBe('0.1'); // its 64-bit value prints as 0.1: the f64 0.1
    expect(rt.x.vg_equal(num('0.100000000000000000001'), num('0.1'))).toBe(1);
    expect(rt.x.vg_equal(rt.x.vg_builtin_div(num('1'), num('10')), num('0.1'))).toBe(1); // 1 / 10 == 0.1, as in OPA
  });

  it('does float arithmetic in f64 and turns integral results into integers', () => {
    expect(call('plus', '0.1', '0.2')).toBe('0.30000000000000004');
    expect(call('plus', '1.5', '1.5')).toBe('3');
    expect(call('div', '7', '2')).toBe('3.5');
    expect(call('div', '6', '3')).toBe('2');
    expect(call('div', '0', '5')).toBe('0');
    expect(call('mul', '2.5', '400000')).toBe('1000000');
    expect(call('minus', '1', '1.5')).toBe('-0.5');
    expect(call('mul', '1e200', '1e200')).toBe('1' + '0'.repeat(400));
    // f64 arithmetic on big values: the integral f64 result is kept exactly (its binary value)
    expect(call('mul', '0.5', '1' + '0'.repeat(30))).toBe('500000000000000009942312419328');
    expect(Number(call('mul', '0.5', '1' + '0'.repeat(30)))).toBe(5e29);
  });

  it('rounds half away from zero; ceil, floor, abs', () => {
    const table: [string, string, string][] = [
      ['round', '2.5', '3'], ['round', '-2.5', '-3'], ['round', '2.4', '2'], ['round', '-2.6', '-3'],
      ['round', '0.49999999999999994', '0'], ['round', '7', '7'], ['round', '12345678901234567890123', '12345678901234567890123'],
      ['ceil', '1.2', '2'], ['ceil', '-1.2', '-1'], ['floor', '1.8', '1'], ['floor', '-1.2', '-2'], ['floor', '5', '5'],
      ['abs', '-1.5', '1.5'], ['abs', '-9223372036854775808', '9223372036854775808'], ['abs', '-12345678901234567890123', '12345678901234567890123'],
      ['abs', '3', '3'],
    ];
    for (const [fn, arg, out] of table) expect([fn, arg, call(fn, arg)]).toEqual([fn, arg, out]);
  });

  it('reports division errors with OPA messages and makes the call undefined', () => {
    const cases: [string, string, string, string][] = [
      ['div', '1', '0', 'eval_builtin_error: div: divide by zero'],
      ['div', '1.5', '0', 'eval_builtin_error: div: divide by zero'],
      ['rem', '1', '0', 'eval_builtin_error: rem: modulo by zero'],
      ['rem', '7.5', '2', 'eval_builtin_error: rem: modulo on floating-point number'],
      ['rem', '7', '0.5', 'eval_builtin_error: rem: modulo on floating-point number'],
    ];
    for (const [fn, a, b, msg] of cases) {
      rt.x.vg_eval_begin(base);
      expect(call(fn, a, b)).toBe('undefined');
      expect(rt.text(rt.x.vg_last_error())).toBe(msg);
    }
    expect(call('rem', '-7', '3')).toBe('-1');
    expect(call('rem', '7.0', '2')).toBe('1');
  });

  it('formats floats like Go strconv.FormatFloat(f, g, -1, 64)', () => {
    const table: [number, string][] = [
      [0.1, '0.1'], [1e21, '1e+21'], [1.5e-7, '1.5e-07'], [123456.7, '123456.7'], [1234567.5, '1.2345675e+06'],
      [1e6, '1e+06'], [100000, '100000'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1 / 3, '0.3333333333333333'],
      [2 ** -1074, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [-2.5, '-2.5'], [123.456, '123.456'],
      [5e-324, '5e-324'], [2.2250738585072014e-308, '2.2250738585072014e-308'], [9007199254740993, '9.007199254740992e+15'],
      [0, '0'],
    ];
    for (const [f, s] of table) expect([f, rt.text(rt.x.vg_format_f64(f))]).toEqual([f, s]);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (f) => {
        rt.x.vg_eval_begin(base);
        expect(rt.text(rt.x.vg_format_f64(f))).toBe(goFloat(f));
      }),
      { numRuns: 2000 },
    );
  });

  it('parses float text to the correctly rounded double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (f, extra) => {
        if (Number.isInteger(f)) return;
        rt.x.vg_eval_begin(base);
        // shortest text, and the same value with noise digits that must not change the rounding
        // (texts of more than 17 digits are read at 64 bits: 21 digits sit within that of the double)
        expect(show(canon(num(JSON.stringify(f))))).toBe(goFloat(f));
        const exact = f.toPrecision(Math.min(100, 21 + extra));
        if (/e/.test(exact) || Number.isInteger(Number(exact))) return;
        expect(show(canon(num(exact)))).toBe(goFloat(Number(exact)));
      }),
      { numRuns: 2000 },
    );
    expect(show(canon(num('2.2250738585072011e-308')))).toBe(goFloat(2.2250738585072011e-308));
    expect(show(canon(num('4.9406564584124654e-324')))).toBe('5e-324');
    expect(show(canon(num('2.4703282292062328e-324')))).toBe('5e-324'); // just above half the smallest subnormal
    expect(show(canon(num('2.4703282292062327e-324')))).toBe('0');
    expect(show(canon(num('0.' + '0'.repeat(400) + '1')))).toBe('0');
  });

  it('compares numbers exactly across representations', () => {
    const order = ['-1e30', '-9223372036854775809', '-9223372036854775808', '-2.5', '-1', '0', '0.5', '1', '1.5',
      '9007199254740992', '9007199254740993', '9223372036854775807', '9223372036854775808', '1e30'];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect([order[i], order[j], rt.x.vg_compare(num(order[i]), num(order[j]))]).toEqual([order[i], order[j], Math.sign(i - j)]);
      }
    }
  });
});
