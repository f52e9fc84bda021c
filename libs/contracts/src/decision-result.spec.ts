import { normalizeResult, wwwAuthenticate } from './decision-result';
import { validatePushedEvent, validateRiskReport } from './validate';

describe('adaptive decision results', () => {
  it('keeps booleans and plain {allow} objects as they were', () => {
    expect(normalizeResult(true)).toMatchObject({ outcome: 'allow', adaptive: false });
    expect(normalizeResult(false)).toMatchObject({ outcome: 'deny', adaptive: false });
    expect(normalizeResult(undefined)).toMatchObject({ outcome: 'deny', adaptive: false });
    expect(normalizeResult('yes')).toMatchObject({ outcome: 'deny' });
    expect(normalizeResult({ allow: true, headers: { a: 'b' } })).toMatchObject({ outcome: 'allow', adaptive: false });
    expect(normalizeResult({ allow: 'true' })).toMatchObject({ outcome: 'deny', adaptive: false });
  });

  it('applies deny > challenge > limit > allow, with reasons', () => {
    expect(normalizeResult({ allow: true, challenge: { acr_values: 'mfa' }, deny: true, reasons: 'x' })).toMatchObject({ outcome: 'deny', reasons: ['x'] });
    expect(normalizeResult({ allow: true, challenge: { acr_values: 'mfa', max_age: 60.7, bogus: 1 }, limit: { rate: 1 } })).toEqual({
      outcome: 'challenge',
      adaptive: true,
      reasons: [],
      challenge: { acr_values: 'mfa', max_age: 60 },
      limit: null,
    });
    expect(normalizeResult({ challenge: true, reasons: ['new origin', 3] })).toMatchObject({ outcome: 'challenge', challenge: {}, reasons: ['new origin'] });
    expect(normalizeResult({ limit: { rate: 2 } })).toMatchObject({ outcome: 'limit', limit: { rate: 2, burst: 2, per: 'subject' } });
    expect(normalizeResult({ limit: { rate: 0.5, burst: 3, per: 'service' } })).toMatchObject({ limit: { rate: 0.5, burst: 3, per: 'service' } });
    expect(normalizeResult({ allow: true, reasons: ['ok'] })).toMatchObject({ outcome: 'allow', adaptive: true, reasons: ['ok'] });
    expect(normalizeResult({ deny: 'service is not compliant' })).toMatchObject({ outcome: 'deny', reasons: ['service is not compliant'] });
  });

  it('fails closed on a malformed limit or an object without an outcome', () => {
    expect(normalizeResult({ limit: { rate: -1 } })).toMatchObject({ outcome: 'deny', reasons: [expect.stringMatching(/malformed limit/)] });
    expect(normalizeResult({ limit: { rate: 1, per: 'planet' } })).toMatchObject({ outcome: 'deny' });
    expect(normalizeResult({ reasons: ['nothing decided'] })).toMatchObject({ outcome: 'deny' });
  });

  it('writes an RFC 9470 step-up challenge without header injection', () => {
    expect(wwwAuthenticate({ acr_values: 'mfa', max_age: 300 }, 'new origin')).toBe('Bearer error="insufficient_user_authentication", error_description="new origin", acr_values="mfa", max_age=300');
    expect(wwwAuthenticate({ realm: 'a"b\r\nX-Evil: 1', scheme: 'Bad Scheme' })).toBe('Bearer realm="abX-Evil: 1", error="insufficient_user_authentication"');
  });
});

describe('risk payload validation', () => {
  const base = { v: 1, revision: 5, prev: 4, issued_at: 0 };
  it('accepts signal and risk events and names bad fields', () => {
    const signal = { id: 's1', target: 'subject', value: 'alice', name: 'compromised', level: 1, source: 'api:admin' };
    expect(validatePushedEvent({ ...base, type: 'signal', put: [signal], delete: [] }).type).toBe('signal');
    const risk = { target: 'service', value: 'billing', score: 0.5, reasons: ['deny_rate'], agents: 2, updated_at: '2030-01-01T00:00:00Z' };
    expect(validatePushedEvent({ ...base, type: 'risk', put: [risk], delete: ['subject:bob'] }).type).toBe('risk');
    expect(() => validatePushedEvent({ ...base, type: 'signal', put: [{ ...signal, level: 2 }], delete: [] })).toThrow(/put\[0\]\.level/);
    expect(() => validatePushedEvent({ ...base, type: 'risk', put: [{ ...risk, target: 'planet' }], delete: [] })).toThrow(/put\[0\]\.target/);
    expect(() => validatePushedEvent({ v: 1, type: 'snapshot', revision: 9, issued_at: 0, bundle: null, data: [], role_bindings: [], revocations: [], signals: [{ ...signal, id: '' }] })).toThrow(/signals\[0\]\.id/);
  });
  it('checks risk reports', () => {
    expect(validateRiskReport({ batch_id: 'b', at: 1, entries: [{ target: 'subject', value: 'a', score: 0.3, reasons: [] }] }).entries).toHaveLength(1);
    expect(() => validateRiskReport({ batch_id: 'b', at: 1, entries: [{ target: 'subject', value: 'a', score: NaN, reasons: [] }] })).toThrow(/entries\[0\]\.score/);
  });
});
