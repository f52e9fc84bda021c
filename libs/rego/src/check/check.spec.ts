import { formatDiagnostic } from '../diagnostics';
import { parseModule } from '../syntax/parse';
import { CHECK_PASSES, checkProgram } from './check';
import { childKeys, defaultRule, findNode, functionArity, hasErrors, hasRulesBelow, isFunction, nodeKind, pathToString, rulesAt, virtualDocumentAt } from './program';
import { ALL_KNOWN_BUILTINS, checkRego, expectErrors, expectValid } from './spec-util';

describe('checkProgram', () => {
  it('runs the passes in a fixed, named order', () => {
    expect(CHECK_PASSES.map((p) => p.name)).toEqual([
      'checkModuleRules',
      'buildRuleTree',
      'checkRuleConflicts',
      'resolveRefs',
      'rewriteHeads',
      'rewriteLocalVars',
      'rewritePrintCalls',
      'checkUndefinedFuncs',
      'rewriteExprTerms',
      'rewriteWithValues',
      'checkSafety',
      'rewriteDynamicTerms',
      'checkRecursion',
      'checkTypes',
    ]);
  });

  it('collects errors of independent passes', () => {
    expectErrors('package test\nimport data.a.x\nimport data.b.x\np := 1\np contains 2\nq if { y > 1 }\nr if { r }', [
      { code: 'rego_compile_error', row: 3, message: 'import must not shadow' },
      { code: 'rego_type_error', row: 5, message: 'conflicting rules data.test.p found' },
      { code: 'rego_unsafe_var_error', row: 6, message: 'var y is unsafe' },
      { code: 'rego_recursion_error', row: 7, message: 'rule data.test.r is recursive' },
    ]);
  });

  it('skips passes that would only repeat an earlier error', () => {
    expectErrors('package test\np if { x := 1; x := 2 }', [{ code: 'rego_compile_error', row: 2, message: 'var x assigned above' }]);
    expectErrors('package test\np if { nope(1, x); x > 1 }', [{ code: 'rego_type_error', row: 2, message: 'undefined function nope' }]);
  });

  it('never throws on odd input', () => {
    expect(() => checkProgram([], {})).not.toThrow();
    const m = parseModule('e.rego', 'package empty').module;
    const p = checkProgram(m ? [m] : [], {});
    expect(p.diagnostics).toEqual([]);
    expect(findNode(p, ['data', 'empty'])?.isPackage).toBe(true);
  });

  it('reports the builtins a program calls', () => {
    const p = expectValid('package test\np if { count(input.xs) > 1; startswith(input.s, "a") }');
    expect(p.builtinsUsed).toEqual(['count', 'gt', 'startswith']);
  });

  it('answers the planner helpers', () => {
    const p = expectValid({
      'a.rego': 'package a\ndefault allow := false\nallow if { input.ok }\nf(x, y) := x + y\nobj[k] := 1 if { some k in input.ks }\nsub.deep := 2',
      'b.rego': 'package a.b\nc := 3',
    });
    expect(pathToString(['data', 'a', 'x-y'])).toBe('data.a["x-y"]');
    expect(rulesAt(p, ['data', 'a', 'allow'])).toHaveLength(2);
    expect(defaultRule(findNode(p, ['data', 'a', 'allow']) as never)?.isDefault).toBe(true);
    expect(isFunction(p, ['data', 'a', 'f'])).toBe(true);
    expect(functionArity(p, ['data', 'a', 'f'])).toBe(2);
    expect(functionArity(p, ['data', 'a', 'allow'])).toBeUndefined();
    expect(nodeKind(findNode(p, ['data', 'a', 'obj']) as never)).toBe('object');
    expect(childKeys(findNode(p, ['data', 'a']) as never)).toEqual(['allow', 'b', 'f', 'obj', 'sub']);
    expect(hasRulesBelow(findNode(p, ['data', 'a', 'sub']) as never)).toBe(true);
    expect(virtualDocumentAt(p, ['data', 'a', 'obj', 'k1'])).toMatchObject({ rest: ['k1'] });
    expect(virtualDocumentAt(p, ['data', 'a'])).toBeUndefined();
    expect(hasErrors(p)).toBe(false);
  });

  it('reports errors sorted by file, row and column', () => {
    const p = checkRego('package test\nq if { y > 1 }\np if { x > 1 }', { builtins: ALL_KNOWN_BUILTINS });
    expect(p.diagnostics.map((d) => d.location.row)).toEqual([2, 3]);
    expect(hasErrors(p)).toBe(true);
  });
});

