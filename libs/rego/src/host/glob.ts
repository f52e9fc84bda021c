/**
 * glob.match and glob.quote_meta with the syntax OPA's glob library accepts: `*` (no
 * delimiter), `**` (anything), `?`, `[abc]`, `[a-z]`, `[!...]`, `{a,b}` alternatives and
 * `\` escapes. Delimiters: null means none, an empty list means ".". Patterns are compiled
 * to JS regular expressions of our own making, and cached.
 */
import { builtinError, operandError, typeError } from './errors';
import type { HostFamily } from './impl';
import { stringArg, typeNameOf, type Value } from './values';

const cache = new Map<string, RegExp>();
const SPECIAL = '*?\\[]{}';

// In a `u` regular expression only syntax characters may be escaped outside a class.
const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClass = (s: string) => s.replace(/[\\\][^-]/g, '\\$&');

class GlobSyntaxError extends Error {}

/** Translates pattern[i..] up to a top-level `stop` character (`}` or `,` inside braces). */
function translate(p: string[], state: { i: number }, seps: string, inBraces: boolean): string {
  const notSep = seps === '' ? '[^]' : `[^${escapeClass(seps)}]`;
  let out = '';
  while (state.i < p.length) {
    const c = p[state.i];
    if (inBraces && (c === ',' || c === '}')) return out;
    state.i++;
    if (c === '*') {
      if (p[state.i] === '*') {
        state.i++;
        out += '[^]*';
      } else out += `${notSep}*`;
    } else if (c === '?') out += notSep;
    else if (c === '\\') {
      if (state.i >= p.length) throw new GlobSyntaxError('unexpected end of input');
      out += escapeRe(p[state.i++]);
    } else if (c === '[') out += charClass(p, state);
    else if (c === '{') {
      const alts: string[] = [];
      for (;;) {
        alts.push(translate(p, state, seps, true));
        if (state.i >= p.length) throw new GlobSyntaxError('unexpected end of input');
        if (p[state.i++] === '}') break;
      }
      out += `(?:${alts.join('|')})`;
    } else out += escapeRe(c);
  }
  return out;
}

function charClass(p: string[], state: { i: number }): string {
  let neg = false;
  if (p[state.i] === '!') {
    neg = true;
    state.i++;
  }
  let body = '';
  while (state.i < p.length && p[state.i] !== ']') {
    let c = p[state.i++];
    if (c === '\\' && state.i < p.length) c = p[state.i++];
    if (p[state.i] === '-' && state.i + 1 < p.length && p[state.i + 1] !== ']') {
      let hi = p[state.i + 1];
      state.i += 2;
      if (hi === '\\' && state.i < p.length) hi = p[state.i++];
      body += `${escapeClass(c)}-${escapeClass(hi)}`;
    } else body += escapeClass(c);
  }
  if (state.i >= p.length) throw new GlobSyntaxError('unexpected end of input');
  state.i++;
  return `[${neg ? '^' : ''}${body}]`;
}

function compileGlob(pattern: string, seps: string): RegExp {
  const key = `${pattern}\u0000${seps}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const state = { i: 0 };
  const chars = [...pattern];
  const source = translate(chars, state, seps, false);
  const re = new RegExp(`^${source}$`, 'u');
  if (cache.size > 200) cache.clear();
  cache.set(key, re);
  return re;
}

function delimiters(v: Value): string {
  if (v === null) return '';
  if (!Array.isArray(v)) throw operandError('glob.match', 2, 'one of {array, null}', typeNameOf(v));
  const runes = v.map((d) => {
    if (typeof d !== 'string') throw typeError('glob.match', `operand 2 must be array of strings but got array containing ${typeNameOf(d)}`);
    if ([...d].length !== 1) throw typeError('glob.match', 'operand 2 must be array of runes but got array containing string');
    return d;
  });
  return runes.length === 0 ? '.' : runes.join('');
}

export const GLOB_BUILTINS: HostFamily = {
  'glob.match': ([pattern, delims, value]) => {
    const p = stringArg('glob.match', pattern, 1);
    const seps = delimiters(delims);
    const s = stringArg('glob.match', value, 3);
    try {
      return compileGlob(p, seps).test(s);
    } catch (e) {
      throw builtinError('glob.match', (e as Error).message);
    }
  },
  'glob.quote_meta': ([s]) => [...stringArg('glob.quote_meta', s, 1)].map((c) => (SPECIAL.includes(c) ? `\\${c}` : c)).join(''),
};
