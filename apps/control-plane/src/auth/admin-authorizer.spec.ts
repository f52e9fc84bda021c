import { MetricsService } from '../metrics/metrics.service';
import { PolicyCompiler } from '../publishing/policy-compiler.service';
import { AdminAuthorizer } from './admin-authorizer';
import type { Principal, Scope } from './principal';

/** The shipped policy (policies/admin_authz.rego), compiled by our compiler, decides. */
describe('AdminAuthorizer', () => {
  const authorizer = new AdminAuthorizer(new PolicyCompiler(new MetricsService()));
  beforeAll(() => authorizer.onModuleInit());

  const as = (...scopes: string[]): Principal => ({ keyId: 'k', name: 'k', scopes: scopes as Scope[], actor: 'api-key:k' });
  const allowed = (p: Principal, action: string) => authorizer.decide(p, action, 'GET', '/v1/x').allow;

  it('grants admin every action, including ones no table lists', () => {
    for (const action of ['policies.write', 'api_keys.manage', 'revocations.write', 'something.new']) expect(allowed(as('admin'), action)).toBe(true);
  });

  it('grants author policy and data work but not bindings, revocations or keys', () => {
    for (const action of ['policies.write', 'data.write', 'evaluate', 'audit.read']) expect(allowed(as('author'), action)).toBe(true);
    for (const action of ['role_bindings.write', 'revocations.write', 'api_keys.manage', 'agents.register']) expect(allowed(as('author'), action)).toBe(false);
  });

  it('grants viewer reads only, and agent-registrar agents only', () => {
    expect(allowed(as('viewer'), 'policies.read')).toBe(true);
    expect(allowed(as('viewer'), 'policies.write')).toBe(false);
    expect(allowed(as('viewer'), 'evaluate')).toBe(false);
    expect(allowed(as('agent-registrar'), 'agents.register')).toBe(true);
    expect(allowed(as('agent-registrar'), 'policies.read')).toBe(false);
  });

  it('combines scopes and denies keys with no or unknown scopes, with a reason', () => {
    expect(allowed(as('viewer', 'agent-registrar'), 'agents.register')).toBe(true);
    expect(allowed(as(), 'policies.read')).toBe(false);
    expect(allowed(as('root'), 'policies.read')).toBe(false);
    expect(authorizer.decide(as('viewer'), 'data.write', 'PUT', '/v1/data/x')).toEqual({ allow: false, reason: 'no scope of this API key grants the action' });
  });
});
