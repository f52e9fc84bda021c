import type { Expr } from './ast';
import { parseQuery } from './parse';
import { query } from './spec-helpers';

const exprs = (src: string, regoVersion: 0 | 1 = 1): readonly Expr[] => {
  const r = parseQuery(src, { regoVersion });
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.query?.body ?? [];
};
const error = (src: string, regoVersion: 0 | 1 = 1): string => {
  const d = parseQuery(src, { regoVersion }).diagnostics[0];
  return d ? `${d.location.row}:${d.location.col} ${d.message}` : '<none>';
};

describe('queries', () => {
  it('parses the corpus query forms', () => {
    expect(query('data.test.p = x')).toBe('eq(data.test.p, x)');
    expect(query('data.x.p[x] = z')).toBe('eq(data.x.p[x], z)');
    expect(query('data.p.f(1)')).toBe('data.p.f(1)');
    expect(query('data.main.result.foo = x; data.main.result.bar = z')).toBe(
      'eq(data.main.result.foo, x); eq(data.main.result.bar, z)',
    );
    expect(query('x = data.testing.same_values')).toBe('eq(x, data.testing.same_values)');
  });

  it('separates expressions by newlines or semicolons', () => {
    expect(query('a\nb;c\n\n  d')).toBe('a; b; c; d');
  });

  it('continues an expression across a newline after an operator', () => {
    expect(query('x := 1 +\n 2')).toBe('assign(x, plus(1, 2))');
  });

  it('requires a separator between expressions', () => {
    expect(error('a b')).toBe('1:3 unexpected ident token: expected \\n or ; or eof');
    expect(error('a; ')).toBe('1:4 unexpected eof token');
    expect(error('')).toBe('1:1 empty query');
  });
});

describe('expressions', () => {
  it('makes =, := and == calls to eq, assign and equal', () => {
    const [e] = exprs('x := y == 1');
    expect(e).toMatchObject({ kind: 'callExpr', operator: { head: { name: 'assign' } } });
    expect(query('x = [1, y]')).toBe('eq(x, [1, y])');
    expect(query('x == y')).toBe('equal(x, y)');
  });

  it('turns a call in statement position into a call expression, output argument kept', () => {
    const [e] = exprs('count(x, n)');
    expect(e).toMatchObject({ kind: 'callExpr', args: [{ name: 'x' }, { name: 'n' }] });
    expect(query('io.jwt.decode(t, [h, p, s])')).toBe('io.jwt.decode(t, [h, p, s])');
  });

  it('keeps bare terms as term expressions', () => {
    expect(exprs('input.admin')[0]).toMatchObject({ kind: 'termExpr', term: { kind: 'ref' } });
    expect(exprs('true')[0]).toMatchObject({ kind: 'termExpr', term: { kind: 'boolean' } });
  });

  it('negates with not', () => {
    expect(exprs('not p.q')[0]).toMatchObject({ kind: 'termExpr', negated: true });
    expect(query('not f(x) = 1')).toBe('not eq(f(x), 1)');
    expect(error('not some x')).toBe("1:5 unexpected some keyword: illegal negation of 'some'");
    expect(error('not not x')).toBe('1:5 unexpected not keyword');
  });

  it('treats not directly followed by . or [ as a ref', () => {
    expect(query('not.x')).toBe('not.x');
  });

  it('parses several with modifiers', () => {
    const [e] = exprs('data.p with input as {"a": 1} with data.q.r as 2 with f as g');
    expect(e.with.map((w) => [w.target.head, w.target.path.length])).toMatchObject([
      [{ name: 'input' }, 0],
      [{ name: 'data' }, 2],
      [{ name: 'f' }, 0],
    ]);
    expect(query('not p with input.x as 1 + 2')).toBe('not p with input.x as plus(1, 2)');
    expect(error('p with 1 as 2')).toBe('1:8 unexpected number token: expected ident');
    expect(error('p with input 2')).toBe('1:14 unexpected number token: expected as keyword');
  });
});

describe('some, in, every', () => {
  it('declares vars with some', () => {
    expect(exprs('some x, y, _')[0]).toMatchObject({
      kind: 'someDecl',
      symbols: [{ name: 'x' }, { name: 'y' }, { name: '$wildcard0' }],
    });
  });

  it('parses some ... in as one member call', () => {
    expect(query('some x in xs')).toBe('some internal.member_2(x, xs)');
    expect(query('some k, v in {"a": 1}')).toBe('some internal.member_3(k, v, {"a": 1})');
    expect(query('some x in xs with input as 1')).toBe('some internal.member_2(x, xs) with input as 1');
    expect(error('some f(x)')).toBe('1:10 unexpected eof token: expected `x in xs` or `x, y in xs` expression');
    expect(error('some 1')).toBe('1:6 unexpected number token: expected var');
  });

  it('reads `x, y` on its own line as some-vars, not as a membership', () => {
    expect(query('some x, y\nz in w')).toBe('some x, y; internal.member_2(z, w)');
  });

  it('parses membership expressions', () => {
    expect(query('x in xs')).toBe('internal.member_2(x, xs)');
    expect(query('k, v in xs')).toBe('internal.member_3(k, v, xs)');
    expect(query('not 1 in [2]')).toBe('not internal.member_2(1, [2])');
    expect(query('y := x in xs')).toBe('assign(y, internal.member_2(x, xs))');
  });

  it('parses every', () => {
    const [e] = exprs('every k, v in input.o { v > k; k != "x" }');
    expect(e).toMatchObject({ kind: 'every', key: { name: 'k' }, value: { name: 'v' }, domain: { kind: 'ref' } });
    expect(query('every x in [1, 2] {\n  x > 0\n}')).toBe('every x in [1, 2] { gt(x, 0) }');
    expect(exprs('every x in xs { x }')[0]).not.toHaveProperty('key');
  });

  it('checks every', () => {
    expect(error('every x in xs')).toBe('1:14 unexpected eof token: missing body');
    expect(error('every 1 in xs { true }')).toBe('1:15 unexpected { token: expected value to be a variable');
    expect(error('every x { true }')).toBe('1:9 unexpected { token: expected `x[, y] in xs { ... }` expression');
    expect(error('not every x in xs { true }')).toBe("1:5 unexpected every keyword: illegal negation of 'every'");
  });

  it('treats in, every and some-in as plain words in v0 and hints at the import', () => {
    expect(query('every', 0)).toBe('every');
    expect(error('x in xs', 0)).toMatch(/^1:3 unexpected ident token: expected \\n or ; or eof \(hint: `in` is a keyword only in Rego v1/);
  });
});

describe('expression locations', () => {
  it('spans the whole literal, with modifiers included', () => {
    const [a, b] = exprs('x := 1\n  not p with input as 2');
    expect(a.loc).toMatchObject({ row: 1, col: 1, length: 6 });
    expect(b.loc).toMatchObject({ row: 2, col: 3, length: 21 });
    expect(b.with[0].loc).toMatchObject({ row: 2, col: 9, length: 15 }); // 'with input as 2'
  });
});
