import { generateSigningKey, importTrustedKeys } from './keys';
import { openEvent, signCompact, signEvent } from './envelope';
import { ContractError } from './errors';
import type { HeartbeatEvent, RevocationEvent } from './events';

const revocation: RevocationEvent = {
  v: 1,
  type: 'revocation',
  revision: 7,
  prev: 6,
  issued_at: 1,
  put: [{ id: 'r1', kind: 'subject', value: 'alice' }],
  delete: [],
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as ContractError).code;
  }
  return 'no error';
}

describe('signed envelopes', () => {
  const current = generateSigningKey();
  const next = generateSigningKey();
  const attacker = generateSigningKey();

  it('opens an event signed by a pinned key', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    expect(openEvent(signEvent(revocation, current.signing), keys, 'revocation')).toEqual(revocation);
  });

  it('accepts either key while a rotation is under way', () => {
    const keys = importTrustedKeys({ keys: [current.publicJwk, next.publicJwk] });
    expect(openEvent(signEvent(revocation, next.signing), keys, 'revocation').revision).toBe(7);
    expect(openEvent(signEvent(revocation, current.signing), keys, 'revocation').revision).toBe(7);
  });

  it('refuses a key that is not pinned, even one claiming a pinned kid', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    expect(codeOf(() => openEvent(signEvent(revocation, attacker.signing), keys, 'revocation'))).toBe('UNKNOWN_KEY');
    const impostor = { kid: current.signing.kid, privateKey: attacker.signing.privateKey };
    expect(codeOf(() => openEvent(signEvent(revocation, impostor), keys, 'revocation'))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a tampered payload', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    const [h, , s] = signEvent(revocation, current.signing).split('.');
    const forged = Buffer.from(JSON.stringify({ ...revocation, put: [] })).toString('base64url');
    expect(codeOf(() => openEvent(`${h}.${forged}.${s}`, keys, 'revocation'))).toBe('SIGNATURE_INVALID');
  });

  it('refuses unsigned events and alg=none', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    expect(codeOf(() => openEvent(revocation, keys, 'revocation'))).toBe('SIGNATURE_MISSING');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'vigil-event+jws' })).toString('base64url')}.${Buffer.from(JSON.stringify(revocation)).toString('base64url')}.`;
    expect(codeOf(() => openEvent(none, keys, 'revocation'))).toBe('SIGNATURE_MISSING');
  });

  it('refuses a signed event replayed under another event name or JWS type', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    expect(codeOf(() => openEvent(signEvent(revocation, current.signing), keys, 'noop'))).toBe('EVENT_TYPE_MISMATCH');
    const heartbeat: HeartbeatEvent = { v: 1, type: 'heartbeat', head: 1, issued_at: 1 };
    expect(codeOf(() => openEvent(signCompact(heartbeat, current.signing, 'JWT'), keys, 'heartbeat'))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a validly signed event of the wrong shape', () => {
    const keys = importTrustedKeys([current.publicJwk]);
    const bad = { ...revocation, put: [{ id: 'r1', kind: 'planet', value: 'x' }] } as unknown as RevocationEvent;
    expect(codeOf(() => openEvent(signEvent(bad, current.signing), keys, 'revocation'))).toBe('INVALID_EVENT');
  });

  it('refuses an empty key set and non-Ed25519 keys', () => {
    expect(codeOf(() => importTrustedKeys([]))).toBe('INVALID_KEY');
    expect(codeOf(() => importTrustedKeys([{ kty: 'RSA', n: 'x', e: 'AQAB' }]))).toBe('INVALID_KEY');
  });
});

describe('per-process verified-event cache', () => {
  const key = generateSigningKey();
  const keys = importTrustedKeys([key.publicJwk]);

  it('hands out frozen events, so one engine cannot change what another receives, and still refuses forged texts', () => {
    const jws = signEvent(revocation, key.signing);
    const a = openEvent(jws, keys, 'revocation');
    expect(() => (a.put as unknown[]).push({})).toThrow(TypeError);
    expect(openEvent(jws, keys, 'revocation').put).toHaveLength(1);
    const [h, p] = jws.split('.');
    expect(codeOf(() => openEvent(`${h}.${p}.${'A'.repeat(86)}`, keys, 'revocation'))).toBe('SIGNATURE_INVALID');
    expect(codeOf(() => openEvent(jws, importTrustedKeys([generateSigningKey().publicJwk]), 'revocation'))).toBe('UNKNOWN_KEY');
  });
});
