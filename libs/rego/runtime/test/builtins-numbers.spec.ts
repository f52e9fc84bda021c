import fc from 'fast-check';
import { useNativeRuntime } from './native-call';

const n = useNativeRuntime();
const call = n.call;

/** Integers around the int64 and limb boundaries, and beyond. */
const bigish = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, -(2n ** 64n), 2n ** 32n - 1n, -(2n ** 32n)),
);

describe('bits (Go big.Int semantics)', () => {
  it('and, or, xor, negate agree with BigInt two\'s complement', () => {
    fc.assert(
      fc.property(bigish, bigish, (a, b) => {
        expect(call('bits.and', String(a), String(b))).toBe(String(a & b));
        expect(call('bits.or', String(a), String(b))).toBe(String(a | b));
        expect(call('bits.xor', String(a), String(b))).toBe(String(a ^ b));
        expect(call('bits.negate', String(a))).toBe(String(~a));
      }),
    );
  });

  it('lsh is exact, rsh rounds toward negative infinity', () => {
    fc.assert(
      fc.property(bigish, fc.integer({ min: 0, max: 140 }), (a, s) => {
        expect(call('bits.lsh', String(a), String(s))).toBe(String(a << BigInt(s)));
        expect(call('bits.rsh', String(a), String(s))).toBe(String(a >> BigInt(s)));
      }),
    );
    expect(call('bits.lsh', '9223372036854775807', '1')).toBe('18446744073709551614');
  });

  it('reports OPA\'s operand errors', () => {
    expect(call('bits.rsh', '7.2', '1')).toBe('error: eval_type_error: bits.rsh: operand 1 must be integer number but got floating-point number');
    expect(call('bits.lsh', '7', '-1')).toBe('error: eval_type_error: bits.lsh: operand 2 must be an unsigned integer number but got a negative integer');
    expect(call('bits.and', '"a"', '1')).toBe('error: eval_type_error: bits.and: operand 1 must be integer but got string');
  });
});

describe('numbers.range, numbers.range_step', () => {
  it('counts up and down, inclusive, with exact big integers', () => {
    expect(call('numbers.range', '0', '3')).toBe('[0,1,2,3]');
    expect(call('numbers.range', '2', '-1')).toBe('[2,1,0,-1]');
    expect(call('numbers.range', '18446744073709551615', '18446744073709551617')).toBe('[18446744073709551615,18446744073709551616,18446744073709551617]');
    expect(call('numbers.range_step', '0', '10', '4')).toBe('[0,4,8]');
    expect(call('numbers.range_step', '0', '-10', '5')).toBe('[0,-5,-10]');
    expect(call('numbers.range_step', '0', '10', '-2')).toBe('error: eval_builtin_error: numbers.range_step: step must be a positive number above zero');
    expect(call('numbers.range', '0', '9223372036854775807')).toBe('error: eval_builtin_error: numbers.range: result too large');
    expect(call('numbers.range', '1.5', '3')).toBe('error: eval_type_error: numbers.range: operand 1 must be integer number but got floating-point number');
  });
  it('matches a reference on small ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 5 }), (a, b, s) => {
        const want: number[] = [];
        if (a <= b) for (let i = a; i <= b; i += s) want.push(i);
        else for (let i = a; i >= b; i -= s) want.push(i);
        expect(n.callJson('numbers.range_step', a, b, s)).toEqual(want);
      }),
    );
  });
});

describe('to_number, format_int, casts', () => {
  it('to_number reads Go float syntax and keeps integers exact', () => {
    const t: [string, string][] = [
      // the number keeps the (JSON-normalised) text, as OPA's to_number keeps the string
      ['"-42.0"', '-42.0'], ['"+5"', '5'], ['".5"', '0.5'], ['"5."', '5'], ['"007"', '7'], ['"1e3"', '1e3'],
      ['"123456789012345678901234567890"', '123456789012345678901234567890'], ['null', '0'], ['true', '1'], ['false', '0'], ['3.25', '3.25'],
    ];
    for (const [arg, want] of t) expect([arg, call('to_number', arg)]).toEqual([arg, want]);
    expect(call('to_number', '"abc"')).toBe('error: eval_builtin_error: to_number: strconv.ParseFloat: parsing "abc": invalid syntax');
    expect(call('to_number', '"1e400"')).toBe('error: eval_builtin_error: to_number: strconv.ParseFloat: parsing "1e400": value out of range');
    expect(call('to_number', '"-Inf"')).toBe('error: eval_type_error: to_number: operand 1 must be valid number string but got string');
    expect(call('to_number', '[]')).toBe('error: eval_type_error: to_number: operand 1 must be one of {null, boolean, number, string} but got array');
  });

  it('format_int truncates toward zero and prints bases 2, 8, 10, 16', () => {
    fc.assert(
      fc.property(bigish, fc.constantFrom(2, 8, 10, 16), (v, base) => {
        expect(call('format_int', String(v), String(base))).toBe(JSON.stringify(v.toString(base)));
      }),
    );
    expect(call('format_int', '15.5', '16')).toBe('"f"');
    expect(call('format_int', '-15.9', '16')).toBe('"-f"');
    expect(call('format_int', '4.1', '199')).toBe('error: eval_type_error: format_int: operand 2 must be one of {2, 8, 10, 16}');
  });

  it('casts (deprecated)', () => {
    expect(call('cast_array', '{3, 1}')).toBe('[1,3]');
    expect(call('cast_set', '[3, 1, 3]')).toBe('{1,3}');
    expect(call('cast_string', '"s"')).toBe('"s"');
    expect(call('cast_boolean', '1')).toBe('error: eval_type_error: cast_boolean: operand 1 must be boolean but got number');
    expect(call('cast_null', 'null')).toBe('null');
    expect(call('cast_object', '{}')).toBe('{}');
  });
});
