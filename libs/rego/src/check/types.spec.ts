import { expectErrors, expectValid } from './spec-util';

describe('checkTypes', () => {
  it('rejects literal arguments of the wrong type', () => {
    expectErrors('package test\np if { plus("a", 1) > 0 }', [{ code: 'rego_type_error', row: 2, col: 13, message: 'plus: invalid argument(s)' }]);
    expectErrors('package test\np if { x := "a" + 1; x > 0 }', [{ code: 'rego_type_error', row: 2, message: 'plus: invalid argument(s)' }]);
  });

  it('follows types through builtin results, locals and composites', () => {
    expectErrors('package test\np if { n := count(input.xs); concat(",", n) != "" }', [
      { code: 'rego_type_error', row: 2, message: 'concat: invalid argument(s)' },
    ]);
    expectErrors('package test\np if { xs := [1, 2]; concat(",", xs) != "" }', [{ code: 'rego_type_error', row: 2, message: 'concat: invalid argument(s)' }]);
    expectErrors('package test\np if { s := {x | x := input.a[_]}; upper(s) != "" }', [{ code: 'rego_type_error', row: 2, message: 'upper: invalid argument(s)' }]);
  });

  it('accepts what is not known statically', () => {
    expectValid('package test\np if { x := input.a; plus(x, 1) > 0 }');
    expectValid('package test\nf(x) := x\np if { y := f("a"); plus(y, 1) > 0 }');
    expectValid('package test\np if { x := input.a; x = "a"; plus(x, 1) > 0 }');
    expectValid('package test\np if { concat(",", ["a", input.b]) != "" }');
    expectValid('package test\np if { json.marshal_with_options([1], {"indent": "  "}) != "" }');
  });

  it('shows have and want', () => {
    const p = expectErrors('package test\np if { plus("a", 1) > 0 }', [{ code: 'rego_type_error', row: 2 }]);
    expect(p.diagnostics[0]?.message).toBe('plus: invalid argument(s)\n\thave: (string, number, ???)\n\twant: (number, number, number)');
  });

  it('checks comprehension and every bodies', () => {
    expectErrors('package test\np := [x | x := upper(1)]\nq if { every x in [1] { lower(2) != x } }', [
      { code: 'rego_type_error', row: 2, message: 'upper: invalid argument(s)' },
      { code: 'rego_type_error', row: 3, message: 'lower: invalid argument(s)' },
    ]);
  });
});
