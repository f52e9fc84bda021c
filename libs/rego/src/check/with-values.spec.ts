import { dumpChecked, expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'rewriteWithValues' };

describe('rewriteWithValues', () => {
  it('computes with values that need evaluation first', () => {
    const p = expectValid('package test\nq := input.x\np if { q with input.x as data.other.v }\nr if { q with input as {"x": [y | y := 1]} }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- eq($0, data.other.v); data.test.q with input.x as $0']);
    expect(dumpChecked(p, 'data.test.r')[0]).toMatch(/^data\.test\.r = true :- eq\(\$\d+, \{"x": \[\$y_\d+ \| eq\(\$y_\d+, 1\)\]\}\); data\.test\.q with input as \$\d+$/);
  });

  it('keeps function and builtin mocks as refs', () => {
    const p = expectValid(
      'package test\nf(_) := 1\ng(_) := 2\nq if { f(1) == 1; count([]) == 0 }\np if { q with f as g with count as f }\nr if { q with count as count }',
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = true :- data.test.q with data.test.f as data.test.g with count as data.test.f']);
    expect(dumpChecked(p, 'data.test.r')).toEqual(['data.test.r = true :- data.test.q with count as count']);
  });

  it('mocks builtins this toolchain lacks, but cannot call them as replacements', () => {
    const builtins = {
      get: (n: string) => (n === 'count' ? { name: 'count', args: [{ kind: 'any' as const }], result: { kind: 'number' as const } } : undefined),
      describe: (n: string) => (n === 'http.send' ? { name: n, args: [{ kind: 'any' as const }], result: { kind: 'any' as const } } : undefined),
      isKnownUnsupported: (n: string) => n === 'http.send',
    };
    expectValid('package test\nmock(_) := {}\nq := 1\np if { q with http.send as mock }', { ...stop, builtins });
    expectErrors('package test\nq := 1\np if { q with count as http.send }', [{ code: 'rego_unsupported_builtin_error', row: 3, col: 24 }], {
      ...stop,
      builtins,
    });
  });

  it('reports invalid targets', () => {
    expectErrors(
      'package test\nq := 1\ns.t := 1\np if { q with foo as 1 }\nr if { q with data.test.s.t.u as 1 }\nu if { q with internal.member_2 as 1 }\nv if { q with print as 1 }',
      [
        { code: 'rego_type_error', row: 4, col: 15, message: 'with keyword target must reference existing input, data, or a function' },
        { code: 'rego_compile_error', row: 5, col: 15, message: 'with keyword cannot partially replace virtual document(s)' },
        { code: 'rego_compile_error', row: 6, col: 15, message: 'replacement of internal function "internal.member_2" invalid' },
        { code: 'rego_compile_error', row: 7, col: 15, message: 'target must not be a void function' },
      ],
      stop,
    );
  });
});
