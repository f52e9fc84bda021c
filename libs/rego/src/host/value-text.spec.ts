import fc from 'fast-check';
import { goQuote } from './go-quote';
import { compareValues, isScalarValue, regoText, scalarText, toSortedSet } from './rego-text';
import { decodeValueText, encodeValueText } from './value-text';
import { NumberText, ObjectEntries, SetValue, type Value } from './values';

describe('Rego value text (exact host calls)', () => {
  it('decodes what the runtime writes: sets, exact integers, non-string keys', () => {
    expect(decodeValueText('{"a":[1,2.5,"x"],"b":null}')).toEqual({ a: [1, 2.5, 'x'], b: null });
    expect(decodeValueText('{1,"a",[true]}')).toEqual(new SetValue([1, 'a', [true]]));
    expect(decodeValueText('set()')).toEqual(new SetValue([]));
    expect(decodeValueText('[set(),{}]')).toEqual([new SetValue([]), {}]);
    expect(decodeValueText('123456789123456789123')).toBe(123456789123456789123n);
    // numbers JS would print differently keep their text
    expect(decodeValueText('[2e308,1e21,1.0,1.5,0.1]')).toEqual([new NumberText('2e308'), new NumberText('1e21'), new NumberText('1.0'), 1.5, 0.1]);
    expect(encodeValueText([new NumberText('2e308'), 1.5])).toBe('[2e308,1.5]');
    expect(decodeValueText('-9007199254740991')).toBe(-9007199254740991);
    expect(decodeValueText('1.5e-07')).toBe(1.5e-7);
    expect(decodeValueText('{1:"x",{2}:null}')).toEqual(new ObjectEntries([[1, 'x'], [new SetValue([2]), null]]));
    expect(decodeValueText('"a\\"\\u00e9\\n"')).toBe('a"é\n');
  });

  it('rejects malformed text (a bug on one side, not user input)', () => {
    expect(() => decodeValueText('{1,')).toThrow(/value text/);
    expect(() => decodeValueText('[1] x')).toThrow(/trailing/);
  });

  it('encodes values so that decoding gives them back', () => {
    const values = [
      { a: new SetValue([1, 'b']), c: [null, true, 2.5, 10n ** 30n] },
      new SetValue([]),
      new ObjectEntries([[[1], 'x']]),
      'quote " and \\u0000',
    ];
    for (const v of values) expect(decodeValueText(encodeValueText(v))).toEqual(v);
    expect(encodeValueText(new SetValue([]))).toBe('set()');
    expect(encodeValueText(10n ** 21n)).toBe('1000000000000000000000');
  });

  it('decodes and encodes values nested 10,000 levels (the runtime\'s limit) without recursing', () => {
    const n = 10_000;
    for (const [open, leaf, close] of [['[', '1', ']'], ['{"a":', '1', '}'], ['{', '1', '}'], ['{[', '1', ']:1}']] as const) {
      const text = open.repeat(n) + leaf + close.repeat(n);
      const v = decodeValueText(text);
      expect(encodeValueText(v)).toBe(text);
    }
    const deepArray = decodeValueText('['.repeat(n) + ']'.repeat(n));
    expect(regoText(deepArray)).toBe('['.repeat(n) + ']'.repeat(n));
    expect(regoText(decodeValueText('{"a":'.repeat(n) + '{1}' + '}'.repeat(n)))).toBe('{"a": '.repeat(n) + '{1}' + '}'.repeat(n));
  });

  it('round-trips random values, and prints them as before', () => {
    const key = fc.constantFrom('a', 'b', '"q"', '1');
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.constantFrom(null, true, false, 'x', 'é"\\n', 2.5, 10n ** 25n), tie('arr'), tie('obj'), tie('set'), tie('entries')),
      arr: fc.array(tie('value'), { maxLength: 3 }),
      obj: fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      set: fc.array(tie('value'), { maxLength: 3 }).map((xs) => new SetValue(xs as Value[])),
      entries: fc.tuple(fc.tuple(fc.integer(), tie('value')), fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 2 })).map(([e, es]) => new ObjectEntries([e, ...es] as [Value, Value][])), // a non-string key
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeValueText(encodeValueText(v as Value))).toEqual(v);
        expect(regoText(v as Value)).toBe(recursiveRegoText(v as Value));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

/** The recursive definition regoText implements with a stack: the spec's reference. */
function recursiveRegoText(v: Value, asSet = false): string {
  if (isScalarValue(v)) return scalarText(v, goQuote);
  if (v instanceof SetValue) return recursiveRegoText(v.items, true);
  if (Array.isArray(v)) {
    if (asSet) return v.length === 0 ? 'set()' : `{${toSortedSet(v).map((x) => recursiveRegoText(x)).join(', ')}}`;
    return `[${v.map((x) => recursiveRegoText(x)).join(', ')}]`;
  }
  const entries: [Value, Value][] = v instanceof ObjectEntries ? [...v.entries] : Object.entries(v);
  entries.sort((x, y) => compareValues(x[0], y[0]));
  return `{${entries.map(([k, x]) => `${recursiveRegoText(k)}: ${recursiveRegoText(x)}`).join(', ')}}`;
}
