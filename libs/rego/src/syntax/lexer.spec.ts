import { lex } from './lexer';

const kinds = (src: string): string[] => lex(src, 'f.rego').tokens.map((t) => (t.kind === 'ident' || t.kind === 'number' ? t.text : t.kind));
const values = (src: string): (string | undefined)[] => lex(src, 'f.rego').tokens.filter((t) => t.kind === 'string').map((t) => t.value);
const errors = (src: string): string[] => lex(src, 'f.rego').diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.message}`);

describe('lexer', () => {
  it('splits operators, longest first', () => {
    expect(kinds('a:=b==c!=d<=e>=f<g>h=i:j')).toEqual(
      ['a', ':=', 'b', '==', 'c', '!=', 'd', '<=', 'e', '>=', 'f', '<', 'g', '>', 'h', '=', 'i', ':', 'j', 'eof'],
    );
    expect(kinds('x+y-z*w/v%u&t|s;r.q,[]{}()')).toEqual(
      ['x', '+', 'y', '-', 'z', '*', 'w', '/', 'v', '%', 'u', '&', 't', '|', 's', ';', 'r', '.', 'q', ',', '[', ']', '{', '}', '(', ')', 'eof'],
    );
  });

  it('scans numbers with fractions and exponents as one token', () => {
    expect(kinds('1 12.5 1e10 2.5E-3 0.1e+2')).toEqual(['1', '12.5', '1e10', '2.5E-3', '0.1e+2', 'eof']);
  });

  it('reports malformed numbers at the number', () => {
    expect(errors('x := 1.')).toEqual(['1:6 expected fraction']);
    expect(errors('x := 1e')).toEqual(['1:6 expected exponent']);
    expect(errors('x := 12abc')).toEqual(['1:6 illegal number format']);
    expect(kinds('12abc')).toEqual(['illegal', 'eof']);
  });

  it('decodes every JSON escape, including surrogate pairs', () => {
    expect(values(String.raw`"a\"b\\c\/d\be\ff\ng\rh\ti"`)).toEqual(['a"b\\c/d\be\ff\ng\rh\ti']);
    expect(values(String.raw`"\u00e9\u4e2d\ud83d\ude00"`)).toEqual(['é中😀']);
  });

  it('turns lone surrogates into U+FFFD like JSON decoders', () => {
    expect(values(String.raw`"\ud83d" "\ude00x"`)).toEqual(['\ufffd', '\ufffdx']);
  });

  it('reports bad escapes and unterminated strings at the string', () => {
    expect(errors('p := "a\\qb"')).toEqual(['1:6 illegal escape sequence']);
    expect(errors('p := "\\u12x4"')).toEqual(['1:6 illegal string literal: "\\u12x4"']);
    expect(errors('p := "abc\nq := 1')).toEqual(['1:6 non-terminated string']);
    expect(errors('p := `abc')).toEqual(['1:6 non-terminated string']);
  });

  it('keeps raw strings verbatim across lines and tracks rows after them', () => {
    const { tokens } = lex('x := `a\\n\nb`\ny', 'f.rego');
    expect(tokens[2]).toMatchObject({ kind: 'string', value: 'a\\n\nb', row: 1, col: 6 });
    expect(tokens[3]).toMatchObject({ kind: 'ident', text: 'y', row: 3, col: 1, newline: true });
  });

  it('collects comments without the hash and marks newlines and spacing', () => {
    const { tokens, comments } = lex('a # one\r\n  b#two\nc', 'f.rego');
    expect(comments.map((c) => [c.text, c.loc.row, c.loc.col])).toEqual([
      [' one', 1, 3],
      ['two', 2, 4],
    ]);
    expect(tokens.map((t) => [t.text, t.row, t.col, t.spaced, t.newline])).toEqual([
      ['a', 1, 1, false, false],
      ['b', 2, 3, true, true],
      ['c', 3, 1, true, true],
      ['', 3, 2, false, false],
    ]);
  });

  it('marks tokens that follow without space (ref continuation)', () => {
    const spaced = lex('x[1] y [2]', 'f.rego').tokens.map((t) => t.spaced);
    expect(spaced).toEqual([false, false, false, false, true, true, false, false, false]);
  });

  it('skips a leading byte-order mark', () => {
    expect(lex('\ufeffpackage p', 'f.rego').tokens[0]).toMatchObject({ text: 'package', row: 1, col: 1 });
  });

  it('makes unknown characters illegal tokens and reports ! and $ itself', () => {
    expect(kinds('a @ b')).toEqual(['a', 'illegal', 'b', 'eof']);
    expect(errors('a ! b')).toEqual(['1:3 illegal ! character']);
    expect(errors('x := $"t"')[0]).toMatch(/^1:6 illegal \$ character/);
  });

  it('counts columns in UTF-16 units', () => {
    const { tokens } = lex('"é😀" x', 'f.rego');
    expect(tokens[1]).toMatchObject({ text: 'x', col: 7, offset: 6 }); // é is 1 unit, 😀 is 2
  });
});
