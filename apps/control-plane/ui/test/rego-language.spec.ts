import { StringStream } from '@codemirror/language';
import { regoStreamParser, type RegoState } from '../src/policies/rego-language';

/** Tokenizes lines with the stream parser: [text, style] pairs, whitespace dropped. */
function tokens(lines: string[]): [string, string | null][] {
  const state: RegoState = regoStreamParser.startState!(2);
  const out: [string, string | null][] = [];
  for (const line of lines) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const style = regoStreamParser.token(stream, state);
      if (stream.current().trim()) out.push([stream.current(), style]);
      stream.start = stream.pos;
    }
  }
  return out;
}

describe('Rego stream language', () => {
  it('classifies keywords, package paths, definitions, roots, atoms and operators', () => {
    expect(tokens(['package authz.rbac', '', 'default allow := false', 'allow if input.user == "alice" # why'])).toEqual([
      ['package', 'keyword'],
      ['authz', 'namespace'],
      ['.', 'punctuation'],
      ['rbac', 'namespace'],
      ['default', 'keyword'],
      ['allow', 'variableName'],
      [':=', 'operator'],
      ['false', 'atom'],
      ['allow', 'def'],
      ['if', 'keyword'],
      ['input', 'variableName.special'],
      ['.', 'punctuation'],
      ['user', 'variableName'],
      ['==', 'operator'],
      ['"alice"', 'string'],
      ['# why', 'comment'],
    ]);
  });

  it('keeps escaped quotes inside strings and raw strings across lines', () => {
    expect(tokens(['x := "a\\"b" + 1.5e3'])).toEqual([
      ['x', 'def'],
      [':=', 'operator'],
      ['"a\\"b"', 'string'],
      ['+', 'operator'],
      ['1.5e3', 'number'],
    ]);
    expect(tokens(['m := `line one', 'line two` ', 'f(x) := x'])).toEqual([
      ['m', 'def'],
      [':=', 'operator'],
      ['`line one', 'string'],
      ['line two`', 'string'],
      ['f', 'def'],
      ['(', 'bracket'],
      ['x', 'variableName'],
      [')', 'bracket'],
      [':=', 'operator'],
      ['x', 'variableName'],
    ]);
  });

  it('marks calls inside bodies', () => {
    expect(tokens(['  count(xs) > 0'])[0]).toEqual(['count', 'variableName.function']);
  });
});
