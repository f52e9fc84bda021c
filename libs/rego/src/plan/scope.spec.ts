/**
 * `with` scopes: only rules that can reach a replaced data path or a mocked function are planned
 * again (under a new function name); everything else keeps sharing its scope-0 function.
 */
import { planRego } from './spec-util';

const funcNames = (src: string, entrypoints: string[]): string[] => planRego(src, { entrypoints }).funcs.map((f) => f.name);

describe('with scopes', () => {
  it('do not re-plan anything for replaced base data without rules', () => {
    const names = funcNames(
      `
      package test
      s := data.cfg.limit
      p := x if { x := s with data.cfg.limit as 9 }
      `,
      ['test/p'],
    );
    expect(names).toEqual(['g0.data.test.p', 'g0.data.test.s']);
  });

  it('re-plan only the rules that reach a replaced rule', () => {
    const names = funcNames(
      `
      package test
      sub.v := 1
      reads := data.test.sub.v
      unrelated := 2
      both := [reads, unrelated]
      p := x if { x := both with data.test.sub.v as 5 }
      `,
      ['test/p'],
    );
    expect(names.filter((n) => !n.startsWith('g0.'))).toEqual(['g1.data.test.both', 'g1.data.test.reads']);
    expect(names).toContain('g0.data.test.unrelated');
    expect(names).not.toContain('g1.data.test.sub.v');
  });

  it('re-plan callers of a mocked builtin, with a run-time mock value as an extra parameter', () => {
    const policy = planRego(
      `
      package test
      c := count([1, 2])
      other := 1
      p := x if { n := input.n; x := [c, other] with count as n }
      `,
      { entrypoints: ['test/p'] },
    );
    const mocked = policy.funcs.find((f) => f.name === 'g1.data.test.c');
    expect(mocked?.params).toEqual([0, 1, 2]);
    expect(mocked?.memoizable).toBe(false);
    expect(policy.funcs.map((f) => f.name)).toContain('g0.data.test.other');
  });

  it('plan a mock function without the mocks of its scope', () => {
    const names = funcNames(
      `
      package test
      g(x) := count(x)
      q := y if { y = count([1, 2, 3]) with count as g }
      `,
      ['test/q'],
    );
    expect(names).toEqual(['g0.data.test.g', 'g0.data.test.q']);
  });
});
