import { EnforcedState } from './enforced-state';

describe('EnforcedState.toDataDocument', () => {
  it('layers data documents over the bundle data and exposes bindings and revocations under data.vigil', () => {
    const s = new EnforcedState({
      data: [
        { path: 'tenants/acme', value: { plan: 'pro' } },
        { path: 'tenants', value: { globex: { plan: 'free' } } },
      ],
      role_bindings: [
        { id: 'b1', subject: 'alice', role: 'admin', scope: 'acme' },
        { id: 'b2', subject: 'alice', role: 'viewer' },
      ],
      revocations: [{ id: 'r1', kind: 'session', value: 's1', reason: 'logout' }],
    });
    const data = s.toDataDocument({ roles: { admin: ['read', 'write'] }, tenants: { initech: {} } });
    expect(data).toEqual({
      roles: { admin: ['read', 'write'] },
      tenants: { globex: { plan: 'free' }, acme: { plan: 'pro' } },
      vigil: {
        role_bindings: {
          alice: [
            { id: 'b1', role: 'admin', scope: 'acme', expires_at: null },
            { id: 'b2', role: 'viewer', scope: null, expires_at: null },
          ],
        },
        revocations: { subject: {}, token_id: {}, service: {}, session: { s1: { id: 'r1', reason: 'logout', expires_at: null } } },
      },
    });
  });

  it('applies deltas by id and path', () => {
    const s = new EnforcedState();
    s.applyRoleBindings({ v: 1, type: 'role_binding_delta', revision: 1, prev: 0, issued_at: 0, put: [{ id: 'b1', subject: 'a', role: 'r' }], delete: [] });
    s.applyData({ v: 1, type: 'data_delta', revision: 2, prev: 1, issued_at: 0, put: [{ path: '/x/y', value: 1 }], delete: [] });
    s.applyRoleBindings({ v: 1, type: 'role_binding_delta', revision: 3, prev: 2, issued_at: 0, put: [], delete: ['b1'] });
    s.applyData({ v: 1, type: 'data_delta', revision: 4, prev: 3, issued_at: 0, put: [], delete: ['x/y'] });
    expect(s.toSnapshot(4)).toEqual({ revision: 4, data: [], role_bindings: [], revocations: [] });
  });
});
