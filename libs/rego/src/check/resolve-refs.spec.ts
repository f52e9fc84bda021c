import { dumpChecked, dumpQuery, expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'resolveRefs' };

describe('resolveRefs', () => {
  it('makes package-relative rule names absolute, across modules of the package', () => {
    const p = expectValid(
      {
        'a.rego': 'package test\np if { q; r.s[x] == 1 }',
        'b.rego': 'package test\nq := true\nr.s[k] := 1 if { k := "a" }',
      },
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- data.test.q; equal(data.test.r.s[x], 1)']);
  });

  it('resolves imports, with and without alias, and prefers them over rule names', () => {
    const p = expectValid(
      `
      package test
      import data.lib.roles
      import data.lib.users as u
      import input.request
      users := 1
      p if { roles[_] == u[_]; request.method == "GET"; users == 1 }
      `,
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- equal(data.lib.roles[$wildcard0], data.lib.users[$wildcard1]); equal(input.request.method, "GET"); equal(data.test.users, 1)',
    ]);
  });

  it('leaves locals alone: :=, some, args, every and comprehension scopes shadow rule names', () => {
    const p = expectValid(
      `
      package test
      x := 1
      p if { x := 2; x > 1 }
      q if { some x in input.xs; x > 1 }
      f(x) := x
      r if { every x in input.xs { x > 1 } }
      s := [x | x := 3]
      t if { x > 0 }
      `,
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- assign(x, 2); gt(x, 1)']);
    expect(dumpChecked(p, 'data.test.f')).toEqual(['data.test.f(x) = x :- true']);
    expect(dumpChecked(p, 'data.test.r')).toEqual(['data.test.r = true :- every x in input.xs { gt(x, 1) }']);
    expect(dumpChecked(p, 'data.test.s')).toEqual(['data.test.s = [x | assign(x, 3)] :- true']);
    expect(dumpChecked(p, 'data.test.t')).toEqual(['data.test.t = true :- gt(data.test.x, 0)']);
  });

  it('resolves calls to functions of the package and keeps builtin names', () => {
    const p = expectValid('package test\nf(a) := a\np if { f(1) == count([1]) }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- equal(data.test.f(1), count([1]))']);
  });

  it('resolves rule refs in heads and with targets', () => {
    const p = expectValid('package test\nk := "a"\nm[k] := 1\nq := 1\np if { q with q as 2 }', stop);
    expect(dumpChecked(p, 'data.test.m')).toEqual(['data.test.m[data.test.k] = 1 :- true']);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- data.test.q with data.test.q as 2']);
  });

  it('resolves nothing package-relative in the query', () => {
    const p = expectValid('package test\np := 1', { ...stop, query: 'data.test.p = p' });
    expect(dumpQuery(p)).toBe('eq(data.test.p, p)');
  });

  it('reports unused imports in strict mode only', () => {
    const src = 'package test\nimport data.lib.a\nimport data.lib.b\np if { a }';
    expectValid(src, stop);
    expectErrors(src, [{ code: 'rego_compile_error', row: 3, col: 1, message: 'import data.lib.b unused' }], { ...stop, strict: true });
  });

  it('forbids function args named input or data', () => {
    expectErrors('package test\nf(input) := 1', [{ code: 'rego_compile_error', row: 2, col: 3, message: 'args must not shadow input' }], stop);
  });
});
