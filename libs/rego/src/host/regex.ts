/**
 * regex.* host builtins with RE2 semantics (re2js, a port of Go's regexp), plus Go's
 * replacement expansion ($1, ${name}, $$) and split rules. Compiled patterns are cached.
 */
import { RE2JS } from 're2js';
import { builtinError } from './errors';
import type { HostFamily } from './impl';
import { intArg, stringArg, type Value } from './values';

const cache = new Map<string, RE2JS>();
const CACHE_MAX = 200;

/** A compiled pattern; throws Go's "error parsing regexp: ..." text. */
function compile(pattern: string): RE2JS {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const re = RE2JS.compile(pattern);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, re);
  return re;
}

function compileFor(name: string, pattern: string): RE2JS {
  try {
    return compile(pattern);
  } catch (e) {
    throw builtinError(name, (e as Error).message);
  }
}

type Match = number[];

function allMatches(re: RE2JS, s: string, n: number): Match[] {
  return (re.re2().findAllSubmatchIndex(s, n) ?? []) as Match[];
}

/** Go's name/number after `$` in a template: `1`, `name`, `{1}`, `{name}`. */
function extract(t: string): { name: string; num: number; rest: string } | undefined {
  let brace = false;
  let s = t;
  if (s[0] === '{') {
    brace = true;
    s = s.slice(1);
  }
  const m = /^[\p{L}\p{N}_]+/u.exec(s);
  if (!m) return undefined;
  const name = m[0];
  let rest = s.slice(name.length);
  if (brace) {
    if (rest[0] !== '}') return undefined;
    rest = rest.slice(1);
  }
  const num = /^\d+$/.test(name) && name.length < 9 ? Number(name) : -1;
  return { name, num, rest };
}

/** Go's Regexp.Expand of a replacement template for one match. */
function expand(template: string, src: string, match: Match, groups: Record<string, number>): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t[0] === '$') {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extract(t);
    if (!ref) {
      out += '$';
      continue;
    }
    t = ref.rest;
    const i = ref.num >= 0 ? ref.num : (groups[ref.name] ?? -1);
    if (i >= 0 && 2 * i + 1 < match.length && match[2 * i] >= 0) out += src.slice(match[2 * i], match[2 * i + 1]);
  }
  return out + t;
}

function replace([s, pattern, value]: readonly Value[]): string {
  const name = 'regex.replace';
  const src = stringArg(name, s, 1);
  const re = compileFor(name, stringArg(name, pattern, 2));
  const template = stringArg(name, value, 3);
  const groups = re.namedGroups();
  let out = '';
  let last = 0;
  for (const m of allMatches(re, src, -1)) {
    out += src.slice(last, m[0]) + expand(template, src, m, groups);
    last = m[1];
  }
  return out + src.slice(last);
}

/** Go's Regexp.Split(s, -1). */
function split([pattern, s]: readonly Value[]): string[] {
  const name = 'regex.split';
  const re = compileFor(name, stringArg(name, pattern, 1));
  const text = stringArg(name, s, 2);
  if (text === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, text, -1)) {
    end = m[0];
    if (m[1] !== 0) out.push(text.slice(beg, end));
    beg = m[1];
  }
  if (end !== text.length) out.push(text.slice(beg));
  return out;
}

/** Positions of matched delimiter pairs, with nesting (gorilla/mux style templates). */
function braceIndices(s: string, open: string, close: string): number[] {
  let level = 0;
  let idx = 0;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === open) {
      if (level++ === 0) idx = i;
    } else if (s[i] === close) {
      if (--level === 0) out.push(idx, i + 1);
      else if (level < 0) throw new Error(`unbalanced braces in ${JSON.stringify(s)}`);
    }
  }
  if (level !== 0) throw new Error(`unbalanced braces in ${JSON.stringify(s)}`);
  return out;
}

function templateMatch([template, value, start, end]: readonly Value[]): boolean {
  const name = 'regex.template_match';
  const tpl = stringArg(name, template, 1);
  const v = stringArg(name, value, 2);
  const open = stringArg(name, start, 3)[0] ?? '';
  const close = stringArg(name, end, 4)[0] ?? '';
  let idxs: number[];
  try {
    idxs = braceIndices(tpl, open, close);
  } catch (e) {
    throw builtinError(name, (e as Error).message);
  }
  let pattern = '^';
  let last = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    pattern += RE2JS.quote(tpl.slice(last, idxs[i])) + `(${tpl.slice(idxs[i] + 1, idxs[i + 1] - 1)})`;
    last = idxs[i + 1];
  }
  pattern += `${RE2JS.quote(tpl.slice(last))}$`;
  return compileFor(name, pattern).test(v);
}

function findN(name: string, args: readonly Value[], submatches: boolean): Value {
  const re = compileFor(name, stringArg(name, args[0], 1));
  const s = stringArg(name, args[1], 2);
  const n = intArg(name, args[2], 3);
  const matches = allMatches(re, s, n);
  if (!submatches) return matches.map((m) => s.slice(m[0], m[1]));
  return matches.map((m) => {
    const groups: string[] = [];
    for (let i = 0; i < m.length; i += 2) groups.push(m[i] >= 0 ? s.slice(m[i], m[i + 1]) : '');
    return groups;
  });
}

function match(name: string, [pattern, value]: readonly Value[]): boolean {
  const re = compileFor(name, stringArg(name, pattern, 1));
  return re.test(stringArg(name, value, 2));
}

export const REGEX_BUILTINS: HostFamily = {
  'regex.match': (args) => match('regex.match', args),
  re_match: (args) => match('re_match', args),
  // Undefined-free: a non-string or a bad pattern is simply not valid.
  'regex.is_valid': ([p]) => {
    if (typeof p !== 'string') return false;
    try {
      compile(p);
      return true;
    } catch {
      return false;
    }
  },
  'regex.find_n': (args) => findN('regex.find_n', args, false),
  'regex.find_all_string_submatch_n': (args) => findN('regex.find_all_string_submatch_n', args, true),
  'regex.replace': replace,
  'regex.split': split,
  'regex.template_match': templateMatch,
};
