import type { Term } from './ast';
import { parseTerm } from './parse';
import { term } from './spec-helpers';

const parsed = (src: string): Term => {
  const r = parseTerm(src);
  expect(r.diagnostics).toEqual([]);
  if (!r.term) throw new Error('no term');
  return r.term;
};
const error = (src: string): string => parseTerm(src).diagnostics.map((d) => `${d.location.col} ${d.message}`)[0] ?? '<none>';

describe('scalars', () => {
  it('parses null, booleans, strings', () => {
    expect(parsed('null')).toMatchObject({ kind: 'null' });
    expect(parsed('false')).toMatchObject({ kind: 'boolean', value: false });
    expect(parsed('"b"')).toMatchObject({ kind: 'string', value: 'b' });
    expect(parsed('`a\\b`')).toMatchObject({ kind: 'string', value: 'a\\b' });
  });

  it('keeps number text, folding a leading minus into it', () => {
    for (const n of ['0', '7', '-7', '3.14', '-0.5', '1e3', '2.5E-10', '12345678901234567890123']) {
      expect(parsed(n)).toMatchObject({ kind: 'number', text: n });
    }
    expect(parsed('- 1')).toMatchObject({ kind: 'number', text: '-1' });
  });

  it('gives a leading-dot number its zero', () => {
    expect(parsed('.5')).toMatchObject({ kind: 'number', text: '0.5' });
    expect(parsed('-.5')).toMatchObject({ kind: 'number', text: '-0.5' });
  });

  it('rejects leading zeros and absurd exponents', () => {
    expect(error('01')).toBe('1 unexpected number token: expected number without leading zero');
    expect(error('1e400000')).toBe('1 number too big');
    expect(parsed('0e5')).toMatchObject({ text: '0e5' });
  });
});

describe('composites', () => {
  it('parses arrays, sets and objects, trailing commas allowed', () => {
    expect(term('[1, "a", [true],]')).toBe('[1, "a", [true]]');
    expect(term('{1, 2}')).toBe('{1, 2}');
    expect(term('{"foo": 7, 1: [2], [3]: {}}')).toBe('{"foo": 7, 1: [2], [3]: {}}');
  });

  it('reads {} as the empty object and set() as the empty set', () => {
    expect(parsed('{}')).toMatchObject({ kind: 'object', items: [] });
    expect(parsed('set()')).toMatchObject({ kind: 'set', items: [] });
    expect(parsed('[]')).toMatchObject({ kind: 'array', items: [] });
  });

  it('parses comprehensions', () => {
    expect(term('[x | x := input[_]]')).toBe('[x | assign(x, input[$wildcard0])]');
    expect(term('{x | some x in xs; x > 1}')).toBe('{x | some internal.member_2(x, xs); gt(x, 1)}');
    expect(term('{k: v | v := o[k]}')).toBe('{k: v | assign(v, o[k])}');
    expect(term('{k + 1: v | v := o[k]}')).toBe('{plus(k, 1): v | assign(v, o[k])}');
  });

  it('prefers comprehensions over `|`, falling back when a comma follows', () => {
    expect(parsed('[a | b]')).toMatchObject({ kind: 'arrayComprehension' });
    expect(parsed('{a | b}')).toMatchObject({ kind: 'setComprehension' });
    expect(term('[a | b, c]')).toBe('[or(a, b), c]');
    expect(term('{a | b, c}')).toBe('{or(a, b), c}');
    expect(term('{"k": a | b, "j": 1}')).toBe('{"k": or(a, b), "j": 1}');
    expect(term('[, a | b]')).toBe('[or(a, b)]');
  });

  it('parses infix expressions as elements', () => {
    expect(term('[1 + 2, x == y]')).toBe('[plus(1, 2), equal(x, y)]');
    expect(term('{a * 2: b - 1}')).toBe('{mul(a, 2): minus(b, 1)}');
    expect(term('[x in xs, k, v in o]')).toBe('[internal.member_2(x, xs), k, internal.member_2(v, o)]');
  });

  it('reports unfinished composites', () => {
    expect(error('[1, 2')).toBe('6 unexpected eof token: expected "," or "]"');
    expect(error('{1 2}')).toBe('4 unexpected number token: non-terminated set');
    expect(error('{"a": 1 2}')).toBe('9 unexpected number token: non-terminated object');
    expect(error('{"a": 1, "b"}')).toBe('13 unexpected } token: expected ":"');
  });
});

