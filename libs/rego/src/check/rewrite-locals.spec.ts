import { dumpChecked, dumpQuery, expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'rewriteLocalVars' };

describe('rewriteLocalVars', () => {
  it('renames := locals and turns := into eq', () => {
    const p = expectValid(
      `
      package test
      p if { x := 1; y := x; y > 0 }
      `,
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, 1); eq($y_1, $x_0); gt($y_1, 0)']);
  });

  it('gives unification vars one name per body', () => {
    const p = expectValid('package test\np if { x = input.a; x == 1 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, input.a); equal($x_0, 1)']);
  });

  it('drops `some x` and rewrites `some x in xs` to a ref with a fresh key', () => {
    const p = expectValid('package test\np if { some x; x = 1 }\nq if { some y in input.ys; y > 1 }\nr if { some k, v in input.m; k == v }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, 1)']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = true :- eq($y_2, input.ys[$1]); gt($y_2, 1)']);
    expect(dumpChecked(p, 'data.test.r')).toEqual(['data.test.r = true :- eq($v_1, input.m[$k_0]); equal($k_0, $v_1)']);
  });

  it('scopes comprehension and every bodies', () => {
    const p = expectValid(
      `
      package test
      p := xs if { x := 2; xs := [x | x := 1] }
      q if { every x in input.xs { x > 1 } }
      `,
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = $xs_2 :- eq($x_0, 2); eq($xs_2, [$x_1 | eq($x_1, 1)])']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = true :- every $0, $x_1 in input.xs { gt($x_1, 1) }']);
  });

  it('renames function args and uses them in head and body', () => {
    const p = expectValid('package test\nf(x, [y, _]) := x + y', stop);
    expect(dumpChecked(p, 'data.test.f')).toEqual(['data.test.f($x_1, [$y_2, $_3]) = $4 :- true; eq($4, plus($x_1, $y_2))']);
  });

  it('lets a local shadow a rule name', () => {
    const p = expectValid('package test\nq := 1\np if { q := 2; q > 1 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($q_0, 2); gt($q_0, 1)']);
  });

  it('records the query vars a result row binds', () => {
    const p = expectValid('package test\np := 1', { ...stop, query: 'data.test.p = x; y := x + 1; _ = 2' });
    expect(dumpQuery(p)).toBe('eq(data.test.p, $x_0); eq($y_1, plus($x_0, 1)); eq($_2, 2)');
    expect(p.query?.bindings).toEqual([
      { name: 'x', local: '$x_0' },
      { name: 'y', local: '$y_1' },
    ]);
  });

  it('reports redeclarations at the offending var', () => {
    expectErrors(
      `
      package test
      p if { x := 1; x := 2 }
      q if { x = 1; x := 2 }
      r if { some x; x := 1 }
      f(a) if { a := 1 }
      `,
      [
        { code: 'rego_compile_error', row: 2, col: 16, message: 'var x assigned above' },
        { code: 'rego_compile_error', row: 3, col: 15, message: 'var x referenced above' },
        { code: 'rego_compile_error', row: 4, col: 16, message: 'var x declared above' },
        { code: 'rego_compile_error', row: 5, col: 11, message: 'arg a redeclared' },
      ],
    );
  });

  it('reports assignments to non-vars and inside negation', () => {
    expectErrors('package test\np if { input.x := 1 }\nq if { not x := 1 }', [
      { code: 'rego_compile_error', row: 2, col: 8, message: 'cannot assign to ref' },
      { code: 'rego_compile_error', row: 3, message: 'cannot assign vars inside negated expression' },
    ]);
  });

  it('forbids input and data as locals in v1', () => {
    expectErrors('package test\np if { input := 1; input > 0 }', [
      { code: 'rego_compile_error', row: 2, col: 8, message: 'variables must not shadow input' },
    ]);
  });

  it('reports unused `some` vars always and unused := vars in strict mode', () => {
    expectErrors('package test\np if { some x; input.a = 1 }', [{ code: 'rego_compile_error', row: 2, message: 'declared var x unused' }]);
    expectValid('package test\np if { x := 1; input.a = 1 }');
    expectErrors('package test\np if { x := 1; input.a = 1 }', [{ code: 'rego_compile_error', row: 2, col: 8, message: 'assigned var x unused' }], {
      strict: true,
    });
  });

  it('reports unused function args in strict mode', () => {
    expectValid('package test\nf(x, _) := 1', { stopAfter: 'rewriteLocalVars' });
    expectErrors('package test\nf(x, _) := 1', [{ code: 'rego_compile_error', row: 2, col: 3, message: 'unused argument x' }], { strict: true });
  });

  it('reports calls through shadowed names', () => {
    expectErrors('package test\np if { count := 1; count(input.x) > count }', [
      { code: 'rego_compile_error', row: 2, message: 'called function count shadowed' },
    ]);
  });

  it('keeps with targets on input even where input is a local (v0)', () => {
    const p = expectValid('package test\np { input := 1; q with input as input }\nq = true', { ...stop, regoVersion: 0 });
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($input_0, 1); data.test.q with input as $input_0']);
  });
});
