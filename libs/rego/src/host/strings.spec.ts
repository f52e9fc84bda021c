import { opaCase, opaCases, wantX } from './testing/opa-cases';
import { callHost, expectCaseError, hostError } from './testing/host-call';
import { ObjectEntries, SetValue } from './values';

/** want_result as a boolean: `[{x: true}]` → true, `[]` (undefined) → false. */
const wantTrue = (c: { want_result?: readonly unknown[] }) => (c.want_result ?? []).length > 0;

describe('strings.any_prefix_match / any_suffix_match (OPA cases)', () => {
  for (const [category, name] of [
    ['strings', 'strings.any_prefix_match'],
    ['strings', 'strings.any_suffix_match'],
  ] as const) {
    const cases = opaCases(category).filter((c) => c.note.startsWith(`${name.replace('strings.', 'strings/')}/`));
    it(`${name}: ${cases.length} cases`, () => {
      expect(cases.length).toBeGreaterThan(10);
      for (const c of cases) {
        const input = c.input as Record<string, unknown>;
        const call = c.modules[0].match(/\((input\.\w+|strings_set), (input\.\w+|prefixes_set|suffixes_set)\)/)!;
        const arg = (ref: string) => (ref.startsWith('input.') ? input[ref.slice(6)] : ref.startsWith('strings') ? input.strings : input[ref.replace('_set', '')]);
        const args = [arg(call[1]), arg(call[2])];
        if (c.want_error) expectCaseError(c, name, args);
        else if (c.note.endsWith('type_error_nostrict')) {
          // Undefined in non-strict mode: either a type error (made undefined) or a false result.
          const typeErrors = (args as unknown[]).some((a) => !(typeof a === 'string' || (Array.isArray(a) && a.every((x) => typeof x === 'string'))));
          if (typeErrors) expect(hostError(name, args).code).toBe('eval_type_error');
          else expect(callHost(name, args)).toBe(false);
        }
        else expect({ note: c.note, got: callHost(name, args) }).toEqual({ note: c.note, got: wantTrue(c) });
      }
    });
  }
});