describe('checkProgram: call errors and safety', () => {
  it('reports an unsafe var in one rule beside a call error in another', () => {
    expectErrors('package test\np if { nope(1) }\nq if { y > 1 }\nr if { count(1, 2, 3) }\ns contains z if { input.a }', [
      { code: 'rego_type_error', row: 2, col: 8, message: 'undefined function nope' },
      { code: 'rego_unsafe_var_error', row: 3, col: 8, message: 'var y is unsafe' },
      { code: 'rego_type_error', row: 4, col: 8, message: 'count: arity mismatch' },
      { code: 'rego_unsafe_var_error', row: 5, col: 12, message: 'var z is unsafe' },
    ]);
  });

  it('gives a body whose call error hides its outputs no spurious unsafe vars', () => {
    // x, n and y would be bound by the calls' outputs: only the call errors are reported.
    expectErrors('package test\nf(a) := a\np if { nope(1, x); x > 1 }\nq if { count([1], 2, n); n > 0 }\nr := y if { f(1, 2, y) }', [
      { code: 'rego_type_error', row: 3, col: 8, message: 'undefined function nope' },
      { code: 'rego_type_error', row: 4, col: 8, message: 'count: arity mismatch' },
      { code: 'rego_type_error', row: 5, col: 13, message: 'function data.test.f has arity 1, got 2 arguments' },
    ]);
  });

  it('skips only the body holding the call error: the same rule\'s else bodies and head are checked', () => {
    expectErrors('package test\np := 1 if { nope(x); x } else := 2 if { w > 1 }', [
      { code: 'rego_type_error', row: 2, col: 13, message: 'undefined function nope' },
      { code: 'rego_unsafe_var_error', row: 2, col: 41, message: 'var w is unsafe' },
    ]);
    expectErrors('package test\np := v if { input.a } else := 2 if { nope(x); x }', [
      { code: 'rego_unsafe_var_error', row: 2, col: 6, message: 'var v is unsafe' },
      { code: 'rego_type_error', row: 2, col: 38, message: 'undefined function nope' },
    ]);
  });

  it('a call error inside a comprehension or every body skips the enclosing rule body only', () => {
    expectErrors('package test\np := [x | x := nope(1)]\nq if { every x in [1] { nope2(x, y); y } }\nr if { k > 1 }', [
      { code: 'rego_type_error', row: 2, message: 'undefined function nope' },
      { code: 'rego_type_error', row: 3, message: 'undefined function nope2' },
      { code: 'rego_unsafe_var_error', row: 4, col: 8, message: 'var k is unsafe' },
    ]);
  });

  it('calls that leave outputs known (deprecated builtin, function used as value) do not hide unsafe vars', () => {
    expectErrors('package test\np if { any([true]); y > 1 }\nf(x) := x\nq if { x := f; z > x }', [
      { code: 'rego_type_error', row: 2, col: 8, message: 'deprecated built-in function calls in expression: any' },
      { code: 'rego_unsafe_var_error', row: 2, col: 21, message: 'var y is unsafe' },
      { code: 'rego_type_error', row: 4, col: 13, message: 'undefined ref: data.test.f' },
      { code: 'rego_unsafe_var_error', row: 4, col: 16, message: 'var z is unsafe' },
    ]);
  });

  it('checks the query and the modules independently of each other\'s call errors', () => {
    expectErrors('package test\np if { nope(1) }', [
      { code: 'rego_type_error', row: 2, message: 'undefined function nope' },
      { code: 'rego_unsafe_var_error', row: 1, col: 1, message: 'var x is unsafe' },
    ], { query: 'x > 1' });
    expectErrors('package test\np if { y > 1 }', [
      { code: 'rego_type_error', row: 1, col: 1, message: 'undefined function nope' },
      { code: 'rego_unsafe_var_error', row: 2, col: 8, message: 'var y is unsafe' },
    ], { query: 'nope(1, x); x > 1' });
  });

  it('reports every independent error across modules, sorted by file, row and column, the same each run', () => {
    const src = {
      'b.rego': 'package b\nq if { y > 1 }\nr if { f(1) }',
      'a.rego': 'package a\np if { upper("a", "b", "c") }\ns if { t := [z | z < w] ; count(t) > 0 }',
    };
    const run = (): string[] => checkRego(src, { builtins: ALL_KNOWN_BUILTINS }).diagnostics.map((d) => formatDiagnostic(d));
    const first = run();
    expect(first.map((l) => l.replace(/\n[\s\S]*/, ''))).toEqual([
      'a.rego:2:8: rego_type_error: upper: arity mismatch',
      'a.rego:3:18: rego_unsafe_var_error: var z is unsafe',
      'a.rego:3:22: rego_unsafe_var_error: var w is unsafe',
      'b.rego:2:8: rego_unsafe_var_error: var y is unsafe',
      'b.rego:3:8: rego_type_error: undefined function f',
    ]);
    expect(run()).toEqual(first);
  });
});
