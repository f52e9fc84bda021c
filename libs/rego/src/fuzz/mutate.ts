/**
 * Mutations of Rego source for the compiler fuzzer: token edits (delete, duplicate, replace,
 * insert, swap), line edits (delete, duplicate, swap, insert a line of another module), splices
 * of two modules, truncation and stray unicode. A mutation is plain data (indices are taken
 * modulo the lengths they index), so fast-check can generate and shrink it and a failure
 * prints as a replayable value.
 */
import fc from 'fast-check';
import type { RegoVersion } from '../syntax/ast';
import type { Seed } from './seeds';

/** Splits source into tokens; concatenating them gives the source back. */
export function tokenize(source: string): string[] {
  const re = /`[^`]*`?|"(?:[^"\\\n]|\\.)*"?|#[^\n]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|:=|==|!=|<=|>=|\n|[ \t\r]+|[\s\S]/g;
  return source.match(re) ?? [];
}

/** Tokens that steer the parser and checker into interesting corners. */
export const TOKEN_POOL: readonly string[] = [
  // keywords and syntax
  'package', 'import', 'if', 'contains', 'some', 'every', 'in', 'not', 'with', 'as', 'default', 'else',
  ':=', '=', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '&', '|', ';', ',', '.', ':',
  '{', '}', '[', ']', '(', ')', '\n', ' ', '\t', '_', '#', '`', '"',
  // names
  'data', 'input', 'x', 'y', 'p', 'q', 'f', 'allow', 'deny', 'rego.v1', 'future.keywords', 'future.keywords.in',
  'true', 'false', 'null', 'set()', 'data.p', 'input.x', 'data[x]', 'input[_]',
  // builtins, including relations, mockable and host ones
  'count', 'sum', 'sprintf', 'concat', 'object.get', 'walk', 'print', 'time.now_ns', 'json.marshal',
  'io.jwt.decode', 'regex.match', 'glob.match', 'numbers.range', 'to_number', 'http.send', 'trace',
  // numbers at the edges
  '0', '-1', '1.5', '1e400', '-1e-400', '9007199254740993', '18446744073709551616', '0.1',
  // strings, including escapes and non-ASCII
  '"a"', '""', '"\\u0000"', '"\\ud83d\\ude00"', '"é"', '`raw`',
];

export type Mutation =
  | { readonly op: 'deleteToken' | 'duplicateToken'; readonly at: number }
  | { readonly op: 'replaceToken' | 'insertToken'; readonly at: number; readonly token: string }
  | { readonly op: 'sameKind'; readonly at: number; readonly pick: number }
  | { readonly op: 'swapTokens' | 'swapLines'; readonly at: number; readonly with: number }
  | { readonly op: 'deleteLine' | 'duplicateLine'; readonly at: number }
  | { readonly op: 'insertLine'; readonly at: number; readonly from: number; readonly line: number }
  | { readonly op: 'splice'; readonly from: number; readonly cut: number; readonly otherCut: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'bodyLine'; readonly at: number; readonly edit: number }
  | { readonly op: 'insertText'; readonly at: number; readonly text: string };

/** A seed and the mutations applied to it, in order. */
export interface MutationCase {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
}

const idx = fc.nat({ max: 1 << 16 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('deleteToken' as const, 'duplicateToken' as const), at: idx }),
  fc.record({ op: fc.constantFrom('replaceToken' as const, 'insertToken' as const), at: idx, token: fc.constantFrom(...TOKEN_POOL) }),
  fc.record({ op: fc.constant('sameKind' as const), at: idx, pick: idx }),
  fc.record({ op: fc.constant('sameKind' as const), at: idx, pick: idx }),
  fc.record({ op: fc.constantFrom('swapTokens' as const, 'swapLines' as const), at: idx, with: idx }),
  fc.record({ op: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), at: idx }),
  fc.record({ op: fc.constant('insertLine' as const), at: idx, from: idx, line: idx }),
  fc.record({ op: fc.constant('splice' as const), from: idx, cut: idx, otherCut: idx }),
  fc.record({ op: fc.constant('truncate' as const), at: idx }),
  fc.record({ op: fc.constant('bodyLine' as const), at: idx, edit: idx }),
  fc.record({ op: fc.constant('bodyLine' as const), at: idx, edit: idx }),
  fc.record({ op: fc.constant('insertText' as const), at: idx, text: fc.string({ unit: 'binary', maxLength: 8 }) }),
);

export function mutationCaseArb(seedCount: number, maxMutations = 3): fc.Arbitrary<MutationCase> {
  return fc.record({
    seed: fc.nat({ max: Math.max(0, seedCount - 1) }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }),
  });
}

/** The mutated source and its syntax version. */
export function applyCase(seeds: readonly Seed[], c: MutationCase): { source: string; regoVersion: RegoVersion } {
  const seed = seeds[c.seed % seeds.length];
  let source = seed.source;
  for (const m of c.mutations) source = applyMutation(seeds, source, m);
  return { source, regoVersion: seed.regoVersion };
}