describe('refs and calls', () => {
  it('builds refs from dots and brackets', () => {
    const r = parsed('a.b[c]["d"][0]');
    expect(r).toMatchObject({ kind: 'ref', head: { kind: 'var', name: 'a' } });
    expect(term('a.b[c]["d"][0]["e-f"]')).toBe('a.b[c].d[0]["e-f"]');
  });

  it('makes bare data and input refs', () => {
    expect(parsed('input')).toMatchObject({ kind: 'ref', head: { kind: 'var', name: 'input' }, path: [] });
    expect(parsed('data')).toMatchObject({ kind: 'ref', path: [] });
    expect(parsed('x')).toMatchObject({ kind: 'var', name: 'x' });
  });

  it('allows keywords after a dot', () => {
    expect(parsed('input.in.if.null')).toMatchObject({ path: [{ value: 'in' }, { value: 'if' }, { value: 'null' }] });
    expect(term('input.contains.every.not.package')).toBe('input.contains.every.not.package');
  });

  it('needs the parts to touch: space ends a ref', () => {
    expect(error('x [1]')).toBe('3 unexpected [ token: expected exactly one term');
  });

  it('parses calls on vars and refs, and refs on calls and composites', () => {
    expect(parsed('f(x)')).toMatchObject({ kind: 'call', operator: { head: { name: 'f' }, path: [] } });
    expect(term('data.a.b(1, [2],)')).toBe('data.a.b(1, [2])');
    expect(term('f(x).y[0]')).toBe('f(x).y[0]');
    expect(term('[1, 2][0]')).toBe('[1, 2][0]');
    expect(term('{"a": 1}.a')).toBe('{"a": 1}.a');
    expect(term('count(x) > 1')).toBe('gt(count(x), 1)');
  });

  it('passes `x in xs` as one argument', () => {
    expect(term('f(x in xs)')).toBe('f(internal.member_2(x, xs))');
    expect(term('f(k, v in xs)')).toBe('f(k, internal.member_2(v, xs))');
  });

  it('rejects refs on scalars', () => {
    expect(parseTerm('"a".b').diagnostics[0]?.message).toBe('illegal ref (head cannot be string)');
    expect(parseTerm('null[0]').diagnostics[0]?.message).toBe('illegal ref (head cannot be null)');
  });

  it('turns each _ into a fresh wildcard', () => {
    expect(term('[_, x[_], _]')).toBe('[$wildcard0, x[$wildcard1], $wildcard2]');
  });

  it('treats contains as a name in terms, even where it is a keyword', () => {
    expect(term('contains(x, "a")')).toBe('contains(x, "a")');
  });
});

describe('operators', () => {
  it('follows OPA precedence: comparisons < | < & < + - < * / %', () => {
    expect(term('1 + 2 * 3 - 4 / 5 % 6')).toBe('minus(plus(1, mul(2, 3)), rem(div(4, 5), 6))');
    expect(term('a | b & c')).toBe('or(a, and(b, c))');
    expect(term('a == b | c')).toBe('equal(a, or(b, c))');
    expect(term('a + b < c & d')).toBe('lt(plus(a, b), and(c, d))');
    expect(term('a < b == c')).toBe('equal(lt(a, b), c)');
  });

  it('is left-associative', () => {
    expect(term('a - b - c')).toBe('minus(minus(a, b), c)');
    expect(term('a / b * c')).toBe('mul(div(a, b), c)');
  });

  it('handles parentheses and unary minus', () => {
    expect(term('(1 + 2) * 3')).toBe('mul(plus(1, 2), 3)');
    expect(term('-x')).toBe('minus(0, x)');
    expect(term('-(1 + 2)')).toBe('minus(0, plus(1, 2))');
    expect(term('a - -1')).toBe('minus(a, -1)');
    expect(term('a -1')).toBe('minus(a, 1)');
    expect(term('-x.y * 2')).toBe('mul(minus(0, x.y), 2)');
  });

  it('binds `in` weaker than comparisons and chains it', () => {
    expect(term('x == 1 in xs')).toBe('internal.member_2(equal(x, 1), xs)');
    expect(term('k, v in {"a": 1}')).toBe('internal.member_3(k, v, {"a": 1})');
    expect(term('x in xs in ys')).toBe('internal.member_2(internal.member_2(x, xs), ys)');
  });

  it('reports an unclosed parenthesis', () => {
    expect(error('(1 + 2')).toBe('7 non-terminated expression');
  });
});

describe('locations', () => {
  it('locates terms, refs and generated operator calls', () => {
    const t = parsed('[a.b, 1 + 2]');
    if (t.kind !== 'array') throw new Error('array');
    expect(t.loc).toMatchObject({ row: 1, col: 1, offset: 0, length: 12 });
    expect(t.items[0].loc).toMatchObject({ col: 2, length: 3 });
    const plus = t.items[1];
    if (plus.kind !== 'call') throw new Error('call');
    expect(plus.loc).toMatchObject({ col: 7, length: 5 });
    expect(plus.operator.loc).toMatchObject({ col: 9, length: 1 });
  });
});
