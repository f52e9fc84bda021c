/**
 * String builtins on the host: sprintf (Go fmt semantics over OPA's operand conversion)
 * and the strings family. Positions and lengths count code points, as OPA's do.
 */
import { builtinError, operandError, typeError } from './errors';
import { goSprintf, type FmtArg } from './go-fmt';
import type { HostFamily } from './impl';
import { compareStrings, numberText, regoText } from './rego-text';
import { intArg, numberArg, NumberText, objectArg, stringArg, typeNameOf, type Value } from './values';

/** An array or set of strings (OPA's StringSliceOperand and its messages). */
export function stringsArg(name: string, v: Value, pos: number, want = 'one of {array, set}'): string[] {
  if (!Array.isArray(v)) throw operandError(name, pos, want, typeNameOf(v));
  for (const x of v) {
    if (typeof x !== 'string') throw typeError(name, `operand ${pos} must be array of strings but got array containing ${typeNameOf(x)}`);
  }
  return v as string[];
}

/**
 * OPA's conversion of sprintf operands: integers as int64 (big beyond), other numbers as
 * float64, strings as they are, anything else as its Rego text. sprintf is an exact host
 * call, so sets arrive as SetValue and big integers as bigint.
 */
function fmtArg(v: Value): FmtArg {
  if (v instanceof NumberText) {
    // Not an integer literal (those arrive as number or bigint): a float64 if it parses as one,
    // else its text, as OPA converts an ast.Number (`2e308` prints as written).
    const f = v.value;
    return Number.isFinite(f) ? { kind: 'float', value: f } : { kind: 'string', value: v.text };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return { kind: 'int', value: BigInt(numberText(v)) };
    return { kind: 'float', value: v };
  }
  if (typeof v === 'bigint') return { kind: 'int', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  return { kind: 'string', value: regoText(v) };
}

function sprintf(args: readonly Value[]): string {
  const format = stringArg('sprintf', args[0], 1);
  const values = args[1];
  if (!Array.isArray(values)) throw operandError('sprintf', 2, 'array', typeNameOf(values));
  return goSprintf(format, values.map(fmtArg));
}

/** Go's strings.NewReplacer(pairs).Replace(s): at each position the earliest matching pair wins. */
export function replaceAll(s: string, pairs: readonly [string, string][]): string {
  const chars = [...s];
  let out = '';
  let i = 0;
  let rest = s;
  for (;;) {
    const hit = pairs.find(([old]) => rest.startsWith(old));
    if (hit && hit[0] !== '') {
      out += hit[1];
      rest = rest.slice(hit[0].length);
      i += [...hit[0]].length;
      continue;
    }
    if (hit) out += hit[1];
    if (i >= chars.length) break;
    out += chars[i];
    rest = rest.slice(chars[i].length);
    i++;
  }
  return out;
}

// Go's unicode.IsSpace: ASCII white space, NEL, NBSP and the Unicode Z spaces (not U+FEFF, unlike JS trim).
const SPACE = '\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function trimRunes(s: string, cutset: string, left: boolean, right: boolean): string {
  const cut = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && cut.has(chars[a])) a++;
  if (right) while (b > a && cut.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

function two(name: string, args: readonly Value[]): [string, string] {
  return [stringArg(name, args[0], 1), stringArg(name, args[1], 2)];
}

function indexesOf(base: string, search: string, all: boolean): number[] {
  const b = [...base];
  const s = [...search];
  const out: number[] = [];
  for (let i = 0; i + s.length <= b.length; i++) {
    if (s.every((c, k) => b[i + k] === c)) {
      out.push(i);
      if (!all) break;
    }
  }
  return out;
}

function searchArgs(name: string, args: readonly Value[]): [string, string] {
  const [base, search] = two(name, args);
  if (search === '') throw builtinError(name, 'empty search character');
  return [base, search];
}

function substring(args: readonly Value[]): string {
  const s = stringArg('substring', args[0], 1);
  const start = intArg('substring', args[1], 2);
  const length = intArg('substring', args[2], 3);
  if (start < 0) throw builtinError('substring', 'negative offset');
  const chars = [...s];
  if (start >= chars.length) return '';
  return chars.slice(start, length < 0 ? undefined : start + length).join('');
}

function formatInt(args: readonly Value[]): string {
  const n = numberArg('format_int', args[0], 1);
  const base = numberArg('format_int', args[1], 2);
  if (![2, 8, 10, 16].includes(base)) throw typeError('format_int', 'operand 2 must be one of {2, 8, 10, 16}');
  const int = Number.isInteger(n) ? BigInt(numberText(n)) : BigInt(Math.trunc(n));
  return int.toString(base);
}

/** strings.any_prefix_match / any_suffix_match: a string or array/set of strings on each side. */
function anyAffix(name: string, args: readonly Value[], suffix: boolean): boolean {
  const want = 'one of {string, set, array}';
  const side = (v: Value, pos: number): string[] => (typeof v === 'string' ? [v] : stringsArg(name, v, pos, want));
  const strs = side(args[0], 1);
  const affixes = side(args[1], 2);
  return strs.some((s) => affixes.some((a) => (suffix ? s.endsWith(a) : s.startsWith(a))));
}

function replaceN(args: readonly Value[]): string {
  const patterns = objectArg('strings.replace_n', args[0], 1);
  const s = stringArg('strings.replace_n', args[1], 2);
  const keys = Object.keys(patterns).sort(compareStrings);
  const pairs = keys.map((k): [string, string] => {
    const v = patterns[k];
    if (typeof v !== 'string') throw typeError('strings.replace_n', 'operand 1 non-string value found in pattern object');
    return [k, v];
  });
  return replaceAll(s, pairs);
}

function splitN(args: readonly Value[]): string[] {
  const [text, delim] = two('strings.split_n', args);
  const n = intArg('strings.split_n', args[2], 3);
  const parts = goSplit(text, delim);
  // n >= 0: the first n pieces (Go's SplitN with n+1 would put the rest in piece n+1); n < 0: the last -n.
  return n >= 0 ? parts.slice(0, n) : parts.slice(Math.max(parts.length + n, 0));
}

/** Go's strings.Split: an empty separator splits into code points. */
function goSplit(text: string, delim: string): string[] {
  return delim === '' ? [...text] : text.split(delim);
}

function count(args: readonly Value[]): number {
  const [s, sub] = two('strings.count', args);
  if (sub === '') return [...s].length + 1;
  return s.split(sub).length - 1;
}

export const STRING_BUILTINS: HostFamily = {
  sprintf,
  concat: (args) => stringsArg('concat', args[1], 2, 'one of {set, array}').join(stringArg('concat', args[0], 1)),
  contains: (args) => {
    const [s, sub] = two('contains', args);
    return s.includes(sub);
  },
  startswith: (args) => {
    const [s, p] = two('startswith', args);
    return s.startsWith(p);
  },
  endswith: (args) => {
    const [s, p] = two('endswith', args);
    return s.endsWith(p);
  },
  lower: ([s]) => stringArg('lower', s, 1).toLowerCase(),
  upper: ([s]) => stringArg('upper', s, 1).toUpperCase(),
  split: (args) => goSplit(...two('split', args)),
  'strings.split_n': splitN,
  replace: (args) => {
    const [s, old] = two('replace', args);
    return replaceAll(s, [[old, stringArg('replace', args[2], 3)]]);
  },
  'strings.replace_n': replaceN,
  trim: (args) => trimRunes(...two('trim', args), true, true),
  trim_left: (args) => trimRunes(...two('trim_left', args), true, false),
  trim_right: (args) => trimRunes(...two('trim_right', args), false, true),
  trim_prefix: (args) => {
    const [s, p] = two('trim_prefix', args);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trim_suffix: (args) => {
    const [s, p] = two('trim_suffix', args);
    return s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  trim_space: ([s]) => trimRunes(stringArg('trim_space', s, 1), SPACE, true, true),
  substring,
  indexof: (args) => indexesOf(...searchArgs('indexof', args), false)[0] ?? -1,
  indexof_n: (args) => indexesOf(...searchArgs('indexof_n', args), true),
  format_int: formatInt,
  'strings.any_prefix_match': (args) => anyAffix('strings.any_prefix_match', args, false),
  'strings.any_suffix_match': (args) => anyAffix('strings.any_suffix_match', args, true),
  // OPA reports this one's operand errors under the name "reverse".
  'strings.reverse': ([s]) => [...stringArg('reverse', s, 1)].reverse().join(''),
  'strings.count': count,
};