export function applyMutation(seeds: readonly Seed[], source: string, m: Mutation): string {
  switch (m.op) {
    case 'deleteToken':
    case 'duplicateToken':
    case 'replaceToken':
    case 'insertToken':
    case 'swapTokens':
      return editTokens(source, m);
    case 'sameKind':
      return replaceSameKind(source, m.at, m.pick);
    case 'deleteLine':
    case 'duplicateLine':
    case 'swapLines':
    case 'insertLine':
      return editLines(seeds, source, m);
    case 'splice': {
      const other = seeds[m.from % seeds.length].source.split('\n');
      const lines = source.split('\n');
      return [...lines.slice(0, m.cut % (lines.length + 1)), ...other.slice(m.otherCut % (other.length + 1))].join('\n');
    }
    case 'truncate':
      return source.slice(0, m.at % (source.length + 1));
    case 'bodyLine':
      return editBodyLine(source, m.at, m.edit);
    case 'insertText': {
      const at = m.at % (source.length + 1);
      return source.slice(0, at) + m.text + source.slice(at);
    }
  }
}

function editTokens(source: string, m: Mutation): string {
  const tokens = tokenize(source);
  if (tokens.length === 0) return m.op === 'insertToken' || m.op === 'replaceToken' ? m.token : source;
  const at = 'at' in m ? m.at % tokens.length : 0;
  switch (m.op) {
    case 'deleteToken':
      tokens.splice(at, 1);
      break;
    case 'duplicateToken':
      tokens.splice(at, 0, tokens[at]);
      break;
    case 'replaceToken':
      tokens[at] = m.token;
      break;
    case 'insertToken':
      tokens.splice(at, 0, m.token);
      break;
    case 'swapTokens': {
      const j = m.with % tokens.length;
      [tokens[at], tokens[j]] = [tokens[j], tokens[at]];
      break;
    }
  }
  return tokens.join('');
}

function editLines(seeds: readonly Seed[], source: string, m: Mutation): string {
  const lines = source.split('\n');
  const at = 'at' in m ? m.at % lines.length : 0;
  switch (m.op) {
    case 'deleteLine':
      lines.splice(at, 1);
      break;
    case 'duplicateLine':
      lines.splice(at, 0, lines[at]);
      break;
    case 'swapLines': {
      const j = m.with % lines.length;
      [lines[at], lines[j]] = [lines[j], lines[at]];
      break;
    }
    case 'insertLine': {
      const other = seeds[m.from % seeds.length].source.split('\n');
      lines.splice(at, 0, other[m.line % other.length]);
      break;
    }
  }
  return lines.join('\n');
}

type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'other';

function kindOf(t: string): TokenKind {
  if (/^[A-Za-z_]/.test(t)) return 'ident';
  if (/^\d/.test(t)) return 'number';
  if (/^["`]/.test(t)) return 'string';
  if (/^(:=|==|!=|<=|>=|[=<>+\-*/%&|])$/.test(t)) return 'op';
  return 'other';
}

const KIND_POOL: Record<TokenKind, readonly string[]> = {
  ident: ['x', 'input', 'data', 'true', 'null', 'count', 'p', '_'],
  number: ['0', '1', '-1', '2.5', '1e3', '9007199254740993', '1e400'],
  string: ['""', '"a"', '"é"', '`x`', '"\\n"'],
  op: [':=', '=', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '&', '|'],
  other: [],
};

/**
 * Replaces a token with another of its kind: an identifier with another identifier of the same
 * module (mostly) or a common name, a number with a number, an operator with an operator. Such
 * edits usually still parse, so they reach the checker and the planner.
 */
function replaceSameKind(source: string, at: number, pick: number): string {
  const tokens = tokenize(source);
  const candidates = tokens.map((t, i) => [t, i] as const).filter(([t]) => kindOf(t) !== 'other');
  if (candidates.length === 0) return source;
  const [token, i] = candidates[at % candidates.length];
  const kind = kindOf(token);
  const local = kind === 'ident' ? [...new Set(tokens.filter((t) => kindOf(t) === 'ident'))] : [];
  const pool = [...local, ...KIND_POOL[kind]];
  tokens[i] = pool[pick % pool.length];
  return tokens.join('');
}

/**
 * Edits of a rule-body line (one that starts with a tab) that usually keep the module parseable:
 * negate it, put it under `with`, or add an iteration or a binding before it. They reach the
 * safety, `with` and negation handling of the checker and planner with valid syntax.
 */
const BODY_EDITS: readonly ((line: string, indent: string) => string)[] = [
  (l, i) => `${i}not ${l.trim()}`,
  (l) => `${l} with input as {"x": [1, {"y": "z"}]}`,
  (l) => `${l} with data.x as {"a": 1}`,
  (l) => `${l} with input.x as input`,
  (l, i) => `${i}some x in input\n${l}`,
  (l, i) => `${i}some k, v in data\n${l}`,
  (l, i) => `${i}every e in input.xs { e != null }\n${l}`,
  (l, i) => `${i}y := [w | some w in input.ws; w > 0]\n${l}`,
  (l, i) => `${i}print(input)\n${l}`,
  (l, i) => `${l}\n${i}${l.trim()}`,
];

function editBodyLine(source: string, at: number, edit: number): string {
  const lines = source.split('\n');
  const body = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+\S/.test(l) && !/^\s*#/.test(l));
  if (body.length === 0) return source;
  const [line, i] = body[at % body.length];
  const indent = /^\s*/.exec(line)?.[0] ?? '\t';
  lines[i] = BODY_EDITS[edit % BODY_EDITS.length](line, indent);
  return lines.join('\n');
}
