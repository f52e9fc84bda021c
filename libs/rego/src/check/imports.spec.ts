import { expectErrors, expectValid } from './spec-util';

const stop = { stopAfter: 'checkModuleRules' };

describe('checkModuleRules', () => {
  it('reports duplicate import names in v1 modules', () => {
    expectErrors('package test\nimport data.a.x\nimport data.b.x\np := 1', [
      { code: 'rego_compile_error', row: 3, col: 1, message: 'import must not shadow import data.a.x' },
    ]);
    expectErrors('package test\nimport data.a\nimport input.b as a\np := 1', [
      { code: 'rego_compile_error', row: 3, col: 1, message: 'import must not shadow import data.a' },
    ]);
  });

  it('allows duplicate imports in v0 unless strict', () => {
    const src = 'package test\nimport data.a.x\nimport data.b.x\np = 1';
    expectValid(src, { ...stop, regoVersion: 0 });
    expectErrors(src, [{ code: 'rego_compile_error', row: 3, message: 'import must not shadow' }], { ...stop, regoVersion: 0, strict: true });
  });

  it('ignores future and rego imports', () => {
    expectValid('package test\nimport rego.v1\nimport future.keywords.in\np := 1', stop);
  });

  it('forbids rules named input or data in v1', () => {
    expectErrors('package test\ninput := 1', [{ code: 'rego_compile_error', row: 2, col: 1, message: 'rules must not shadow input' }], stop);
    expectValid('package test\ndata = 1', { ...stop, regoVersion: 0 });
  });
});
