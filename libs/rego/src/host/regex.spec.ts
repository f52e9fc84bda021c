import { callArgs } from './testing/rego-args';
import { opaCase, opaCases, wantX } from './testing/opa-cases';
import { callHost, hostError } from './testing/host-call';

/** `p contains x if { f(args..., x) }`: the one element of the wanted set. */
const first = (c: ReturnType<typeof opaCase>) => (wantX(c) as unknown[])[0];

describe('regex.* (OPA cases)', () => {
  it('regex.find_n and find_all_string_submatch_n', () => {
    for (const [cat, name] of [
      ['regexfind', 'regex.find_n'],
      ['regexfindallstringsubmatch', 'regex.find_all_string_submatch_n'],
    ]) {
      for (const c of opaCases(cat)) {
        const args = callArgs(c.modules[0], name).slice(0, 3);
        expect({ note: c.note, got: callHost(name, args) }).toEqual({ note: c.note, got: first(c) });
      }
    }
  });
  it('regex.is_valid', () => {
    expect(callHost('regex.is_valid', [1])).toBe(wantX(opaCase('regexisvalid', 'regexisvalid/bad operand type')));
    expect(callHost('regex.is_valid', ['++'])).toBe(wantX(opaCase('regexisvalid', 'regexisvalid/bad pattern')));
    expect(callHost('regex.is_valid', ['.+'])).toBe(wantX(opaCase('regexisvalid', 'regexisvalid/good pattern')));
  });
  it('re_match and regex.match', () => {
    expect(callHost('re_match', ['^[a-z]+\\[[0-9]+\\]$', 'foo[1]'])).toBe(wantX(opaCase('regexmatch', 'regexmatch/re_match')));
    expect(callHost('regex.match', ['^b.*$', 'abc'])).toBe(false);
    expect(hostError('regex.match', ['[', 'x'])).toEqual({
      code: 'eval_builtin_error',
      message: 'regex.match: error parsing regexp: missing closing ]: `[`',
    });
  });
  it('regex.template_match', () => {
    for (const c of opaCases('regexmatchtemplate')) {
      expect(callHost('regex.template_match', callArgs(c.modules[0], 'regex.template_match').slice(0, 4))).toBe(first(c));
    }
    expect(callHost('regex.template_match', ['urn:foo:{[0-9]+}:x', 'urn:foo:12:x', '{', '}'])).toBe(true);
    expect(callHost('regex.template_match', ['urn.{a}', 'urnXa', '{', '}'])).toBe(false);
    expect(hostError('regex.template_match', ['urn:{x', 'urn', '{', '}']).message).toBe('regex.template_match: unbalanced braces in "urn:{x"');
  });
  it('regex.replace', () => {
    expect(callHost('regex.replace', ['-wy-wxxy-', 'w(x*)y', '0'])).toBe(wantX(opaCase('regexreplace', 'regex.replace: test pattern match and replace')));
    expect(callHost('regex.replace', ['foo', '(foo)', '$1$1'])).toBe(wantX(opaCase('regexreplace', 'regex.replace: work with groups')));
    expect(opaCase('regexreplace', 'regex.replace: bad regex pattern: Syntax error').want_result).toEqual([]);
    expect(hostError('regex.replace', ['foo', '[', '$1']).code).toBe('eval_builtin_error');
    // Go's expansion: $1x names group "1x" (empty), ${1}x is group 1 then x, $$ is $.
    expect(callHost('regex.replace', ['ab', '(a)(?P<rest>b)', '$1x|${1}x|$rest|$$|$'])).toBe('|ax|b|$|$');
  });
  it('regex.split', () => {
    expect(callHost('regex.split', ['^[a-z]+\\[[0-9]+\\]$', ''])).toEqual([wantX(opaCase('regexsplit', 'regexsplit/regex.split: empty string'))]);
    expect(callHost('regex.split', ['a', 'banana'])).toEqual(wantX(opaCase('regexsplit', 'regexsplit/regex.split: non-repeat pattern')));
    expect(callHost('regex.split', ['z+', 'pizza'])).toEqual(wantX(opaCase('regexsplit', 'regexsplit/regex.split: repeat pattern')));
  });
  it('RE2, not JS, semantics', () => {
    // RE2 has no backreferences or lookahead; \pL and (?i) work.
    expect(callHost('regex.is_valid', ['(a)\\1'])).toBe(false);
    expect(callHost('regex.is_valid', ['a(?=b)'])).toBe(false);
    expect(callHost('regex.match', ['(?i)^\\pL+$', 'ÉtÉ'])).toBe(true);
    expect(callHost('regex.find_n', ['.', 'a😀b', -1])).toEqual(['a', '😀', 'b']);
  });
});

describe('glob.* (OPA cases and syntax)', () => {
  it('globmatch cases', () => {
    for (const c of opaCases('globmatch')) {
      expect({ note: c.note, got: callHost('glob.match', callArgs(c.modules[0], 'glob.match').slice(0, 3)) }).toEqual({ note: c.note, got: first(c) });
    }
  });
  it('delimiters, super-asterisk, alternatives, classes, escapes', () => {
    const m = (p: string, d: unknown, s: string) => callHost('glob.match', [p, d, s]);
    expect(m('*.github.com', [], 'api.cdn.github.com')).toBe(false);
    expect(m('*.github.com', null, 'api.cdn.github.com')).toBe(true);
    expect(m('**.github.com', [], 'api.cdn.github.com')).toBe(true);
    expect(m('api:*', [':'], 'api:v1:x')).toBe(false);
    expect(m('{api,web}.example.*', [], 'web.example.org')).toBe(true);
    expect(m('{api,web}.example.*', [], 'cdn.example.org')).toBe(false);
    expect(m('file?.txt', [], 'file1.txt')).toBe(true);
    expect(m('[a-c][!x]', [], 'by')).toBe(true);
    expect(m('\\*.txt', [], '*.txt')).toBe(true);
    expect(m('\\*.txt', [], 'a.txt')).toBe(false);
    expect(m('a-(b)+', null, 'a-(b)+')).toBe(true);
    expect(hostError('glob.match', ['[abc', [], 'a'])).toEqual({ code: 'eval_builtin_error', message: 'glob.match: unexpected end of input' });
    expect(hostError('glob.match', ['*', 'x', 'a']).message).toBe('glob.match: operand 2 must be one of {array, null} but got string');
    expect(callHost('glob.quote_meta', ['*.github.com'])).toBe('\\*.github.com');
    expect(m(callHost('glob.quote_meta', ['[a]{b}?']) as string, [], '[a]{b}?')).toBe(true);
  });
});
