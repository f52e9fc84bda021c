import { dumpChecked, expectValid } from './spec-util';

const stop = { stopAfter: 'rewriteDynamicTerms' };

describe('rewriteDynamicTerms', () => {
  it('turns == with two operands into eq', () => {
    const p = expectValid('package test\np if { input.a == 1 }\nq if { x := input.a == 1; x }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq(input.a, 1)']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = true :- eq($2, input.a); equal($2, 1, $1); eq($x_0, $1); $x_0']);
  });

  it('computes refs used as call arguments and ref operands first', () => {
    const p = expectValid('package test\np if { startswith(input.path, data.prefix[input.k]) }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- eq($0, input.path); eq($1, input.k); eq($2, data.prefix[$1]); startswith($0, $2)',
    ]);
  });

  it('keeps whole refs and comprehensions as eq operands, lifting their insides', () => {
    const p = expectValid('package test\np if { x := input.a[input.b]; y := [z | z := data.q[input.c]]; count(y) > x }', stop);
    expect(dumpChecked(p, 'data.test.p')[0]).toMatch(/eq\(\$\d+, input\.b\); eq\(\$x_0, input\.a\[\$\d+\]\)/);
    expect(dumpChecked(p, 'data.test.p')[0]).toMatch(/\[\$z_\d+ \| eq\(\$\d+, input\.c\); eq\(\$z_\d+, data\.q\[\$\d+\]\)\]/);
  });

  it('carries with modifiers onto the lifted expressions', () => {
    const p = expectValid('package test\nq := 1\np if { count(input.xs) > q with input.xs as [1] }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- eq($1, input.xs) with input.xs as [1]; count($1, $0) with input.xs as [1]; eq($2, data.test.q) with input.xs as [1]; gt($0, $2) with input.xs as [1]',
    ]);
  });
});
