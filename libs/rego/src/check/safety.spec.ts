import { dumpChecked, dumpQuery, expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'checkSafety' };

describe('checkSafety', () => {
  it('reorders expressions so bindings come first', () => {
    const p = expectValid('package test\np if { x > 1; x = input.a }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, input.a); gt($x_0, 1)']);
  });

  it('keeps source order where it is already safe', () => {
    const p = expectValid('package test\np if { x = input.a; y = input.b; x > y }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, input.a); eq($y_1, input.b); gt($x_0, $y_1)']);
  });

  it('binds through builtin and function outputs', () => {
    const p = expectValid('package test\nf(a) := a\np if { n > 1; count(input.xs, n) }\nq if { y > 1; f(2, y) }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- count(input.xs, $n_0); gt($n_0, 1)']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = true :- data.test.f(2, $y_0); gt($y_0, 1)']);
  });

  it('binds vars through refs and var-to-var unification', () => {
    const p = expectValid('package test\np if { x = y; i > 0; input.a[i] = y }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq(input.a[$i_2], $y_1); eq($x_0, $y_1); gt($i_2, 0)']);
  });

  it('never binds set elements by unification, and reads refs nested in a path only once bound (BUGS #3, #5)', () => {
    expectErrors('package test\np if { s = {"a", s} }', [{ code: 'rego_unsafe_var_error', row: 2, col: 8, message: 'var s is unsafe' }]);
    expectErrors('package test\np if { {"a", x} = {"a", 1} }', [{ code: 'rego_unsafe_var_error', row: 2, col: 14, message: 'var x is unsafe' }]);
    expectValid('package test\np if { x := 1; s = {"a", x} }');
    expectErrors('package test\np if { some x in data.xs[x.k] }', [{ code: 'rego_unsafe_var_error', row: 2, message: 'var x is unsafe' }]);
    // a plain var in the path is an output; a ref in the path waits for its head
    const p = expectValid('package test\np if { y = input.a[x.k]; x = input.b[i] }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_1, input.b[$i_2]); eq($y_0, input.a[$x_1.k])']);
  });

  it('a builtin name as the value of a `with` on input/data is a var, not a mock (BUGS #4)', () => {
    expectErrors('package test\np if { input.x with input as count }', [{ code: 'rego_unsafe_var_error', row: 2, message: 'var count is unsafe' }]);
    expectErrors('package test\nr := 1\np if { r with data.test.r as count }', [{ code: 'rego_unsafe_var_error', row: 3, message: 'var count is unsafe' }]);
    expectValid('package test\nf(_) := 2\np := y if { y = f([1]) with f as count }');
  });

  it('reports an unsafe var at its use', () => {
    expectErrors('package test\np if { x > 1 }', [{ code: 'rego_unsafe_var_error', row: 2, col: 8, message: 'var x is unsafe' }]);
    expectErrors('package test\np if { input.a = 1; count(y) > 0 }', [{ code: 'rego_unsafe_var_error', row: 2, col: 27, message: 'var y is unsafe' }]);
  });

  it('requires head vars to be bound by the body; function args are bound', () => {
    expectErrors('package test\np[x] := 1 if { input.a }', [{ code: 'rego_unsafe_var_error', row: 2, col: 3, message: 'var x is unsafe' }]);
    expectErrors('package test\np contains y if { input.a }', [{ code: 'rego_unsafe_var_error', row: 2, col: 12, message: 'var y is unsafe' }]);
    expectValid('package test\nf(x) := y if { y := x + 1 }');
    expectErrors('package test\nf(x) := z if { x > 0 }', [{ code: 'rego_unsafe_var_error', row: 2, col: 9, message: 'var z is unsafe' }]);
  });

  it('needs the vars of negated expressions bound first', () => {
    const p = expectValid('package test\np if { not input.a[x]; x = "k" }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($x_0, "k"); not input.a[$x_0]']);
    expectErrors('package test\np if { not input.a[x] }', [{ code: 'rego_unsafe_var_error', row: 2, col: 20, message: 'var x is unsafe' }]);
  });

  it('runs a comprehension after the outer vars it captures are bound', () => {
    const p = expectValid('package test\np if { y = [z | z = input.a[_]; z > x]; x = 1; count(y) > 0 }', stop);
    expect(dumpChecked(p, 'data.test.p')[0]).toMatch(/^data\.test\.p = true :- eq\(\$x_\d+, 1\); eq\(\$y_\d+, \[/);
  });

  it('gives vars local to sibling comprehensions their own names', () => {
    const p = expectValid('package test\np if { a = [x | x = 1]; b = [x | x = 2]; a != b }', stop);
    const [line] = dumpChecked(p, 'data.test.p');
    const names = [...(line as string).matchAll(/\[(\$x_\d+) \|/g)].map((m) => m[1]);
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
  });

  it('reports a var that a comprehension uses but nothing binds', () => {
    expectErrors('package test\np if { y := [z | z := input.a[_]; z > w]; count(y) > 0 }', [
      { code: 'rego_unsafe_var_error', row: 2, col: 39, message: 'var w is unsafe' },
    ]);
  });

  it('reports unsafe comprehension heads', () => {
    expectErrors('package test\np := [x | input.a]', [{ code: 'rego_unsafe_var_error', row: 2, col: 7, message: 'var x is unsafe' }]);
  });

  it('orders every bodies and the expression holding them', () => {
    const p = expectValid('package test\np if { every x in input.xs { x > y }; y = 1 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($3, input.xs); eq($y_2, 1); every $0, $x_1 in $3 { gt($x_1, $y_2) }']);
  });

  it('needs with values bound', () => {
    expectErrors('package test\np if { q with input as x }\nq := true', [{ code: 'rego_unsafe_var_error', row: 2, col: 24, message: 'var x is unsafe' }]);
  });

  it('reorders queries', () => {
    const p = expectValid('package test\np := 1', { ...stop, query: 'x > 0; x = data.test.p' });
    expect(dumpQuery(p)).toBe('eq($x_0, data.test.p); gt($x_0, 0)');
  });

  it('checks else bodies and values', () => {
    expectErrors('package test\np := 1 if { input.a } else := y if { input.b }', [{ code: 'rego_unsafe_var_error', row: 2, message: 'var y is unsafe' }]);
  });
});
