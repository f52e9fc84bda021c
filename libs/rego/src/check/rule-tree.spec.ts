import { checkRego } from './spec-util';

const stop = { stopAfter: 'buildRuleTree' };

describe('buildRuleTree', () => {
  it('places rules by package and the string prefix of their head ref', () => {
    const p = checkRego(
      `
      package a.b
      p := 1
      q.r := 2
      s[x] := 3 if { x := "k" }
      t.u[x].v := 4 if { x := "k" }
      w[1] := 5
      m contains 6
      f(x) := x
      `,
      stop,
    );
    const shape = p.rules.map((r) => `${r.kind} ${r.path.join('.')} [${r.suffix.length}]`);
    expect(shape).toEqual([
      'complete data.a.b.p [0]',
      'complete data.a.b.q.r [0]',
      'object data.a.b.s [1]',
      'object data.a.b.t.u [2]',
      'object data.a.b.w [1]',
      'multi data.a.b.m [0]',
      'function data.a.b.f [0]',
    ]);
    expect(p.rules.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('treats v0 partial sets and objects like their v1 forms', () => {
    const p = checkRego('package a\np[x] { x := 1 }\nq[k] = v { k := "a"; v := 1 }', { ...stop, regoVersion: 0 });
    expect(p.rules.map((r) => `${r.kind} ${r.path.join('.')}`)).toEqual(['multi data.a.p', 'object data.a.q']);
  });

  it('records packages, including packages without rules', () => {
    const p = checkRego({ 'a.rego': 'package x.y\np := 1', 'b.rego': 'package x.z' }, stop);
    const data = p.tree.children.get('data');
    const x = data?.children.get('x');
    expect(x?.isPackage).toBe(false);
    expect(x?.children.get('y')?.isPackage).toBe(true);
    expect(x?.children.get('z')?.isPackage).toBe(true);
    expect(x?.children.get('z')?.rules).toEqual([]);
  });
});
