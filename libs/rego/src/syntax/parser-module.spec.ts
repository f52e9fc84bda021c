import { dumpRef } from './dump';
import { parseModule } from './parse';
import { expectErrors, expectValid } from './spec-helpers';

const E = 'rego_parse_error' as const;

describe('package', () => {
  it('takes dotted and bracketed paths', () => {
    expect(expectValid('package a.b.c').package.path).toEqual(['a', 'b', 'c']);
    expect(expectValid('package a["b-c"].d').package.path).toEqual(['a', 'b-c', 'd']);
    expect(expectValid('package x').package.loc).toMatchObject({ row: 1, col: 1, length: 9 });
  });

  it('requires a package first, once, with string parts', () => {
    expectErrors('p := 1', [{ code: E, row: 1, col: 1, message: 'package expected' }]);
    expectErrors('package a\npackage b', [{ code: E, row: 2, col: 1, message: 'unexpected package' }]);
    expectErrors('package a[1]', [{ code: E, row: 1, col: 11, message: 'unexpected number token: expecting string' }]);
    expectErrors('', [{ code: E, row: 1, col: 1, message: 'empty module' }]);
    expectErrors('# only a comment\n', [{ code: E, row: 1, col: 1, message: 'empty module' }]);
  });

  it('returns no module without a package clause', () => {
    expect(parseModule('x.rego', 'p := 1').module).toBeUndefined();
  });
});

describe('imports', () => {
  it('records paths and aliases', () => {
    const m = expectValid('package p\nimport data.x.y\nimport input.z as w\nimport future.keywords\nimport future.keywords.in\nimport rego.v1\nimport input');
    expect(m.imports.map((i) => [dumpRef(i.path), i.alias])).toEqual([
      ['data.x.y', undefined],
      ['input.z', 'w'],
      ['future.keywords', undefined],
      ['future.keywords.in', undefined],
      ['rego.v1', undefined],
      ['input', undefined],
    ]);
    expect(m.imports[0].path).toMatchObject({ head: { kind: 'var', name: 'data' }, path: [{ value: 'x' }, { value: 'y' }] });
    expect(m.imports[1].loc).toMatchObject({ row: 3, col: 1, length: 'import input.z as w'.length });
  });

  it('rejects bad import paths', () => {
    expectErrors('package p\nimport foo.bar', [{ code: E, row: 2, col: 8, message: 'unexpected import path, must begin with one of: {data, future, input, rego}, got: foo' }]);
    expectErrors('package p\nimport data.x[y]', [{ code: E, row: 2, col: 15, message: 'unexpected var token: expecting string' }]);
    expectErrors('package p\nimport data.x as 1', [{ code: E, row: 2, col: 18, message: 'unexpected number token: expected var' }]);
    expectErrors('package p\nimport data.x.if', [{ code: E, row: 2, col: 15, message: 'must not end with a keyword, got: if' }]);
  });

  it('validates keyword imports', () => {
    expectErrors('package p\nimport future.keywords.foo', [{ code: E, row: 2, col: 8, message: 'unexpected keyword, must be one of [contains every if in]' }]);
    expectErrors('package p\nimport future.stuff', [{ code: E, row: 2, col: 8, message: 'invalid import, must be `future.keywords`' }]);
    expectErrors('package p\nimport future.keywords as k', [{ code: E, row: 2, col: 8, message: '`future` imports cannot be aliased' }]);
    expectErrors('package p\nimport rego.v2', [{ code: E, row: 2, col: 8, message: 'invalid import `rego.v2`, must be `rego.v1`' }]);
  });

  it('turns on v0 keywords one by one, every bringing in', () => {
    expectValid('package p\nimport future.keywords.every\np { every x in [1] { x } }', 0);
    expectErrors('package p\nimport future.keywords.in\np { every x in [1] { x } }', [{ code: E, row: 3, col: 11, message: 'unexpected ident token' }], 0);
    expectValid('package p\nimport future.keywords.contains\nimport future.keywords.if\np contains 1 if true', 0);
  });

  it('lets v0 modules use v1 keywords as names when not imported', () => {
    const m = expectValid('package p\nif := 1\ncontains := 2\nin := 3\nevery := 4', 0);
    expect(m.rules.map((r) => (r.head.ref[0] as { name: string }).name)).toEqual(['if', 'contains', 'in', 'every']);
  });
});

