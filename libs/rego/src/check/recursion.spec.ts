import { expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'checkRecursion' };

describe('checkRecursion', () => {
  it('reports each rule on a cycle with its path', () => {
    expectErrors('package test\np if { q }\nq if { p }', [
      { code: 'rego_recursion_error', row: 2, col: 1, message: 'rule data.test.p is recursive: data.test.p -> data.test.q -> data.test.p' },
      { code: 'rego_recursion_error', row: 3, col: 1, message: 'rule data.test.q is recursive: data.test.q -> data.test.p -> data.test.q' },
    ], stop);
  });

  it('reports self-recursion and recursive functions', () => {
    expectErrors('package test\np if { p }\nf(x) := y if { y := f(x) }', [
      { code: 'rego_recursion_error', row: 2, message: 'rule data.test.p is recursive: data.test.p -> data.test.p' },
      { code: 'rego_recursion_error', row: 3, message: 'rule data.test.f is recursive: data.test.f -> data.test.f' },
    ], stop);
  });

  it('follows refs with vars and refs to whole packages', () => {
    expectErrors({ 'a.rego': 'package a\np if { data.b[x].q }', 'b.rego': 'package b.c\nq if { data.a.p }' }, [
      { code: 'rego_recursion_error', row: 2, message: 'rule data.a.p is recursive' },
      { code: 'rego_recursion_error', row: 2, message: 'rule data.b.c.q is recursive' },
    ], stop);
    expectErrors('package a\np := count(data.a)', [{ code: 'rego_recursion_error', row: 2, message: 'data.a.p -> data.a.p' }], stop);
  });

  it('accepts chains without cycles', () => {
    expectValid('package test\np if { q }\nq if { r[_] }\nr contains 1\ns := [x | some x in r]', stop);
  });
});
