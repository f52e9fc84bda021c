import { validateDecisionBatch, validateHello, validatePushedEvent } from './validate';

describe('payload validation', () => {
  it('accepts each pushed event shape', () => {
    const base = { v: 1, revision: 5, prev: 4, issued_at: 0 };
    expect(validatePushedEvent({ ...base, type: 'noop' }).type).toBe('noop');
    expect(validatePushedEvent({ ...base, type: 'data_delta', put: [{ path: 'tenants/acme', value: { plan: 'pro' } }], delete: ['x/y'] }).type).toBe('data_delta');
    expect(validatePushedEvent({ ...base, type: 'role_binding_delta', put: [{ id: 'b', subject: 'alice', role: 'admin', scope: null }], delete: [] }).type).toBe('role_binding_delta');
    expect(validatePushedEvent({ v: 1, type: 'heartbeat', head: 9, issued_at: 0 }).type).toBe('heartbeat');
    expect(validatePushedEvent({ v: 1, type: 'snapshot', revision: 9, issued_at: 0, bundle: null, data: [], role_bindings: [], revocations: [] }).type).toBe('snapshot');
  });

  it('names the offending field', () => {
    expect(() => validatePushedEvent({ v: 1, type: 'noop', revision: 5, prev: 5, issued_at: 0 })).toThrow(/prev 5 must be below revision 5/);
    expect(() => validatePushedEvent({ v: 1, type: 'data_delta', revision: 2, prev: 1, issued_at: 0, put: [{ path: 'vigil/x', value: 1 }], delete: [] })).toThrow(/reserved/);
    expect(() => validatePushedEvent({ v: 2, type: 'noop' })).toThrow(/event.v/);
    expect(() => validatePushedEvent({ v: 1, type: 'explode', issued_at: 0 })).toThrow(/unknown event type/);
    expect(() => validateHello({ v: 1, applied_revision: -1 })).toThrow(/hello.applied_revision/);
    expect(() =>
      validateDecisionBatch({ batch_id: 'b', dropped: 0, entries: [{ decision_id: 'd', timestamp: 'yesterday', path: 'p', allowed: true, revision: 1, bundle_sha256: null, latency_us: 1 }] }),
    ).toThrow(/entries\[0\].timestamp/);
  });

  it('checks every entry of a decision batch, those sharing a timestamp or bundle digest included', () => {
    const entry = { decision_id: 'd', timestamp: new Date(0).toISOString(), path: 'p', allowed: true, revision: 1, bundle_sha256: 'a'.repeat(64), latency_us: 1, outcome: 'allow', reasons: [] };
    const batch = (...e: Record<string, unknown>[]) => ({ batch_id: 'b', dropped: 0, entries: e.map((x) => ({ ...entry, ...x })) });
    expect(validateDecisionBatch(batch({}, {}, { bundle_sha256: null, reason: 'stale' })).entries).toHaveLength(3);
    expect(() => validateDecisionBatch(batch({}, { bundle_sha256: 'A'.repeat(64) }))).toThrow(/entries\[1\]\.bundle_sha256/);
    expect(() => validateDecisionBatch(batch({}, { timestamp: 'later' }))).toThrow(/entries\[1\]\.timestamp/);
    expect(() => validateDecisionBatch(batch({}, {}, { revision: -1 }))).toThrow(/entries\[2\]\.revision/);
    expect(() => validateDecisionBatch(batch({}, { reasons: ['a', 2] }))).toThrow(/entries\[1\]\.reasons\[1\]/);
    expect(() => validateDecisionBatch(batch({}, { decision_id: '' }))).toThrow(/entries\[1\]\.decision_id/);
    expect(() => validateDecisionBatch(batch({ latency_us: -1 }))).toThrow(/entries\[0\]\.latency_us/);
    expect(() => validateDecisionBatch(batch({ reason: 5 }))).toThrow(/entries\[0\]\.reason/);
  });

  it('checks decision outcomes and reasons, and accepts entries of older agents without them', () => {
    const entry = { decision_id: 'd', timestamp: new Date(0).toISOString(), path: 'p', allowed: false, revision: 1, bundle_sha256: null, latency_us: 1 };
    const batch = (e: Record<string, unknown>) => ({ batch_id: 'b', dropped: 0, entries: [{ ...entry, ...e }] });
    expect(validateDecisionBatch(batch({})).entries).toHaveLength(1);
    expect(validateDecisionBatch(batch({ outcome: 'challenge', reasons: ['new origin'] })).entries[0]).toMatchObject({ outcome: 'challenge' });
    expect(() => validateDecisionBatch(batch({ outcome: 'maybe' }))).toThrow(/entries\[0\]\.outcome/);
    expect(() => validateDecisionBatch(batch({ reasons: [1] }))).toThrow(/entries\[0\]\.reasons\[0\]/);
    expect(() => validateDecisionBatch(batch({ reasons: Array.from({ length: 17 }, () => 'r') }))).toThrow(/at most 16/);
  });
});
