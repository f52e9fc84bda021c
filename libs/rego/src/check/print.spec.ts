import { dumpChecked, expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'rewritePrintCalls' };

describe('rewritePrintCalls', () => {
  it('erases print calls unless print is enabled', () => {
    const p = expectValid('package test\np if { print("x"); input.a }\nq if { print(1) }\nr := [x | x := 1; print(x)]', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- input.a']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = true :- true']);
    expect(dumpChecked(p, 'data.test.r')).toEqual(['data.test.r = $1 :- true; eq($1, [$x_2 | eq($x_2, 1)])']);
  });

  it('wraps each argument in a set comprehension when enabled', () => {
    const p = expectValid('package test\np if { x := input.a; print("x is", x) }', { ...stop, enablePrint: true });
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- eq($x_0, input.a); internal.print([{$1 | eq($1, "x is")}, {$2 | eq($2, $x_0)}])',
    ]);
  });

  it('reports arguments that use vars bound later', () => {
    expectErrors('package test\np if { print(x); x = 1 }', [{ code: 'rego_compile_error', row: 2, col: 14, message: 'var x is undeclared' }], {
      ...stop,
      enablePrint: true,
    });
  });

  it('reports print used as a value', () => {
    expectErrors('package test\np if { x := print(1); x }', [{ code: 'rego_type_error', row: 2, col: 13, message: 'print(1) used as value' }], stop);
  });
});