describe('comments', () => {
  it('keeps every comment, METADATA blocks included', () => {
    const m = expectValid('# lead\npackage p\n\n# METADATA\n# title: x\np := 1 # trailing\n');
    expect(m.comments.map((c) => [c.text, c.loc.row, c.loc.col])).toEqual([
      [' lead', 1, 1],
      [' METADATA', 4, 1],
      [' title: x', 5, 1],
      [' trailing', 6, 8],
    ]);
  });
});

describe('errors and recovery', () => {
  it('reports OPA-style messages at exact positions', () => {
    expectErrors('package p\np if {\n  x := 1\n  }\n}', [{ code: E, row: 5, col: 1, message: 'unexpected } token' }]);
    expectErrors('package p\np if {\n  x := 1\n', [{ code: E, row: 4, col: 1, message: 'unexpected eof token' }]);
    expectErrors('package p\np := "abc\nq := 1', [{ code: E, row: 2, col: 6, message: 'non-terminated string' }]);
    expectErrors('package p\np if { }', [{ code: E, row: 2, col: 8, message: 'found empty body' }]);
    expectErrors('package p\np := 1 @', [{ code: E, row: 2, col: 8, message: 'illegal token' }]);
  });

  it('reports errors in several rules and keeps the good ones', () => {
    const src = ['package p', 'a := 1', 'b if {', '  x := ', '}', 'c := [1, 2', 'd := 4', 'e if { f(1 }', 'g := 5'].join('\n');
    expectErrors(src, [
      { code: E, row: 5, col: 1, message: 'unexpected } token' },
      { code: E, row: 7, col: 1, message: 'unexpected ident token: expected "," or "]"' },
      { code: E, row: 8, col: 12, message: 'unexpected } token: expected "," or ")"' },
    ]);
    const { module } = parseModule('x.rego', src);
    expect(module?.rules.map((r) => (r.head.ref[0] as { name: string }).name)).toEqual(['a', 'd', 'g']);
  });

  it('recovers from an unclosed brace at the next statement indented like the broken one', () => {
    const src = 'package p\np if {\n  x := [1,\n  y := 2\nq := 1';
    const { module, diagnostics } = parseModule('x.rego', src);
    expect(diagnostics).toHaveLength(1);
    expect(module?.rules.map((r) => (r.head.ref[0] as { name: string }).name)).toEqual(['q']);
  });

  it('sorts diagnostics by position, lexer ones included', () => {
    const { diagnostics } = parseModule('x.rego', 'package p\na := }\nb := "x\nc := ]');
    expect(diagnostics.map((d) => [d.location.row, d.message])).toEqual([
      [2, 'unexpected } token: expected rule value term (e.g., a := <VALUE> { ... })'],
      [3, 'non-terminated string'],
      [4, 'unexpected ] token: expected rule value term (e.g., c := <VALUE> { ... })'],
    ]);
    expect(diagnostics.every((d) => d.location.file === 'x.rego')).toBe(true);
  });

  it('limits nesting instead of overflowing the stack', () => {
    const deep = `package p\nx := ${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { diagnostics } = parseModule('x.rego', deep);
    expect(diagnostics[0]?.message).toBe('max parsing recursion depth exceeded');
    const ok = `package p\nx := ${'['.repeat(100)}${']'.repeat(100)}`;
    expect(parseModule('x.rego', ok).diagnostics).toEqual([]);
  });
});
