import { dumpChecked, dumpQuery, expectValid } from './spec-util';

const stop = { stopAfter: 'rewriteExprTerms' };

describe('rewriteExprTerms', () => {
  it('lifts nested calls into preceding call expressions', () => {
    const p = expectValid('package test\np if { count(input.xs) + 1 > 2 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- count(input.xs, $0); plus($0, 1, $1); gt($1, 2)']);
  });

  it('lifts call and composite heads of refs', () => {
    const p = expectValid('package test\nf(x) := {"a": x}\np if { f(1).a == 1; [1, 2][i] == 2 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- data.test.f(1, $1); equal($1.a, 1); eq($2, [1, 2]); equal($2[$i_0], 2)',
    ]);
  });

  it('copies with modifiers onto lifted calls, but not onto with values', () => {
    const p = expectValid('package test\nq := input.x\np if { count(q) > 0 with input.x as concat(",", ["a"]) }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual([
      'data.test.p = true :- concat(",", ["a"], $0); count(data.test.q, $1) with input.x as $0; gt($1, 0) with input.x as $0',
    ]);
  });

  it('binds every domains to a var and lifts calls inside comprehension heads and bodies', () => {
    const p = expectValid('package test\np if { every x in numbers.range(1, 2) { x > 0 } }\nq := [count(y) | y := input.ys[_]]', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- numbers.range(1, 2, $3); eq($2, $3); every $0, $x_1 in $2 { gt($x_1, 0) }']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = $1 :- true; eq($1, [$4 | eq($y_3, input.ys[$_2]); count($y_3, $4)])']);
  });

  it('lifts comprehension heads that need evaluation to the end of the body', () => {
    const p = expectValid('package test\nq := {x.a | x := input.xs[_]}', stop);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q = $1 :- true; eq($1, {$4 | eq($x_3, input.xs[$_2]); eq($4, $x_3.a)})']);
  });

  it('lifts out of negations as OPA does', () => {
    const p = expectValid('package test\np if { not count(input.xs) > 1 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- count(input.xs, $0); not gt($0, 1)']);
  });

  it('rewrites the query', () => {
    const p = expectValid('package test\np := 1', { ...stop, query: 'x := count([data.test.p])' });
    expect(dumpQuery(p)).toBe('count([data.test.p], $1); eq($x_0, $1)');
  });
});
