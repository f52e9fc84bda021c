import { CAEP, RISC, mapEvent, subjectsOf } from './caep-mapping';

const user = { sub_id: { format: 'iss_sub', iss: 'https://idp', sub: 'alice' } };

describe('CAEP / RISC event mapping', () => {
  it('finds user, session and device in the subject identifier formats', () => {
    expect(subjectsOf(user, {})).toEqual({ user: 'alice' });
    expect(subjectsOf({}, { subject: { format: 'email', email: 'a@x.test' } })).toEqual({ user: 'a@x.test' });
    expect(subjectsOf({ sub_id: { format: 'complex', user: { format: 'opaque', id: 'u1' }, session: { format: 'opaque', id: 's9' }, device: { format: 'opaque', id: 'd3' } } }, {})).toEqual({ user: 'u1', session: 's9', device: 'd3' });
    expect(subjectsOf({ sub_id: { format: 'aliases', identifiers: [{ format: 'phone_number', phone_number: '+1' }] } }, {})).toEqual({ user: '+1' });
  });

  it('revokes the session when named, else the subject for the transmitter’s duration', () => {
    const withSession = { sub_id: { format: 'complex', user: { format: 'opaque', id: 'u1' }, session: { format: 'opaque', id: 's9' } } };
    expect(mapEvent(`${CAEP}session-revoked`, {}, withSession, 'idp', 900)).toMatchObject({ kind: 'revoke', revocation: { kind: 'session', value: 's9' } });
    expect(mapEvent(`${CAEP}session-revoked`, { reason_admin: { en: 'stolen laptop' } }, user, 'idp', 900)).toEqual({
      kind: 'revoke',
      revocation: { kind: 'subject', value: 'alice', reason: 'session-revoked from idp: stolen laptop', ttlSeconds: 900 },
    });
  });

  it('turns state changes into signals with levels that say how risky they are', () => {
    expect(mapEvent(`${CAEP}device-compliance-change`, { current_status: 'not-compliant', previous_status: 'compliant' }, user, 'mdm', 900)).toMatchObject({
      kind: 'signal',
      signal: { value: 'alice', name: 'device_compliance', level: 0.8, ttlSeconds: null },
    });
    expect(mapEvent(`${CAEP}device-compliance-change`, { current_status: 'compliant' }, user, 'mdm', 900)).toMatchObject({ signal: { level: 0 } });
    expect(mapEvent(`${CAEP}assurance-level-change`, { change_direction: 'decrease', current_level: 'nist-aal1' }, user, 'idp', 900)).toMatchObject({ signal: { name: 'assurance_level', level: 0.5 } });
    expect(mapEvent(`${CAEP}credential-change`, { credential_type: 'password', change_type: 'revoke' }, user, 'idp', 900)).toMatchObject({ signal: { name: 'credential_change', level: 0.6 } });
    expect(mapEvent(`${RISC}credential-compromise`, {}, user, 'idp', 900)).toMatchObject({ signal: { name: 'compromised', level: 1 } });
  });

  it('revokes disabled accounts without expiry, and ignores what it cannot enforce', () => {
    expect(mapEvent(`${RISC}account-disabled`, {}, user, 'idp', 900)).toMatchObject({ kind: 'revoke', revocation: { kind: 'subject', value: 'alice', ttlSeconds: null } });
    expect(mapEvent(`${CAEP}session-revoked`, {}, {}, 'idp', 900)).toMatchObject({ kind: 'ignore', reason: expect.stringMatching(/names no subject/) });
    expect(mapEvent(`${RISC}account-enabled`, {}, {}, 'idp', 900)).toMatchObject({ kind: 'ignore' });
    expect(mapEvent('https://example.test/event/unknown', {}, user, 'idp', 900)).toMatchObject({ kind: 'ignore', reason: expect.stringMatching(/not an event type/) });
  });

  it('lifts, on account-enabled, only what this transmitter\'s account-disabled did (the receiver checks)', () => {
    expect(mapEvent(`${RISC}account-enabled`, { reason_admin: 'back from leave' }, user, 'idp', 900)).toEqual({
      kind: 'lift',
      lift: { kind: 'subject', value: 'alice', after: `${RISC}account-disabled`, reason: 'risc:account-enabled from idp: back from leave' },
    });
  });
});
