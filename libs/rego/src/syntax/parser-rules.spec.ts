import { dumpModule } from './dump';
import { expectErrors, expectValid, rules } from './spec-helpers';

describe('v1 rules', () => {
  it('parses complete rules with values and implicit true', () => {
    expect(rules('p := 1')).toEqual(['(rule complete p := 1 (body true))']);
    expect(rules('p = 1')).toEqual(['(rule complete p = 1 (body true))']);
    expect(rules('p if { x; y }')).toEqual(['(rule complete p = true (body x y))']);
    expect(rules('p := "a" if {\n  x\n  y\n}')).toEqual(['(rule complete p := "a" (body x y))']);
  });

  it('takes a single expression after if as the body', () => {
    expect(rules('p if x > 1')).toEqual(['(rule complete p = true (body gt(x, 1)))']);
    expect(rules('p if not q with input as 1')).toEqual(['(rule complete p = true (body not q with input as 1))']);
    expect(rules('p if some x in xs')).toEqual(['(rule complete p = true (body some internal.member_2(x, xs)))']);
    expect(rules('p if every x in xs { x }')).toEqual(['(rule complete p = true (body every x in xs { x }))']);
  });

  it('reads `if {` as a body unless a literal starting with a set/object parses', () => {
    expect(rules('p if { x }')).toEqual(['(rule complete p = true (body x))']);
    expect(rules('p if { "a", "b" } == x')).toEqual(['(rule complete p = true (body equal({"a", "b"}, x)))']);
    expect(rules('p if { x := 1 }')).toEqual(['(rule complete p = true (body assign(x, 1)))']);
  });

  it('parses default rules', () => {
    expect(rules('default p := false')).toEqual(['(rule default complete p := false (body true))']);
    expect(rules('default p = {"a": [1, {x | x := 1}]}')).toEqual(['(rule default complete p = {"a": [1, {x | assign(x, 1)}]} (body true))']);
    expect(rules('default f(_, y) := 1')).toEqual(['(rule default function f($wildcard0, y) := 1 (body true))']);
  });

  it('parses multi-value rules with contains', () => {
    expect(rules('p contains x if { x := 1 }')).toEqual(['(rule multi p contains x (body assign(x, 1)))']);
    expect(rules('p contains "a"')).toEqual(['(rule multi p contains "a" (body true))']);
    expect(rules('p.q.r contains x if x := 2')).toEqual(['(rule multi p.q.r contains x (body assign(x, 2)))']);
    expect(rules('deny contains msg if msg := sprintf("%v", [input])')).toHaveLength(1);
  });

  it('parses ref heads', () => {
    expect(rules('p[k] := v if { k := "a"; v := 1 }')).toEqual(['(rule complete p[k] := v (body assign(k, "a") assign(v, 1)))']);
    expect(rules('a.b[x].c := y if { x := 1; y := 2 }')).toEqual(['(rule complete a.b[x].c := y (body assign(x, 1) assign(y, 2)))']);
    expect(rules('p.q := 1')).toEqual(['(rule complete p.q := 1 (body true))']);
    expect(rules('p["a-b"].c if true')).toEqual(['(rule complete p["a-b"].c = true (body true))']);
  });

  it('reads `p[x] if` as an object rule with value true', () => {
    expect(rules('p[x] if x := "a"')).toEqual(['(rule complete p[x] = true (body assign(x, "a")))']);
  });

  it('parses functions', () => {
    expect(rules('f(x) := y if { y := x + 1 }')).toEqual(['(rule function f(x) := y (body assign(y, plus(x, 1))))']);
    expect(rules('f(x) if x > 1')).toEqual(['(rule function f(x) = true (body gt(x, 1)))']);
    expect(rules('f(1, [a, _]) = b')).toEqual(['(rule function f(1, [a, $wildcard0]) = b (body true))']);
    expect(rules('a.b.f(x) := 1')).toEqual(['(rule function a.b.f(x) := 1 (body true))']);
    expect(rules('f(1) := "one"\nf(2) := "two"')).toEqual([
      '(rule function f(1) := "one" (body true))',
      '(rule function f(2) := "two" (body true))',
    ]);
  });

  it('parses else chains', () => {
    expect(rules('p := 1 if { a } else := 2 if { b } else := 3')).toEqual([
      '(rule complete p := 1 (body a) (else = 2 (body b)) (else = 3 (body true)))',
    ]);
    expect(rules('p := 1 if a\nelse := 2 if b')).toEqual(['(rule complete p := 1 (body a) (else = 2 (body b)))']);
    expect(rules('p if { a } else if { b }')).toEqual(['(rule complete p = true (body a) (else = true (body b)))']);
    expect(rules('f(x) := 1 if { x } else := 2')).toEqual(['(rule function f(x) := 1 (body x) (else = 2 (body true)))']);
    expect(rules('p := 1 if { a } else { b }')).toEqual(['(rule complete p := 1 (body a) (else = true (body b)))']);
  });

  it('accepts keywords as ref heads when a dot or bracket follows', () => {
    expect(rules('p if input.if == input.contains')).toEqual(['(rule complete p = true (body equal(input.if, input.contains)))']);
  });

  it('gives every rule its package path', () => {
    const m = expectValid('package a.b\np := 1\nq if true');
    expect(m.rules.map((r) => r.packagePath)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });
});

describe('v0 rules', () => {
  it('parses v0 heads and bodies', () => {
    expect(rules('p { a }', 0)).toEqual(['(rule complete p = true (body a))']);
    expect(rules('p[x] { x := 1 }', 0)).toEqual(['(rule multi p contains x (body assign(x, 1)))']);
    expect(rules('p[k] = v { k := 1; v := 2 }', 0)).toEqual(['(rule complete p[k] = v (body assign(k, 1) assign(v, 2)))']);
    expect(rules('p[k] := v { true }', 0)).toEqual(['(rule complete p[k] := v (body true))']);
    expect(rules('f(x) = y { y := x }', 0)).toEqual(['(rule function f(x) = y (body assign(y, x)))']);
    expect(rules('f(x) { x }', 0)).toEqual(['(rule function f(x) = true (body x))']);
  });

  it('reads a two-part ref without value as a partial set, as OPA v0 does', () => {
    expect(rules('p.q { true }', 0)).toEqual(['(rule multi p contains "q" (body true))']);
    expect(rules('p[x]', 0)).toEqual(['(rule multi p contains x (body true))']);
  });

  it('gives value true to bodiless refs and functions', () => {
    expect(rules('a.b.c', 0)).toEqual(['(rule complete a.b.c = true (body true))']);
    expect(rules('f(x)', 0)).toEqual(['(rule function f(x) = true (body true))']);
  });

  it('turns several bodies into several rules, with fresh wildcards', () => {
    expect(rules('p { a } { b }', 0)).toEqual(['(rule complete p = true (body a))', '(rule complete p = true (body b))']);
    expect(rules('f(_) = 1 { a } { b }', 0)).toEqual([
      '(rule function f($wildcard0) = 1 (body a))',
      '(rule function f($wildcard1) = 1 (body b))',
    ]);
  });

  it('parses v0 else forms', () => {
    expect(rules('p = 1 { a } else = 2 { b } else { c } else = 4', 0)).toEqual([
      '(rule complete p = 1 (body a) (else = 2 (body b)) (else = true (body c)) (else = 4 (body true)))',
    ]);
  });

  it('produces the same tree as the v1 spelling', () => {
    const v0 = expectValid(
      'package p\np[x] { x := 1 }\nq[k] = v { k := 1; v := 2 }\nr { a } { b }\nf(x) = 1 { x } else = 2\ndefault s = 1\nt = 3',
      0,
    );
    const v1 = expectValid(
      'package p\np contains x if { x := 1 }\nq[k] = v if { k := 1; v := 2 }\nr if { a }\nr if { b }\nf(x) = 1 if { x } else = 2\ndefault s = 1\nt = 3',
    );
    expect(dumpModule(v0).replace('module v0', 'module v1')).toBe(dumpModule(v1));
  });

  it('switches keywords on with future imports, staying v0', () => {
    const m = expectValid('package p\nimport future.keywords.in\nimport future.keywords.if\np[x] { some x in [1] }\nq if { 1 in [1] }', 0);
    expect(m.regoVersion).toBe(0);
    expect(m.rules.map((r) => r.head.kind)).toEqual(['multi', 'complete']);
  });

  it('parses v1 syntax after import rego.v1 and marks the module v1', () => {
    const m = expectValid('package p\nimport rego.v1\np contains x if { some x in [1] }', 0);
    expect(m.regoVersion).toBe(1);
    expectErrors('package p\nimport rego.v1\np { true }', [{ code: 'rego_parse_error', row: 3, col: 1, message: '`if` keyword is required' }], 0);
  });
});

describe('v1 checks on v0 syntax', () => {
  it('requires if and contains', () => {
    expectErrors('package p\np[x] {\n  x := 1\n}', [
      { code: 'rego_parse_error', row: 2, col: 1, message: '`if` keyword is required before rule body' },
      { code: 'rego_parse_error', row: 2, col: 1, message: '`contains` keyword is required for partial set rules' },
    ]);
    expectErrors('package p\nf(x) { x }', [{ code: 'rego_parse_error', row: 2, col: 1, message: '`if` keyword is required before function body' }]);
    expectErrors('package p\np[x]', [{ code: 'rego_parse_error', row: 2, col: 1, message: '`contains` keyword is required' }]);
  });

  it('requires a value or a body', () => {
    expectErrors('package p\na.b.c', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'rule must have value assignment and/or body declaration' }]);
    expectErrors('package p\nf(x)', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'function must have value assignment and/or body declaration' }]);
  });

  it('lets an else inherit its rule’s if, but not an unmarked rule', () => {
    expectValid('package p\np := 1 if { a } else := 2 { b }');
    expectErrors('package p\np := 1 { a } else := 2 { b }', [
      { code: 'rego_parse_error', row: 2, col: 1, message: '`if` keyword is required before rule body' },
      { code: 'rego_parse_error', row: 2, col: 14, message: '`if` keyword is required before rule body' },
    ]);
  });

  it('checks extra bodies too', () => {
    expectErrors('package p\np { a } { b }', [
      { code: 'rego_parse_error', row: 2, col: 1, message: '`if` keyword is required' },
      { code: 'rego_parse_error', row: 2, col: 9, message: '`if` keyword is required' },
    ]);
  });
});

