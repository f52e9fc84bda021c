import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { Enforcer } from './enforcer';

const SRC = `package authz
import rego.v1
default allow := false
allow if {
  some b in data.vigil.role_bindings[input.subject]
  b.role == data.config.needed
}
marked := true if data.vigil.revocations.session[input.s]
else := false
`;

const meta = (revision: number) => ({ v: 1 as const, revision, prev: revision - 1, issued_at: 0 });

async function enforcerWithPolicy(): Promise<{ e: Enforcer; policy: RegoPolicy }> {
  const policy = await RegoPolicy.load(compilePolicy({ modules: [{ path: 'a.rego', source: SRC }], entrypoints: ['authz/allow', 'authz/marked'] }).wasm);
  const e = new Enforcer({ maxStalenessMs: 60_000 });
  e.installBundle({ sha256: 'a'.repeat(64), manifest: { revision: '1', roots: [''] }, policy, baseData: { config: { needed: 'reader' } } }, 1);
  e.heartbeat(1);
  return { e, policy };
}

describe('Enforcer data refresh', () => {
  it('applies deltas to the loaded policy in place, deciding as a full reload would', async () => {
    const { e, policy } = await enforcerWithPolicy();
    const full = jest.spyOn(policy, 'setData');
    e.applyDelta({ ...meta(2), type: 'role_binding_delta', put: [{ id: 'b1', subject: 'alice', role: 'reader' }], delete: [] });
    expect(e.decideNow('authz/allow', { subject: 'alice' }).result).toBe(true);
    e.applyDelta({ ...meta(3), type: 'data_delta', put: [{ path: 'config/needed', value: 'admin' }], delete: [] });
    expect(e.decideNow('authz/allow', { subject: 'alice' }).result).toBe(false);
    e.applyDelta({ ...meta(4), type: 'data_delta', put: [], delete: ['config/needed'] }); // the bundle's value shows again
    expect(e.decideNow('authz/allow', { subject: 'alice' }).result).toBe(true);
    e.applyDelta({ ...meta(5), type: 'revocation', put: [{ id: 'r1', kind: 'session', value: 's9' }], delete: [] });
    expect(e.decideNow('authz/marked', { session: 's9', subject: 'alice' }).reason).toBe('revoked');
    expect(e.decideNow('authz/marked', { s: 's9' }).result).toBe(true); // policies see it as data too
    expect(e.decideNow('authz/marked', { s: 'other' }).result).toBe(false);
    e.applyDelta({ ...meta(6), type: 'role_binding_delta', put: [], delete: ['b1'] });
    expect(e.decideNow('authz/allow', { subject: 'alice' }).result).toBe(false);
    expect(full).not.toHaveBeenCalled();
    expect(policy.dataHeapStats.garbageBytes).toBeGreaterThan(0);
    expect(policy.dumpData()).toEqual({ config: { needed: 'reader' }, vigil: { role_bindings: {}, revocations: { subject: {}, token_id: {}, session: { s9: { id: 'r1', reason: null, expires_at: null } }, service: {} } } });
    e.close();
  });

  it('falls back to a full reload when a patch cannot apply', async () => {
    const { e, policy } = await enforcerWithPolicy();
    // config/needed is a string in the bundle; a document below it must turn it into an object.
    e.applyDelta({ ...meta(2), type: 'data_delta', put: [{ path: 'config/needed/deeper', value: 1 }], delete: [] });
    e.decideNow('authz/allow', { subject: 'x' });
    expect(policy.dumpData()).toMatchObject({ config: { needed: { deeper: 1 } } });
    e.close();
  });
});
