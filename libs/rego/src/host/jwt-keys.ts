/**
 * Keys and signatures for the JWT builtins, on node:crypto. The SDK calls host builtins
 * synchronously, and jose's key import, signing and verification are async-only
 * (WebCrypto), so everything here uses node:crypto's synchronous API instead.
 */
import {
  KeyObject,
  X509Certificate,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  sign as cryptoSign,
  timingSafeEqual,
  verify as cryptoVerify,
} from 'node:crypto';

/** A verification key as OPA keeps them: the key, and the alg/kid a JWKS entry declares. */
export interface VerificationKey {
  readonly key: KeyObject;
  readonly alg: string;
  readonly kid: string;
}

export const JWT_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

const HASH: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** The first PEM block of s and what follows its END line (Go's pem.Decode). */
function pemBlock(s: string): { type: string; pem: string; rest: string } | undefined {
  const m = /-----BEGIN ([^-\n]*)-----\r?\n[\s\S]*?-----END \1-----[ \t\r]*(\n|$)/.exec(s);
  if (!m) return undefined;
  return { type: m[1], pem: m[0], rest: s.slice(m.index + m[0].length) };
}

function jwkKey(jwk: Record<string, unknown>): KeyObject {
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw new Error('required field k is missing');
    return createSecretKey(Buffer.from(jwk.k, 'base64url'));
  }
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}

/** OPA's getKeysFromCertOrJWK: a PEM certificate or public key, or a JWK or JWK set. */
export function keysFromCertOrJwk(text: string): VerificationKey[] {
  const block = pemBlock(text);
  if (block) {
    if (block.rest.length > 0) throw new Error('extra data after a PEM certificate block');
    if (block.type === 'CERTIFICATE') {
      try {
        return [{ key: new X509Certificate(block.pem).publicKey, alg: '', kid: '' }];
      } catch (e) {
        throw new Error(`failed to parse a PEM certificate: ${(e as Error).message}`, { cause: e });
      }
    }
    if (block.type === 'PUBLIC KEY') {
      try {
        return [{ key: createPublicKey(block.pem), alg: '', kid: '' }];
      } catch (e) {
        throw new Error(`failed to parse a PEM public key: ${(e as Error).message}`, { cause: e });
      }
    }
    throw new Error('failed to extract a Key from the PEM certificate');
  }
  let jwks: Record<string, unknown>[];
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    jwks = Array.isArray(parsed.keys) ? (parsed.keys as Record<string, unknown>[]) : [parsed];
    return jwks
      .filter((k) => typeof k.alg !== 'string' || k.alg === '' || JWT_ALGORITHMS.has(k.alg))
      .map((k) => ({ key: jwkKey(k), alg: typeof k.alg === 'string' ? k.alg : '', kid: typeof k.kid === 'string' ? k.kid : '' }));
  } catch (e) {
    throw new Error(`failed to parse a JWK key (set): ${(e as Error).message}`, { cause: e });
  }
}

/** DER of an ECDSA signature given as r‖s halves (how OPA's verify_es* reads any length). */
function derFromHalves(sig: Buffer): Buffer {
  const n = Math.floor(sig.length / 2);
  const int = (b: Buffer) => {
    let x = b;
    while (x.length > 1 && x[0] === 0) x = x.subarray(1);
    if (x.length === 0) x = Buffer.from([0]);
    if (x[0] & 0x80) x = Buffer.concat([Buffer.from([0]), x]);
    return Buffer.concat([Buffer.from([0x02]), derLength(x.length), x]);
  };
  const body = Buffer.concat([int(sig.subarray(0, n)), int(sig.subarray(n))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/**
 * Verifies `sig` over `data` for a JWS algorithm. `loose` is the verify_es* behaviour:
 * the hash comes from the builtin and the signature is split in halves whatever its length.
 * Wrong key types and malformed signatures are simply not valid.
 */
export function verifySignature(alg: string, key: KeyObject, data: Buffer, sig: Buffer, loose = false): boolean {
  try {
    const family = alg.slice(0, 2);
    const hash = HASH[alg.slice(2)];
    const type = key.asymmetricKeyType;
    if (family === 'HS') {
      if (key.type !== 'secret' || !hash) return false;
      const mac = createHmac(hash, key.export()).update(data).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (alg === 'EdDSA') return type === 'ed25519' && cryptoVerify(null, data, key, sig);
    if (family === 'RS' && type === 'rsa' && hash) return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
    if (family === 'PS' && (type === 'rsa' || type === 'rsa-pss') && hash) {
      return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    }
    if (family === 'ES' && type === 'ec' && hash) {
      if (loose) return cryptoVerify(hash, data, { key, dsaEncoding: 'der' }, derFromHalves(sig));
      return cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
    }
    return false;
  } catch {
    return false;
  }
}

/** The signing key of a JWK or the first key of a JWK set (encode_sign). */
export function signingKey(jwkText: string): KeyObject {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(jwkText) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`failed to parse JWK: ${(e as Error).message}`, { cause: e });
  }
  const jwk = Array.isArray(parsed.keys) ? (parsed.keys[0] as Record<string, unknown> | undefined) : parsed;
  if (!jwk) throw new Error('no keys found in JWK set');
  if (jwk.kty === 'oct') return jwkKey(jwk);
  try {
    return createPrivateKey({ key: jwk as never, format: 'jwk' });
  } catch (e) {
    throw new Error(`failed to import JWK: ${(e as Error).message}`, { cause: e });
  }
}

/** Signs `data` with a JWS algorithm. */
export function signData(alg: string, key: KeyObject, data: Buffer): Buffer {
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  const type = key.asymmetricKeyType;
  const mismatch = () => new Error(`failed to sign payload: key type does not match algorithm ${alg}`);
  if (family === 'HS') {
    if (key.type !== 'secret') throw mismatch();
    return createHmac(hash, key.export()).update(data).digest();
  }
  if (alg === 'EdDSA') {
    if (type !== 'ed25519') throw mismatch();
    return cryptoSign(null, data, key);
  }
  if (family === 'RS' && type === 'rsa') return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
  if (family === 'PS' && (type === 'rsa' || type === 'rsa-pss')) {
    return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  }
  if (family === 'ES' && type === 'ec') return cryptoSign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  throw mismatch();
}
