import { ALL_KNOWN_BUILTINS, checkRego } from './spec-util';
import { programArity, verifyCheckedProgram } from './verify';

describe('verifyCheckedProgram', () => {
  const src = `
    package test
    f(x) := x + 1
    p if { some x in input.xs; count([y | y := x]) > f(1); not input.q[x]; every z in input.zs { z > x } }
    q := {k: v | some k, v in input.m} if { print("hi") }
  `;

  it('accepts the output of every pass', () => {
    const p = checkRego(src, { enablePrint: true });
    expect(verifyCheckedProgram(p, programArity(p, ALL_KNOWN_BUILTINS))).toEqual([]);
  });

  it('finds broken promises in a half-checked program', () => {
    const p = checkRego(src, { stopAfter: 'rewriteLocalVars' });
    const problems = verifyCheckedProgram(p, programArity(p, ALL_KNOWN_BUILTINS));
    expect(problems.some((m) => m.includes('is not plain'))).toBe(true);
  });
});
