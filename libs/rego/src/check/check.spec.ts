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
