import fc from 'fast-check';
import { hostCall, stringsOf } from './host-reference';
import { useNativeRuntime } from './native-call';

const n = useNativeRuntime();
const call = n.call;

// ASCII, Latin-1, Greek (no Σ: JS lowers it by context), Cyrillic, CJK, astral, separators.
const ALPHABET = 'aAbBzZ09 -/.,~é Éü ÜñÑαΑβΒωΩжЖяЯ世界😀🍰\t\n';
const text = stringsOf(ALPHABET, 12);
const short = stringsOf(ALPHABET, 3);

describe('string builtins agree with the host implementations', () => {
  it('two-string builtins', () => {
    const names = ['contains', 'startswith', 'endswith', 'split', 'trim', 'trim_left', 'trim_right', 'trim_prefix', 'trim_suffix', 'strings.count', 'indexof', 'indexof_n'];
    fc.assert(
      fc.property(text, short, (s, t) => {
        for (const name of names) expect([name, s, t, n.callJson(name, s, t)]).toEqual([name, s, t, hostCall(name, s, t)]);
      }),
      { numRuns: 300 },
    );
  });

  it('one-string builtins', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const name of ['lower', 'upper', 'trim_space', 'strings.reverse']) expect([name, s, n.callJson(name, s)]).toEqual([name, s, hostCall(name, s)]);
      }),
      { numRuns: 300 },
    );
  });

  it('replace, strings.replace_n, concat, substring, any_prefix/suffix_match', () => {
    fc.assert(
      fc.property(text, short, short, fc.dictionary(short.filter((k) => k !== ''), short, { maxKeys: 3 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: -2, max: 14 }), (s, a, b, pats, from, len) => {
        expect(n.callJson('replace', s, a, b)).toEqual(hostCall('replace', s, a, b));
        expect(n.callJson('strings.replace_n', pats, s)).toEqual(hostCall('strings.replace_n', pats, s));
        expect(n.callJson('concat', a, [s, b, a])).toEqual(hostCall('concat', a, [s, b, a]));
        expect(n.callJson('substring', s, from, len)).toEqual(hostCall('substring', s, from, len));
        for (const name of ['strings.any_prefix_match', 'strings.any_suffix_match']) {
          expect(n.callJson(name, [s, b], [a, b])).toEqual(hostCall(name, [s, b], [a, b]));
          expect(n.callJson(name, s, a)).toEqual(hostCall(name, s, a));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('operand errors read the same', () => {
    const cases: [string, unknown[]][] = [
      ['contains', [1, 'a']], ['lower', [[]]], ['concat', [',', [1]]], ['concat', [',', 'x']], ['substring', ['abc', -1, 1]],
      ['substring', ['abc', 1.5, 1]], ['indexof', ['abc', '']], ['strings.any_prefix_match', [1, 'a']], ['strings.any_suffix_match', [['a', 2], 'a']],
      ['trim', ['a', 1]], ['replace', ['a', 'b', null]], ['strings.replace_n', [{ a: 1 }, 'a']], ['strings.replace_n', [{ a: 'b' }, 2]],
    ];
    for (const [name, args] of cases) expect([name, n.callJson(name, ...args)]).toEqual([name, hostCall(name, ...args)]);
  });
});

describe('string builtins (where native and OPA differ from the host)', () => {
  it('upper/lower use simple case mappings, every script', () => {
    expect(call('upper', '"straße ǆ ﬃ"')).toBe('"STRAßE Ǆ ﬃ"'); // no special casing: ß and ﬃ have no simple upper
    expect(call('lower', '"İSTANBUL ΣΑΣ Ǆ"')).toBe('"istanbul σασ ǆ"'); // İ → i, Σ → σ everywhere
    expect(call('upper', '"ǳ ⓐ ａ 𐐨 ꭰ"')).toBe('"Ǳ Ⓐ Ａ 𐐀 Ꭰ"');
    expect(call('lower', '"ÀÉÎÕÜ ĀĂĄ ΆΈ ЀЁЂ ԱԲ Ⴀ ẞ"')).toBe('"àéîõü āăą άέ ѐёђ աբ ⴀ ß"');
    expect(call('lower', '"abc"')).toBe('"abc"');
  });

  it('replace_n: patterns apply in key order, non-string keys are errors', () => {
    expect(call('strings.replace_n', '{"a": "1", "aa": "2"}', '"aaa"')).toBe('"111"');
    // An empty pattern matches at every position, once; another pattern may still match there (Go).
    expect(call('strings.replace_n', '{"": "-", "b": "B"}', '"ab"')).toBe('"-a-B-"');
    expect(call('strings.replace_n', '{"": "-", " ": "_"}', '" "')).toBe('"-_-"');
    expect(call('strings.replace_n', '{1: "x"}', '"a"')).toBe('error: eval_type_error: strings.replace_n: operand 1 non-string key found in pattern object');
    expect(call('strings.replace_n', '{"a": 1}', '"a"')).toBe('error: eval_type_error: strings.replace_n: operand 1 non-string value found in pattern object');
  });

  it('sets are joined and matched as sets', () => {
    expect(call('concat', '"-"', '{"c", "a", "b"}')).toBe('"a-b-c"');
    expect(call('strings.any_prefix_match', '{"abc", "x"}', '{"ab"}')).toBe('true');
    expect(call('strings.any_suffix_match', '{"abc"}', '{"x", 1}')).toBe(
      'error: eval_type_error: strings.any_suffix_match: operand 2 must be set of strings but got set containing number',
    );
  });

  it('OPA cases', () => {
    expect(call('indexof', '"🍧🍨🧁🍰🍮"', '"🍮"')).toBe('4');
    expect(call('indexof_n', '"aaa"', '"aa"')).toBe('[0,1]');
    expect(call('substring', '"åäö"', '0', '2')).toBe('"åä"');
    expect(call('substring', '"abcdefghåäö"', '2', '10000')).toBe('"cdefghåäö"');
    expect(call('substring', '"aaa"', '-1', '-1')).toBe('error: eval_builtin_error: substring: negative offset');
    expect(call('split', '"a,b,,c"', '","')).toBe('["a","b","","c"]');
    expect(call('split', '"héllo"', '""')).toBe('["h","é","l","l","o"]');
    expect(call('trim_space', '"\\u00a0 x \\u3000"')).toBe('"x"');
    expect(call('strings.count', '"cheese"', '"e"')).toBe('3');
    expect(call('strings.count', '"five"', '""')).toBe('5');
    expect(call('strings.reverse', '"abc😀"')).toBe('"😀cba"');
    expect(call('strings.reverse', '1')).toBe('error: eval_type_error: strings.reverse: operand 1 must be string but got number');
  });
});
