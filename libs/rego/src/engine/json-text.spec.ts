/**
 * jsonText: JSON.stringify's text at any depth (the iterative writer takes over where V8's
 * recursive JSON.stringify runs out of stack). Random values agree with JSON.stringify exactly.
 */
import fc from 'fast-check';
import { deepJsonText, jsonText } from './json-text';

describe('jsonText', () => {
  it('writes what JSON.stringify writes, for random values', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, undefined, NaN, Infinity, -0, 1.5, 2 ** 70, () => 1, Symbol('s')),
        fc.string(),
        fc.double(),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
        fc.date({ noInvalidDate: true }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return;
        expect(deepJsonText(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
  });

  it('calls toJSON once and unboxes primitives, as JSON.stringify does', () => {
    const v = { a: { toJSON: (k: string) => ({ key: k, inner: { toJSON: () => 'once' } }) }, b: [new Number(2), new String('s')], c: new Boolean(false) };
    expect(deepJsonText(v)).toBe(JSON.stringify(v));
  });

  it('serialises values nested 10,000 levels, which JSON.stringify cannot', () => {
    let arr: unknown = 1;
    let obj: unknown = 'x';
    for (let i = 0; i < 10_000; i++) {
      arr = [arr];
      obj = { a: obj, u: undefined };
    }
    expect(() => JSON.stringify(arr)).toThrow(RangeError);
    expect(jsonText(arr)).toBe(`${'['.repeat(10_000)}1${']'.repeat(10_000)}`);
    expect(jsonText(obj)).toBe(`${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`);
  });

  it('refuses cycles and BigInts like JSON.stringify', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(() => deepJsonText(cyclic)).toThrow(TypeError);
    expect(() => deepJsonText({ n: 1n })).toThrow(TypeError);
    const shared = { x: 1 };
    expect(deepJsonText([shared, shared])).toBe('[{"x":1},{"x":1}]'); // shared, not cyclic
  });
});
