import type { Term } from './ast';
import { dumpTerm } from './dump';
import { parseTerm } from './parse';
import { RegoNumber, RegoObject, RegoSet, termToValue, valueToJSON, valueToTerm } from './values';

const t = (src: string): Term => {
  const r = parseTerm(src);
  if (!r.term) throw new Error(r.diagnostics[0]?.message);
  return r.term;
};

describe('termToValue', () => {
  it('converts ground terms, keeping number text and marking sets', () => {
    expect(termToValue(t('{"foo": 7}'))).toEqual({ foo: new RegoNumber('7') });
    expect(termToValue(t('{1, 2}'))).toEqual(new RegoSet([new RegoNumber('1'), new RegoNumber('2')]));
    expect(termToValue(t('set()'))).toEqual(new RegoSet([]));
    expect(termToValue(t('"b"'))).toBe('b');
    expect(termToValue(t('[null, true, -1.50]'))).toEqual([null, true, new RegoNumber('-1.50')]);
    expect((termToValue(t('12345678901234567890')) as RegoNumber).text).toBe('12345678901234567890');
  });

  it('keeps objects with non-string keys as entries', () => {
    expect(termToValue(t('{1: "a", "b": 2}'))).toEqual(
      new RegoObject([
        [new RegoNumber('1'), 'a'],
        ['b', new RegoNumber('2')],
      ]),
    );
  });

  it('returns undefined for non-ground terms', () => {
    for (const src of ['x', 'input.a', '[1, x]', '{"a": f(1)}', '[x | x := 1]', '1 + 2', '{x}']) {
      expect(termToValue(t(src))).toBeUndefined();
    }
  });
});

describe('valueToTerm', () => {
  it('round-trips ground terms', () => {
    for (const src of ['{"foo": 7}', '{1, 2}', 'set()', '"b"', '[null, true, -1.5e3]', '{1: [{"a": {2}}]}', '{}', '[]']) {
      const v = termToValue(t(src));
      expect(dumpTerm(valueToTerm(v))).toBe(dumpTerm(t(src)));
    }
  });

  it('accepts plain JSON, JS Sets and Maps', () => {
    expect(dumpTerm(valueToTerm({ a: [1, 2.5, 'x'], b: null }))).toBe('{"a": [1, 2.5, "x"], "b": null}');
    expect(dumpTerm(valueToTerm(new Set([1])))).toBe('{1}');
    expect(dumpTerm(valueToTerm(new Map<unknown, unknown>([[1, true]])))).toBe('{1: true}');
  });

  it('refuses values Rego cannot hold', () => {
    expect(() => valueToTerm(NaN)).toThrow(TypeError);
    expect(() => valueToTerm(undefined)).toThrow(TypeError);
    expect(() => valueToTerm(new Date())).toThrow(TypeError);
  });
});

describe('valueToJSON', () => {
  it('gives the wire form: numbers, sets as arrays, non-string keys as JSON text', () => {
    expect(valueToJSON(termToValue(t('{"a": {1, 2}, "n": 1.5}')) as never)).toEqual({ a: [1, 2], n: 1.5 });
    expect(valueToJSON(termToValue(t('{[1]: "x"}')) as never)).toEqual({ '[1]': 'x' });
  });
});