describe('rule errors', () => {
  it('rejects bare names and non-rule statements', () => {
    expectErrors('package p\np', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'var cannot be used for rule name' }]);
    expectErrors('package p\n"x"', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'string cannot be used for rule name' }]);
    expectErrors('package p\n1 = x', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'number cannot be used for rule name' }]);
    expectErrors('package p\nnot p', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'negated expressions cannot be used for rule head' }]);
  });

  it('rejects keywords as rule names', () => {
    expectErrors('package p\ncontains := 1', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'contains keyword cannot be used for rule name' }]);
    expectErrors('package p\nif { true }', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'if keyword cannot be used for rule name' }]);
    expectErrors('package p\nelse := 1', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'else keyword cannot be used for rule name' }]);
  });

  it('explains v1 keywords used in v0', () => {
    expectErrors('package p\np if { true }', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'var cannot be used for rule name (hint: `if` is a keyword only in Rego v1' }], 0);
  });

  it('rejects else where it cannot apply', () => {
    expectErrors('package p\np[x] := 1 if { x := 1 } else := 2', [
      { code: 'rego_parse_error', row: 2, col: 25, message: 'else keyword cannot be used on rules with variables in head' },
    ]);
    expectErrors('package p\np contains 1 if { true } else := 2', [
      { code: 'rego_parse_error', row: 2, col: 26, message: 'else keyword cannot be used on multi-value rules' },
    ]);
    expectErrors('package p\np = 1 { a } else = 2 { b } { c }', [{ code: 'rego_parse_error', row: 2, col: 28, message: 'expected else keyword' }], 0);
    expectErrors('package p\np := 1 if { a } else 2', [
      { code: 'rego_parse_error', row: 2, col: 22, message: 'unexpected number token: expected else value term or rule body' },
    ]);
  });

  it('validates default rules', () => {
    expectErrors('package p\ndefault p', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'illegal default rule (must have a value)' }]);
    expectErrors('package p\ndefault p := x', [{ code: 'rego_parse_error', row: 2, col: 1, message: 'illegal default rule (value cannot contain var)' }]);
    expectErrors('package p\ndefault p := [input.x]', [{ code: 'rego_parse_error', row: 2, col: 1, message: '(value cannot contain ref)' }]);
    expectErrors('package p\ndefault f(1) := 1', [{ code: 'rego_parse_error', row: 2, col: 1, message: '(arguments cannot contain number)' }]);
    expectErrors('package p\ndefault f(x, x) := 1', [{ code: 'rego_parse_error', row: 2, col: 1, message: '(arguments cannot be repeated x)' }]);
  });

  it('explains a missing value or key', () => {
    expectErrors('package p\np :=', [{ code: 'rego_parse_error', row: 2, col: 5, message: 'unexpected eof token: expected rule value term (e.g., p := <VALUE> { ... })' }]);
    expectErrors('package p\nf(x) := }', [{ code: 'rego_parse_error', row: 2, col: 9, message: 'expected function value term' }]);
    expectErrors('package p\np contains', [{ code: 'rego_parse_error', row: 2, col: 11, message: 'expected rule key term (e.g., p contains <VALUE> { ... })' }]);
    expectErrors('package p\nf(x) contains 1', [{ code: 'rego_parse_error', row: 2, col: 6, message: 'the contains keyword can only be used with multi-value rule definitions' }]);
  });

  it('rejects operators after a rule name', () => {
    expectErrors('package p\np + 1', [{ code: 'rego_parse_error', row: 2, col: 3, message: 'unexpected + token' }]);
  });
});

describe('rule locations', () => {
  it('locates rules from their first token, heads from the name', () => {
    const m = expectValid('package p\n\ndefault allow := false\n  q contains 1 if {\n    true\n  }');
    const [d, q] = m.rules;
    expect(d.loc).toMatchObject({ row: 3, col: 1, length: 'default allow := false'.length });
    expect(d.head.loc).toMatchObject({ row: 3, col: 9 });
    expect(q.loc).toMatchObject({ row: 4, col: 3 });
    expect(q.body[0].loc).toMatchObject({ row: 5, col: 5 });
  });
});
