/**
 * Property tests: random and mutated input never makes the parser throw or
 * loop (a hang would trip jest's timeout), never yields an internal error, and
 * parses the same way twice. Random operator trees check precedence: printed
 * with only the parentheses precedence needs, they parse back to the same tree.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Diagnostic } from '../diagnostics';
import { dumpModule, dumpTerm } from './dump';
import { parseModule, parseQuery, parseTerm } from './parse';
import { INFIX_BUILTINS, INFIX_PRECEDENCE, type TokenKind } from './tokens';

const FIXTURES = join(__dirname, '__fixtures__');
const seeds = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.rego'))
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

const FRAGMENTS = [
  'package', 'import', 'default', 'else', 'not', 'some', 'every', 'in', 'with', 'as', 'if', 'contains',
  'p', 'q', 'x', '_', 'data', 'input', 'f', 'set', 'true', 'null', '0', '1.5', '-2', '1e', '"s"', '"\\u12', '`r',
  ':=', '=', '==', '!=', '<', '>=', '+', '-', '*', '/', '%', '&', '|', ',', ';', ':', '.', '(', ')', '[', ']', '{', '}',
  ' ', '\n', '\t', '#c\n', '@', '!', '$', '\\', '\u00e9', '\ud83d',
];

function sane(ds: readonly Diagnostic[]): boolean {
  return ds.every((d) => d.code === 'rego_parse_error' && d.location.row >= 1 && d.location.col >= 1);
}

const tokenSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 200 }).map((parts) => parts.join(''));

/** A seed module with a few random edits: delete, duplicate or insert. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...FRAGMENTS)), { minLength: 1, maxLength: 6 }),
  )
  .map(([src, edits]) => {
    let s = src;
    for (const [at, len, op, frag] of edits) {
      const i = at % (s.length + 1);
      if (op === 0) s = s.slice(0, i) + s.slice(i + len);
      else if (op === 1) s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else s = s.slice(0, i) + frag + s.slice(i);
    }
    return s;
  });

describe('parser fuzzing', () => {
  it('survives token soup', () => {
    fc.assert(
      fc.property(tokenSoup, fc.constantFrom<0 | 1>(0, 1), (src, v) => {
        const m = parseModule('f.rego', `package p\n${src}`, { regoVersion: v });
        const q = parseQuery(src, { regoVersion: v });
        const t = parseTerm(src);
        return sane(m.diagnostics) && sane(q.diagnostics) && sane(t.diagnostics);
      }),
      { numRuns: 400 },
    );
  });

  it('survives arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (src) => sane(parseModule('f.rego', src).diagnostics)),
      { numRuns: 300 },
    );
  });

  it('survives mutated real modules, deterministically', () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom<0 | 1>(0, 1), (src, v) => {
        const a = parseModule('f.rego', src, { regoVersion: v });
        const b = parseModule('f.rego', src, { regoVersion: v });
        expect(sane(a.diagnostics)).toBe(true);
        expect(a.module && dumpModule(a.module)).toEqual(b.module && dumpModule(b.module));
        expect(a.diagnostics).toEqual(b.diagnostics);
      }),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting of every kind', () => {
    for (const [open, close] of [['[', ']'], ['{', '}'], ['(', ')'], ['f(', ')'], ['[x | ', ']'], ['-', ''], ['not ', '']]) {
      for (const n of [50, 2000, 20000]) {
        const src = `package p\np if { x := ${open.repeat(n)}1${close.repeat(n)} }`;
        expect(sane(parseModule('f.rego', src).diagnostics)).toBe(true);
      }
    }
  });
});

type Tree = { leaf: string } | { op: TokenKind; l: Tree; r: Tree };

const OPS = Object.keys(INFIX_PRECEDENCE) as TokenKind[];
const leaf = fc.constantFrom('a', 'b', 'x.y', '1', '"s"', 'f(z)', '[1]', '-2').map((s): Tree => ({ leaf: s }));
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ op: fc.constantFrom(...OPS), l: tie('t'), r: tie('t') })),
})).t;

const prec = (t: Tree): number => ('leaf' in t ? 99 : (INFIX_PRECEDENCE[t.op] as number));

/** Source with the fewest parentheses left-associative precedence needs. */
function print(t: Tree): string {
  if ('leaf' in t) return t.leaf;
  const p = prec(t);
  const l = prec(t.l) < p ? `(${print(t.l)})` : print(t.l);
  const r = prec(t.r) <= p ? `(${print(t.r)})` : print(t.r);
  return `${l} ${t.op} ${r}`;
}

/** The dump the parser should produce. */
function expected(t: Tree): string {
  if ('leaf' in t) return dumpTerm(parseTerm(t.leaf).term as never);
  return `${INFIX_BUILTINS[t.op]}(${expected(t.l)}, ${expected(t.r)})`;
}

describe('operator precedence (property)', () => {
  it('parses minimally parenthesized operator trees back to the same tree', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const { term, diagnostics } = parseTerm(print(t));
        expect(diagnostics).toEqual([]);
        expect(term && dumpTerm(term)).toBe(expected(t));
      }),
      { numRuns: 500 },
    );
  });
});