describe('string builtins (OPA cases)', () => {
  const value = (note: string, index = 0) => wantX(opaCase('strings', note, index));
  it('format_int', () => {
    expect(callHost('format_int', [15.5, 16])).toBe(value('strings/format_int'));
    expectCaseError(opaCase('strings', 'strings/format_int: err: bad base'), 'format_int', [4.1, 199]);
    expect(callHost('format_int', [-15.9, 16])).toBe('-f');
    expect(callHost('format_int', [255, 2])).toBe('11111111');
  });
  it('indexof, substring', () => {
    expect(callHost('indexof', ['abcdefgh', 'cde'])).toBe(value('strings/indexof', 0));
    expect(callHost('indexof', ['abcabcabcdefgh', 'cde'])).toBe(value('strings/indexof', 1));
    expect(callHost('indexof', ['abcdefgh', 'xyz'])).toBe(value('strings/indexof: not found'));
    expect(callHost('indexof', ['μx', 'x'])).toBe(value('strings/indexof: unicode char'));
    expect(callHost('indexof', ['μ', 'μμ'])).toBe(value('strings/indexof: unicode chars not found'));
    expect(callHost('indexof', ['skön var våren', 'vår'])).toBe(value('strings/indexof: unicode string'));
    expect(callHost('indexof', ['🍧🍨🧁🍰🍮', '🍮'])).toBe(value('strings/indexof: unicode string emoji'));
    expect(callHost('indexof', ['🍧🍨🧁🍰🍮', '🍧🍨🧁🍰🍮'])).toBe(value('strings/indexof: unicode string emojis'));
    expect(callHost('indexof_n', ['aaa', 'aa'])).toEqual([0, 1]);
    expect(hostError('indexof', ['abc', ''])).toEqual({ code: 'eval_builtin_error', message: 'indexof: empty search character' });
    expect(callHost('substring', ['abcdefgh', 2, 3])).toBe(value('strings/substring'));
    expect(callHost('substring', ['åäö', 0, 2])).toBe(value('strings/substring: unicode'));
    expect(callHost('substring', ['abcdefgh', 2, 10000])).toBe(value('strings/substring: too long'));
    expect(callHost('substring', ['abcdefghåäö', 2, 10000])).toBe(value('strings/substring: too long unicode'));
    expectCaseError(opaCase('strings', 'strings/substring: offset negative'), 'substring', ['aaa', -1, -1]);
    expectCaseError(opaCase('strings', 'strings/substring: offset negative unicode'), 'substring', ['åäö', -1, -1]);
    expect(callHost('substring', ['aaa', 3, -1])).toBe(value('strings/substring: offset too long'));
    expect(callHost('substring', ['åäö', 3, -1])).toBe(value('strings/substring: offset too long unicode'));
  });
  it('contains, startswith, endswith, split, replace, concat', () => {
    expect(callHost('contains', ['abcdefgh', 'ac'])).toBe(false);
    expect(callHost('startswith', ['abcdefgh', 'bcd'])).toBe(false);
    expect(callHost('endswith', ['abcdefgh', 'fg'])).toBe(false);
    expect(callHost('split', ['', '.'])).toEqual([value('strings/split: empty string')]);
    const [x, y] = value('strings/split: many') as string[];
    expect(callHost('split', ['foo.bar.baz', '.'])).toEqual([x, 'bar', y]);
    expect(callHost('split', ['añb', ''])).toEqual(['a', 'ñ', 'b']);
    expect(callHost('replace', ['', 'hi', 'bye'])).toBe(value('strings/replace: empty string'));
    expect(callHost('replace', ['ab', '', '-'])).toBe('-a-b-');
    expect(callHost('concat', ['/', ['a', 'b']])).toBe('a/b');
    expect(hostError('concat', ['/', ['a', 1]]).message).toBe('concat: operand 2 must be array of strings but got array containing number');
  });
  it('trim family', () => {
    expect(callHost('trim', ['foo.bar...', '.'])).toBe(value('strings/trim: end'));
    expect(callHost('trim', ['...foo.bar', '.'])).toBe(value('strings/trim: start'));
    expect(callHost('trim', ['...foo.bar...', '.fr'])).toBe(value('strings/trim: multi-cutset'));
    const one = (cat: string, note: string) => (wantX(opaCase(cat, note)) as string[])[0];
    expect(callHost('trim', ['¡¡¡foo, bar!!!', '!¡'])).toBe(one('trim', "trim/trims '!¡' from string"));
    expect(callHost('trim', ['¡¡¡foo, bar!!!', 'i'])).toBe(one('trim', 'trim/trims nothing from string'));
    expect(callHost('trim_left', ['¡¡¡foo, bar!!!', '!¡'])).toBe(one('trimleft', "trimleft/trims leading '!¡' from string"));
    expect(callHost('trim_left', ['!!!foo, bar¡¡¡', '¡'])).toBe(one('trimleft', 'trimleft/trims nothing from string'));
    expect(callHost('trim_right', ['¡¡¡foo, bar!!!', '!¡'])).toBe(one('trimright', "trimright/trims trailing '!¡' from string"));
    expect(callHost('trim_right', ['!!!foo, bar¡¡¡', '!'])).toBe(one('trimright', 'trimright/trims nothing from string'));
    expect(callHost('trim_prefix', ['¡¡¡foo, bar!!!', '¡¡¡foo'])).toBe(one('trimprefix', "trimprefix/trims prefix '!¡' from string"));
    expect(callHost('trim_prefix', ['¡¡¡foo, bar!!!', '¡¡¡bar'])).toBe(one('trimprefix', 'trimprefix/trims nothing from string'));
    expect(callHost('trim_suffix', ['¡¡¡foo, bar!!!', ', bar!!!'])).toBe(one('trimsuffix', "trimsuffix/trims suffix '!¡' from string"));
    expect(callHost('trim_suffix', ['¡¡¡foo, bar!!!', ', foo!!!'])).toBe(one('trimsuffix', 'trimsuffix/trims nothing from string'));
    expect(callHost('trim_space', [' \t\n foo, bar \n\t\r\n'])).toBe(one('trimspace', 'trimspace/trims all leading and trailing white space from string'));
    expect(callHost('trim_space', ['foo, bar'])).toBe(one('trimspace', 'trimspace/trims nothing from string'));
    expect(callHost('trim_space', ['\ufefffoo\u00a0'])).toBe('\ufefffoo');
  });
  it('strings.replace_n', () => {
    const one = (note: string) => (wantX(opaCase('replacen', note)) as string[])[0];
    expect(callHost('strings.replace_n', [{ '<': '&lt;', '>': '&gt;' }, 'This is <b>HTML</b>!'])).toBe(one('replacen/replace multiple patterns'));
    expect(callHost('strings.replace_n', [{ f: 'x', foo: 'xxx' }, 'foobar'])).toBe(wantX(opaCase('replacen', 'replacen/replace multiple patterns/overlapping')));
    expect(callHost('strings.replace_n', [{ foo: 'xxx', f: 'x' }, 'foo'])).toBe(
      wantX(opaCase('replacen', 'replacen/replace multiple patterns/overlapping/insertion order does not matter')),
    );
    expect(callHost('strings.replace_n', [{ old1: 'new1', old2: 'new2' }, 'Everything is new1, new2'])).toBe(one('replacen/find no patterns'));
    expectCaseError(opaCase('replacen', 'replacen/bad pattern object operand/non-string value', 0), 'strings.replace_n', [{ foo: 1 }, 'foo']);
    expectCaseError(opaCase('replacen', 'replacen/bad pattern object operand/non-string value', 1), 'strings.replace_n', [{ foo: 'baz' }, 1]);
  });
  it('strings.reverse, strings.count, split_n', () => {
    expect(callHost('strings.reverse', ['bar'])).toBe(value('strings/reverse_bar'));
    expect(callHost('strings.reverse', ['2️⃣'])).toBe(value('strings/reverse_unicode_multi_char_emojii'));
    expect(callHost('strings.reverse', ['1😀𝛾'])).toBe(value('strings/reverse_unicode'));
    expect(callHost('strings.reverse', [''])).toBe(value('strings/reverse_empty'));
    expectCaseError(opaCase('strings', 'strings/reverse_number_error'), 'strings.reverse', [1]);
    expectCaseError(opaCase('strings', 'strings/reverse_object_error'), 'strings.reverse', [{}]);
    expect(callHost('strings.count', ['cheese', 'e'])).toBe(value('strings/count_single_word_match'));
    expect(callHost('strings.count', ['hello hello hello world', 'hello'])).toBe(value('strings/count_multiple_separate_matches'));
    expect(callHost('strings.count', ['dummy', 'x'])).toBe(value('strings/count_n_no_match'));
    expect(callHost('strings.count', ['five', ''])).toBe(5);
    expect(callHost('strings.split_n', ['a,b,c', ',', 2])).toEqual(['a', 'b']);
    expect(callHost('strings.split_n', ['a,b,c', ',', -2])).toEqual(['b', 'c']);
  });
});

