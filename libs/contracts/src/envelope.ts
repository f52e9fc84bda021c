/**
 * Signed envelopes: every event the control plane pushes is a compact JWS (RFC 7515,
 * `alg: EdDSA`, Ed25519) whose payload is the event's JSON. The agent acts only on the
 * payload it decoded from a verified JWS, so no canonical JSON form is needed: the signed
 * bytes are the bytes it parses. Any JOSE library (jose, OPA's) can check these tokens;
 * we use node:crypto directly because signing/verifying is synchronous there (tens of µs,
 * on the propagation path) and jose 6 is ESM-only, which our CommonJS test runner cannot load.
 */
import { sign, verify } from 'node:crypto';
import { ContractError } from './errors';
import type { SigningKey, TrustedKeys } from './keys';
import type { PushedEvent, PushedEventType } from './events';
import { validatePushedEvent } from './validate';

/** JWS `typ` of Vigil events, so a bundle signature or another token can't be replayed as an event. */
export const EVENT_JWS_TYPE = 'vigil-event+jws';

interface ProtectedHeader {
  readonly alg: 'EdDSA';
  readonly kid: string;
  readonly typ: string;
}

const b64 = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

/** Signs any JSON payload as a compact JWS with the given `typ`. */
export function signCompact(payload: unknown, key: SigningKey, typ: string): string {
  const header: ProtectedHeader = { alg: 'EdDSA', kid: key.kid, typ };
  const signingInput = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  const signature = sign(null, Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${b64(signature)}`;
}

/** Verifies a compact JWS against the trusted keys and returns its parsed header and payload. */
export function verifyCompact(jws: unknown, keys: TrustedKeys, typ: string): { header: ProtectedHeader; payload: unknown } {
  if (typeof jws !== 'string' || jws.length === 0) throw new ContractError('SIGNATURE_MISSING', 'event is not signed (no compact JWS)');
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[2] === '') throw new ContractError('SIGNATURE_MISSING', 'event is not a signed compact JWS');
  let header: ProtectedHeader;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as ProtectedHeader;
  } catch {
    throw new ContractError('SIGNATURE_INVALID', 'JWS header is not valid JSON');
  }
  if (header.alg !== 'EdDSA') throw new ContractError('SIGNATURE_INVALID', `JWS alg ${JSON.stringify(header.alg)} is not accepted (EdDSA only)`);
  if (header.typ !== typ) throw new ContractError('SIGNATURE_INVALID', `JWS typ ${JSON.stringify(header.typ)} is not ${typ}`);
  const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
  if (!key) throw new ContractError('UNKNOWN_KEY', `signed by key ${JSON.stringify(header.kid)}, which is not pinned`);
  const ok = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
  if (!ok) throw new ContractError('SIGNATURE_INVALID', `signature does not verify with key ${header.kid}`);
  try {
    return { header, payload: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) };
  } catch {
    throw new ContractError('SIGNATURE_INVALID', 'JWS payload is not valid JSON');
  }
}

/**
 * Events already verified (and validated) in this process, per pinned key set, by their
 * exact JWS text. Several engines in one process (the SDK in a multi-tenant service, a
 * bench fleet) then pay for Ed25519 once per distinct event (~170 µs here) instead of once
 * per engine. Sound because only texts that verified and validated enter, and the same
 * bytes under the same keys always verify the same way. Entries are deeply frozen, so one
 * engine cannot change what another receives. Bounded; a single engine never hits it.
 */
const verifiedCache = new WeakMap<TrustedKeys, Map<string, unknown>>();
const VERIFIED_CACHE_SIZE = 256;
let sharedVerification = process.env.VIGIL_SHARED_VERIFY !== 'off';

/** Turns the per-process verified-event cache on or off (benches measure both). */
export function setSharedVerification(on: boolean): void {
  sharedVerification = on;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function openVerified(jws: unknown, keys: TrustedKeys): PushedEvent {
  if (!sharedVerification || typeof jws !== 'string') return validatePushedEvent(verifyCompact(jws, keys, EVENT_JWS_TYPE).payload);
  let cache = verifiedCache.get(keys);
  if (!cache) verifiedCache.set(keys, (cache = new Map()));
  const hit = cache.get(jws);
  if (hit) return hit as PushedEvent;
  const event = deepFreeze(validatePushedEvent(verifyCompact(jws, keys, EVENT_JWS_TYPE).payload));
  cache.set(jws, event);
  if (cache.size > VERIFIED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return event;
}

/** Signs a pushed event. */
export function signEvent(event: PushedEvent, key: SigningKey): string {
  return signCompact(event, key, EVENT_JWS_TYPE);
}

/**
 * Verifies and validates a pushed event. `expectedType` is the socket event name it arrived
 * on: a valid signature on a different event type is refused, so events can't be swapped.
 */
export function openEvent<T extends PushedEventType>(jws: unknown, keys: TrustedKeys, expectedType: T): Extract<PushedEvent, { type: T }> {
  const event = openVerified(jws, keys);
  if (event.type !== expectedType) {
    throw new ContractError('EVENT_TYPE_MISMATCH', `a signed ${event.type} event arrived as ${expectedType}`);
  }
  return event as Extract<PushedEvent, { type: T }>;
}
