/**
 * Rego highlighting for CodeMirror 6: a StreamLanguage tokenizer of our own (Rego has no
 * maintained CodeMirror mode). It knows comments, strings (including raw `...` strings that
 * span lines), numbers, keywords, operators, and marks a rule's name at the start of a line
 * as a definition. Highlighting only: errors come from the compiler through the linter.
 */
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

const KEYWORDS = new Set(['package', 'import', 'default', 'else', 'not', 'with', 'as', 'some', 'every', 'in', 'contains', 'if']);
const ATOMS = new Set(['true', 'false', 'null']);
const ROOTS = new Set(['input', 'data']);

export interface RegoState {
  /** Inside a raw string that started on an earlier line. */
  inRaw: boolean;
  /** The previous significant token was `package`/`import` (the rest of the line is a path). */
  path: boolean;
}

function rawString(stream: StringStream, state: RegoState): string {
  while (!stream.eol()) {
    if (stream.next() === '`') {
      state.inRaw = false;
      return 'string';
    }
  }
  state.inRaw = true;
  return 'string';
}

export const regoStreamParser: StreamParser<RegoState> = {
  name: 'rego',
  startState: () => ({ inRaw: false, path: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) state.path = false;
    if (state.inRaw) return rawString(stream, state);
    if (stream.eatSpace()) return null;
    const ch = stream.peek()!;
    if (ch === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === '"') {
      stream.next();
      let escaped = false;
      while (!stream.eol()) {
        const c = stream.next();
        if (c === '"' && !escaped) return 'string';
        escaped = !escaped && c === '\\';
      }
      return 'string'; // unterminated: the compiler reports it
    }
    if (ch === '`') {
      stream.next();
      return rawString(stream, state);
    }
    if (stream.match(/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      const atLineStart = stream.start === stream.indentation() && stream.indentation() === 0;
      if (KEYWORDS.has(word)) {
        if (word === 'package' || word === 'import') state.path = true;
        return 'keyword';
      }
      if (state.path) return 'namespace';
      if (ATOMS.has(word)) return 'atom';
      if (ROOTS.has(word)) return 'variableName.special';
      // A rule or function name: an identifier that starts a line at column 0.
      if (atLineStart) return 'def';
      if (stream.peek() === '(') return 'variableName.function';
      return 'variableName';
    }
    if (stream.match(/^(:=|==|!=|<=|>=|[<>=+\-*/%&|])/)) return 'operator';
    if (stream.match(/^[[\](){}]/)) return 'bracket';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' }, closeBrackets: { brackets: ['(', '[', '{', '"', '`'] }, indentOnInput: /^\s*[}\]]$/ },
};

export const regoLanguage = StreamLanguage.define(regoStreamParser);
