import { compilePolicy, runRegoTests } from '@vigil/rego';
import { entrypointPackage, entrypointRef, testModule, testName, testRule } from '../src/playground/test-case';

describe('playground test cases', () => {
  it('names entrypoints as Rego references', () => {
    expect(entrypointRef('authz/allow')).toBe('data.authz.allow');
    expect(entrypointRef('data.authz.allow')).toBe('data.authz.allow');
    expect(entrypointRef('my-app/allow')).toBe('data["my-app"].allow');
    expect(entrypointPackage('authz/rbac/allow')).toBe('authz.rbac');
    expect(testName('  Alice can READ orders! ')).toBe('alice_can_read_orders');
  });

  it('writes a test that passes against the policy it was recorded from, and fails when it changes', async () => {
    const policy = { path: 'authz.rego', source: 'package authz\n\ndefault allow := false\n\nallow if input.user == "alice"\n' };
    const rule = testRule('alice allowed', 'authz/allow', { user: 'alice' }, true);
    const first = testModule('authz/allow', null, rule);
    const second = testModule('authz/allow', first.source, testRule('bob denied', 'authz/allow', { user: 'bob' }, false));
    expect(second.id).toBe('authz-test');
    const modules = [policy, { path: 'authz-test.rego', source: second.source }];
    expect(() => compilePolicy({ modules })).not.toThrow();
    expect((await runRegoTests({ modules })).map((r) => [r.name, r.passed])).toEqual([
      ['data.authz_test.test_alice_allowed', true],
      ['data.authz_test.test_bob_denied', true],
    ]);
    const changed = [{ ...policy, source: policy.source.replace('alice', 'carol') }, modules[1]];
    expect((await runRegoTests({ modules: changed })).filter((r) => !r.passed).map((r) => r.name)).toEqual(['data.authz_test.test_alice_allowed']);
  });
});
