import { expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'checkUndefinedFuncs' };

describe('checkUndefinedFuncs', () => {
  it('accepts known builtins and user functions with the right arity', () => {
    expectValid('package test\nf(a, b) := a + b\np if { f(1, 2) == 3; f(1, 2, x); x > 2; count([1]) > 0; count([1], n); n > 0 }', stop);
  });

  it('reports undefined functions', () => {
    expectErrors('package test\np if { nope(1) }\nq if { x := data.other.f(1); x }\nr if { lib.g(1) }', [
      { code: 'rego_type_error', row: 2, col: 8, message: 'undefined function nope' },
      { code: 'rego_type_error', row: 3, col: 13, message: 'undefined function data.other.f' },
      { code: 'rego_type_error', row: 4, col: 8, message: 'undefined function lib.g' },
    ], stop);
  });

  it('reports calls to rules that are not functions, and functions used as values', () => {
    expectErrors('package test\np := 1\nf(x) := x\nq if { p(1) }\nr if { x := f; x }', [
      { code: 'rego_type_error', row: 4, col: 8, message: 'undefined function data.test.p' },
      { code: 'rego_type_error', row: 5, col: 13, message: 'undefined ref: data.test.f' },
    ], stop);
  });

  it('reports builtin arity mismatches in OPA wording', () => {
    expectErrors('package test\np if { count(1, 2, 3) }\nq if { count() > 1 }', [
      { code: 'rego_type_error', row: 2, col: 8, message: 'count: arity mismatch' },
      { code: 'rego_type_error', row: 3, col: 8, message: 'count: arity mismatch' },
    ], stop);
  });

  it('reports user function arity mismatches', () => {
    expectErrors('package test\nf(a) := a\np if { f(1, 2, 3) }\nq if { f(1, 2) > 1 }', [
      { code: 'rego_type_error', row: 3, col: 8, message: 'function data.test.f has arity 1, got 2 arguments' },
      { code: 'rego_type_error', row: 4, col: 8, message: 'function data.test.f has arity 1, got 2 arguments' },
    ], stop);
  });

  it('reports deprecated builtins in v1 and in strict mode', () => {
    expectErrors('package test\np if { any([true]) }', [{ code: 'rego_type_error', row: 2, col: 8, message: 'deprecated built-in function calls in expression: any' }], stop);
    const v0 = 'package test\np { re_match("a", "a") }';
    expectErrors(v0, [{ code: 'rego_type_error', row: 2, message: 'deprecated built-in function calls in expression: re_match' }], {
      ...stop,
      regoVersion: 0,
      strict: true,
    });
  });

  it('checks calls inside comprehensions, every bodies and else values', () => {
    expectErrors('package test\np := [x | x := nope(1)]\nq if { every x in [1] { nope2(x) } }\nr := 1 if { false } else := nope3(2)', [
      { code: 'rego_type_error', row: 2, message: 'undefined function nope' },
      { code: 'rego_type_error', row: 3, message: 'undefined function nope2' },
      { code: 'rego_type_error', row: 4, message: 'undefined function nope3' },
    ], stop);
  });

  it('reports known OPA builtins this toolchain lacks as unsupported', () => {
    const builtins = { get: () => undefined, isKnownUnsupported: (n: string) => n === 'http.send' };
    expectErrors('package test\np if { http.send({}) }', [{ code: 'rego_unsupported_builtin_error', row: 2, col: 8 }], { ...stop, builtins });
  });

  it('lets a program call an unsupported builtin that some `with` mocks (codegen rejects unmocked calls)', () => {
    const any = { kind: 'any' } as const;
    const now = { name: 'time.now_ns', args: [], result: any };
    const equal = { name: 'equal', args: [any, any], result: { kind: 'boolean' } as const };
    const send = { name: 'http.send', args: [any], result: any };
    const builtins = {
      get: (n: string) => (n === now.name ? now : n === equal.name ? equal : undefined),
      isKnownUnsupported: (n: string) => n === send.name,
      describe: (n: string) => (n === send.name ? send : n === now.name ? now : n === equal.name ? equal : undefined),
    };
    const opts = { ...stop, builtins };
    expectValid('package test\nmock(_) := {"body": 1}\np if { http.send({}).body == 1 }\nt if { p with http.send as mock }', opts);
    expectErrors('package test\nmock(_) := 1\np if { http.send({}, 1, 2) }\nt if { p with http.send as mock }', [
      { code: 'rego_type_error', row: 3, col: 8, message: 'http.send: arity mismatch' },
    ], opts);
    expectErrors('package test\np if { http.send({}) }\nt if { p with time.now_ns as 1 }', [{ code: 'rego_unsupported_builtin_error', row: 2, col: 8 }], opts);
  });
});
