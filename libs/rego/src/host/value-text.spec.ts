import { decodeValueText, encodeValueText } from './value-text';
import { NumberText, ObjectEntries, SetValue } from './values';

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
});
