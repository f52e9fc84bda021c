/**
 * Ed25519 keys as JWKs. The control plane signs with one private key; agents pin a set of
 * public keys (several during a rotation) and look them up by `kid`, which defaults to the
 * RFC 7638 thumbprint so both sides derive the same id from the key alone.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ContractError } from './errors';

/** A public Ed25519 key in JWK form, as `GET /v1/keys` serves it. */
export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
}

/** The private half, JWK form (`d` is the secret). */
export interface Ed25519PrivateJwk extends Ed25519PublicJwk {
  readonly d: string;
}

/** A key ready to sign events. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** Public keys an agent trusts, by kid. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/** RFC 7638 thumbprint of an Ed25519 JWK (required members in lexicographic order). */
export function jwkThumbprint(jwk: Pick<Ed25519PublicJwk, 'crv' | 'x'>): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: 'OKP', x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

function assertEd25519(jwk: unknown): asserts jwk is Ed25519PublicJwk {
  const k = jwk as Partial<Ed25519PublicJwk> | null;
  if (!k || typeof k !== 'object' || k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string') {
    throw new ContractError('INVALID_KEY', 'expected an Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","x":...})');
  }
}

export function importSigningKey(jwk: Ed25519PrivateJwk): SigningKey {
  assertEd25519(jwk);
  if (typeof jwk.d !== 'string') throw new ContractError('INVALID_KEY', 'private JWK has no "d"');
  try {
    const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
    return { kid: jwk.kid ?? jwkThumbprint(jwk), privateKey };
  } catch (e) {
    throw new ContractError('INVALID_KEY', `cannot import private key: ${(e as Error).message}`);
  }
}

/** Builds the pinned key set from JWKs (a JWKS's `keys`, or a list). Refuses an empty set. */
export function importTrustedKeys(jwks: readonly unknown[] | { keys: readonly unknown[] }): TrustedKeys {
  const list = Array.isArray(jwks) ? jwks : (jwks as { keys?: unknown }).keys;
  if (!Array.isArray(list) || list.length === 0) throw new ContractError('INVALID_KEY', 'no trusted public keys given');
  const keys = new Map<string, KeyObject>();
  for (const jwk of list) {
    assertEd25519(jwk);
    const { kty, crv, x } = jwk;
    try {
      keys.set(jwk.kid ?? jwkThumbprint(jwk), createPublicKey({ key: { kty, crv, x }, format: 'jwk' }));
    } catch (e) {
      throw new ContractError('INVALID_KEY', `cannot import public key: ${(e as Error).message}`);
    }
  }
  return keys;
}

/** The public JWK of a signing key, with its kid. */
export function publicJwkOf(key: SigningKey): Ed25519PublicJwk {
  const { kty, crv, x } = createPublicKey(key.privateKey).export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; x: string };
  return { kty, crv, x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** A fresh key pair (tests, first start). */
export function generateSigningKey(kid?: string): { signing: SigningKey; privateJwk: Ed25519PrivateJwk; publicJwk: Ed25519PublicJwk } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const exported = privateKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  const id = kid ?? jwkThumbprint(exported);
  const signing = { kid: id, privateKey };
  return { signing, privateJwk: { ...exported, kid: id }, publicJwk: publicJwkOf(signing) };
}