describe('sprintf', () => {
  const s = (format: string, ...values: unknown[]) => callHost('sprintf', [format, values]);
  it('OPA cases', () => {
    expect(s('hi')).toBe(wantX(opaCase('strings', 'strings/sprintf: none')));
    expect(s('hi %02d', 5)).toBe(wantX(opaCase('strings', 'strings/sprintf: int')));
    expect(s('hi %02X.%02X', 127, 1)).toBe(wantX(opaCase('strings', 'strings/sprintf: hex')));
  });
  it('integers with Go verbs and flags', () => {
    expect(s('%d|%5d|%-5d|%05d|%+d|% d', 42, 42, 42, -42, 42, 42)).toBe('42|   42|42   |-0042|+42| 42');
    expect(s('%b %o %O %x %X %#x %#o %#b', 10, 8, 8, 255, 255, 255, 8, 5)).toBe('1010 10 0o10 ff FF 0xff 010 0b101');
    expect(s('%c %q %U %#U', 65, 97, 0x1f600, 0x41)).toBe("A 'a' U+1F600 U+0041 'A'");
    expect(s('%.3d|%6.3d', 7, -7)).toBe('007|  -007');
    expect(s('%v', 12345678901234)).toBe('12345678901234');
  });
  it('floats like Go', () => {
    expect(s('%v %v %v %v', 1.5, 1e6 + 0.5, 1e21, 0.00001)).toBe('1.5 1.0000005e+06 1e+21 1e-05');
    expect(s('%f %.2f %.0f %e %E %g %.3g', 3.14159, 2.675, 0.5, 123456.789, 0.000123, 0.0001, 1234.5678)).toBe(
      '3.141590 2.67 0 1.234568e+05 1.230000E-04 0.0001 1.23e+03',
    );
    expect(s('%8.3f|%-8.2f|%08.3f|%+.1f', 3.14159, 2.5, -3.14159, 2.25)).toBe('   3.142|2.50    |-003.142|+2.2');
    expect(s('%.2f %.1f', 0.125, 0.25)).toBe('0.12 0.2');
  });
  it('strings, quoting and hex', () => {
    expect(s('%s|%10s|%-4s|%.2s|%q', 'hey', 'right', 'l', 'abc', 'a"b\n')).toBe('hey|     right|l   |ab|"a\\"b\\n"');
    expect(s('%x % X %#x', 'hi', 'hi', 'hi')).toBe('6869 68 69 0x6869');
    expect(s('%q %+q', 'é', 'é')).toBe('"é" "\\u00e9"');
  });
  it('composites, booleans and null print as OPA values', () => {
    expect(s('%v %v %v %v', [1, 'a'], { b: [true], a: null }, true, null)).toBe('[1, "a"] {"a": null, "b": [true]} true null');
    // sprintf is an exact host call: sets (nested too) and non-string keys arrive as they are.
    expect(callHost('sprintf', ['%v %v %v', [new SetValue([1, 2, 3]), new SetValue([]), [3]]])).toBe('{1, 2, 3} set() [3]');
    expect(s('%v %v', [new SetValue(['b', 'a'])], new ObjectEntries([[1, 'x'], [new SetValue([2]), null]]))).toBe('[{"a", "b"}] {1: "x", {2}: null}');
    // Booleans are handed to Go as their text, so %t does not apply (OPA behaves the same).
    expect(s('%t', true)).toBe('%!t(string=true)');
  });
  it('Go error texts', () => {
    expect(s('%d', 'x')).toBe('%!d(string=x)');
    expect(s('%d %d', 1)).toBe('1 %!d(MISSING)');
    expect(s('%d', 1, 'x', 2.5)).toBe('1%!(EXTRA string=x, float64=2.5)');
    expect(s('100%%')).toBe('100%');
    expect(s('%')).toBe('%!(NOVERB)');
    expect(s('%[2]d %[1]d', 1, 2)).toBe('2 1');
    expect(s('%[3]d', 1)).toBe('%!d(BADINDEX)');
    expect(s('%*d|%-*d|%.*f', 4, 7, 3, 1, 2, 3.14159)).toBe('   7|1  |3.14');
    expect(s('%T %T %T', 1, 1.5, 'x')).toBe('int64 float64 string');
    expect(s('%s', 12345678901234567890n)).toBe('12345678901234567890');
  });
  it('checks its operands', () => {
    expect(hostError('sprintf', [1, []])).toEqual({ code: 'eval_type_error', message: 'sprintf: operand 1 must be string but got number' });
    expect(hostError('sprintf', ['%v', 'x']).message).toBe('sprintf: operand 2 must be array but got string');
  });
});
