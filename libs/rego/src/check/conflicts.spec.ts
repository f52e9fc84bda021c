import { expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'checkRuleConflicts' };

describe('checkRuleConflicts', () => {
  it('reports different kinds at one path', () => {
    expectErrors('package test\np := 1\np contains 2', [{ code: 'rego_type_error', row: 3, col: 1, message: 'conflicting rules data.test.p found' }], stop);
    expectErrors('package test\np[k] := 1 if { k := "a" }\np := 2', [{ code: 'rego_type_error', row: 3, message: 'conflicting rules data.test.p' }], stop);
  });

  it('reports functions with different arities', () => {
    expectErrors('package test\nf(x) := 1\nf(x, y) := 2', [{ code: 'rego_type_error', row: 3, message: 'conflicting rules data.test.f found' }], stop);
  });

  it('reports more than one default', () => {
    expectErrors('package test\ndefault p := 1\ndefault p := 2\np := 3 if { input.a }', [
      { code: 'rego_type_error', row: 3, col: 1, message: 'multiple default rules data.test.p found at test.rego:2:1, test.rego:3:1' },
    ]);
  });

  it('reports complete rules with rules inside their document', () => {
    expectErrors('package test\np.q := 1\np.q.r := 2', [{ code: 'rego_type_error', row: 2, message: 'rule data.test.p.q conflicts with [data.test.p.q.r]' }], stop);
  });

  it('reports functions with rules inside their path', () => {
    expectErrors('package test\nf(x) := x\nf.g := 1', [{ code: 'rego_type_error', row: 2, message: 'rule data.test.f conflicts with [data.test.f.g]' }], stop);
  });

  it('accepts rules that build one object from several refs', () => {
    expectValid('package test\np.q := 1\np.r := 2\np[k] := 3 if { k := "s" }\np.t.u := 4', stop);
  });

  it('accepts := rules defined twice (OPA reports differing values at run time)', () => {
    expectValid('package test\np := true\np := true', stop);
  });

  it('reports a package at the path of a rule', () => {
    expectErrors({ 'a.rego': 'package a\nb := 1', 'b.rego': 'package a.b\nc := 2' }, [
      { code: 'rego_type_error', row: 2, message: 'rule data.a.b conflicts with [data.a.b.c]' },
      { code: 'rego_type_error', row: 1, col: 1, message: 'package a.b conflicts with rule data.a.b defined at a.rego:2:1' },
    ], stop);
  });
});
