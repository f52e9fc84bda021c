/**
 * io.jwt.* host builtins: decode, the verify_* family, decode_verify with OPA's
 * constraints (cert/secret, alg, iss, aud, time; exp/nbf checked against the
 * evaluation's clock), and encode_sign/encode_sign_raw. Header and payload objects are
 * returned as their JSON text so that big numbers in claims stay exact.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { BuiltinError, builtinError } from './errors';
import type { EvalContext } from './context';
import { base64UrlDecode, base64UrlEncode, goJsonError, goJsonMarshal } from './go-codec';
import type { HostFamily, HostImpl } from './impl';
import { JWT_ALGORITHMS, keysFromCertOrJwk, signData, signingKey, verifySignature, type VerificationKey } from './jwt-keys';
import { compareStrings } from './rego-text';
import { isObject, objectArg, stringArg, RawJson, type JsonObject, type Value } from './values';

interface Token {
  readonly header: string;
  readonly payload: string;
  readonly signature: string;
}

/** A JSON object decoded from a token part: parsed for checks, raw text for the result. */
interface Part {
  readonly value: JsonObject;
  readonly raw: RawJson;
}

class JwtError extends Error {}

function splitToken(name: string, v: Value): Token {
  const s = stringArg(name, v, 1);
  if (!s.includes('.')) throw new JwtError('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) throw new JwtError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2] };
}

function b64(part: string, what: string): Buffer {
  try {
    return base64UrlDecode(part);
  } catch (e) {
    throw new JwtError(what ? `JWT ${what} had invalid encoding: ${(e as Error).message}` : (e as Error).message);
  }
}

function jsonObject(text: string): Part {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JwtError(`invalid JSON: ${goJsonError(text, e)}`);
  }
  if (!isObject(value)) throw new JwtError('decoded JSON type was not an Object');
  return { value, raw: new RawJson(text) };
}

function decodeHeader(t: Token): Part {
  const text = b64(t.header, 'header').toString('utf8');
  let header: Part;
  try {
    header = jsonObject(text);
  } catch (e) {
    throw new JwtError(`bad JWT header: ${(e as Error).message}`);
  }
  if ('enc' in header.value) throw new JwtError('JWT is a JWE object, which is not supported');
  return header;
}

/** Runs fn, turning errors into `<name>: <message>` builtin errors (operand type errors pass through). */
function withName<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BuiltinError) throw e;
    if (e instanceof Error) throw builtinError(name, e.message);
    throw e;
  }
}

function decode(v: Value): Value {
  const token = splitToken('io.jwt.decode', v);
  const header = decodeHeader(token);
  const payloadText = b64(token.payload, 'payload').toString('utf8');
  if (header.value.cty === 'JWT') return decode(payloadText.replace(/^["']+|["']+$/g, ''));
  const payload = jsonObject(payloadText);
  const sig = b64(token.signature, 'signature');
  return [header.raw, payload.raw, sig.toString('hex')];
}

/** Header fields OPA checks: alg/kid/typ/cty strings, crit a non-empty list of strings. */
function tokenHeader(h: JsonObject): { alg: string; kid: string; cty: string; valid: boolean } {
  const str = (k: string): string => {
    if (!(k in h)) return '';
    if (typeof h[k] !== 'string') throw new JwtError(`${k}: must be a string`);
    return h[k] as string;
  };
  const [alg, kid, cty] = [str('alg'), str('kid'), str('cty')];
  str('typ');
  let crit: Set<string> = new Set();
  if ('crit' in h) {
    if (!Array.isArray(h.crit)) throw new JwtError('crit: must be a list');
    crit = new Set(h.crit.filter((x): x is string => typeof x === 'string'));
    if (crit.size === 0) throw new JwtError('crit: must be a nonempty list');
  }
  const known = new Set(['alg', 'kid', 'typ', 'cty', 'crit']);
  const unknownCritical = Object.keys(h).some((k) => !known.has(k) && crit.has(k));
  return { alg, kid, cty, valid: alg !== '' && !unknownCritical };
}

/** The verify_* builtins for public-key algorithms. */
function verifyWithKeys(name: string, alg: string, loose: boolean): HostImpl {
  return ([jwt, keyText]) =>
    withName(name, () => {
      const token = splitToken(name, jwt);
      const keys = keysFromCertOrJwk(stringArg(name, keyText, 2));
      const sig = b64(token.signature, '');
      const header = tokenHeader(decodeHeader(token).value);
      const data = Buffer.from(`${token.header}.${token.payload}`);
      const check = (k: VerificationKey) => verifySignature(alg, k.key, data, sig, loose);
      const byKid = header.kid !== '' ? keys.find((k) => k.kid === header.kid) : undefined;
      if (byKid) return check(byKid);
      return keys.some((k) => (k.alg === '' || k.alg === header.alg) && check(k));
    });
}

function verifyHmac(name: string, hash: string): HostImpl {
  return ([jwt, secret]) =>
    withName(name, () => {
      stringArg(name, jwt, 1);
      const key = stringArg(name, secret, 2);
      const token = splitToken(name, jwt);
      const mac = createHmac(hash, key).update(`${token.header}.${token.payload}`).digest();
      const sig = b64(token.signature, '');
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    });
}

interface Constraints {
  keys?: VerificationKey[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  timeNs?: number;
}

function constraintsOf(o: JsonObject, ctx: EvalContext): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '' };
  for (const k of Object.keys(o).sort(compareStrings)) {
    const v = o[k];
    if (k === 'cert') {
      if (typeof v !== 'string') throw new JwtError('cert constraint: must be a string');
      c.keys = keysFromCertOrJwk(v);
    } else if (k === 'secret' || k === 'alg' || k === 'iss' || k === 'aud') {
      if (typeof v !== 'string') throw new JwtError(`${k} constraint: must be a string`);
      c[k] = v;
    } else if (k === 'time') {
      if (typeof v !== 'number') throw new JwtError('token time constraint: must be a number');
      if (v < 0) throw new JwtError('token time constraint: must not be negative');
      c.timeNs = v;
    } else throw new JwtError(`unknown token validation constraint: ${k}`);
  }
  c.timeNs ??= Number(ctx.nowNs());
  const keys = (c.keys ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (keys > 1) throw new JwtError('duplicate key constraints');
  if (keys < 1) throw new JwtError('no key constraint');
  return c;
}

function signatureOk(c: Constraints, kid: string, alg: string, data: Buffer, sig: Buffer): boolean {
  if (c.keys) {
    const byKid = kid !== '' ? c.keys.find((k) => k.kid === kid) : undefined;
    if (byKid) return verifySignature(alg, byKid.key, data, sig);
    return c.keys.some((k) => (k.alg === '' || k.alg === alg) && verifySignature(alg, k.key, data, sig));
  }
  return alg.startsWith('HS') && verifySignature(alg, createSecretKey(Buffer.from(c.secret)), data, sig);
}

function claimsOk(c: Constraints, payload: JsonObject): boolean {
  if (c.iss !== '' && payload.iss !== c.iss) return false;
  if ('aud' in payload) {
    const aud = payload.aud;
    const ok = typeof aud === 'string' ? aud === c.aud : Array.isArray(aud) && aud.some((a) => a === c.aud);
    if (!ok) return false;
  } else if (c.aud !== '') return false;
  const now = (c.timeNs as number) / 1e9;
  if ('exp' in payload) {
    if (typeof payload.exp !== 'number') throw new JwtError('exp value must be a number');
    if (now >= payload.exp) return false;
  }
  if ('nbf' in payload) {
    if (typeof payload.nbf !== 'number') throw new JwtError('nbf value must be a number');
    if (now < payload.nbf) return false;
  }
  return true;
}

const UNVERIFIED: Value = [false, {}, {}];

function decodeVerify([jwt, constraints]: readonly Value[], ctx: EvalContext): Value {
  const c = constraintsOf(objectArg('io.jwt.decode_verify', constraints, 2), ctx);
  let current: Value = jwt;
  for (;;) {
    const token = splitToken('io.jwt.decode_verify', current);
    const headerPart = decodeHeader(token);
    const header = tokenHeader(headerPart.value);
    if (!header.valid || (c.alg !== '' && c.alg !== header.alg)) return UNVERIFIED;
    const sig = b64(token.signature, '');
    if (!signatureOk(c, header.kid, header.alg, Buffer.from(`${token.header}.${token.payload}`), sig)) return UNVERIFIED;
    const payloadText = b64(token.payload, 'payload').toString('utf8');
    if (header.cty.toLowerCase() === 'jwt') {
      current = payloadText;
      continue;
    }
    const payload = jsonObject(payloadText);
    return claimsOk(c, payload.value) ? [true, headerPart.raw, payload.raw] : UNVERIFIED;
  }
}

function encodeSign(name: string, headerText: string, payloadText: string, jwkText: string): string {
  const key = signingKey(jwkText);
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch (e) {
    throw new JwtError(`missing or invalid 'alg' header: ${(e as Error).message}`);
  }
  const alg = isObject(header) ? header.alg : undefined;
  if (typeof alg !== 'string') throw new JwtError(`missing or invalid 'alg' header: ${name}`);
  if (!JWT_ALGORITHMS.has(alg)) throw new JwtError(`unknown JWS algorithm: ${alg}`);
  const typ = isObject(header) ? header.typ : undefined;
  if (typeof typ !== 'string' || typ === 'JWT') {
    try {
      JSON.parse(payloadText);
    } catch {
      throw new JwtError('type is JWT but payload is not JSON');
    }
  }
  const signingInput = `${base64UrlEncode(headerText, false)}.${base64UrlEncode(payloadText, false)}`;
  return `${signingInput}.${base64UrlEncode(signData(alg, key, Buffer.from(signingInput)), false)}`;
}

const rsa = (n: string) => ({ alg: n, loose: false });

export const JWT_BUILTINS: HostFamily = {
  'io.jwt.decode': ([jwt]) => withName('io.jwt.decode', () => decode(jwt)),
  'io.jwt.decode_verify': (args, ctx) => withName('io.jwt.decode_verify', () => decodeVerify(args, ctx)),
  'io.jwt.verify_hs256': verifyHmac('io.jwt.verify_hs256', 'sha256'),
  'io.jwt.verify_hs384': verifyHmac('io.jwt.verify_hs384', 'sha384'),
  'io.jwt.verify_hs512': verifyHmac('io.jwt.verify_hs512', 'sha512'),
  ...Object.fromEntries(
    [rsa('RS256'), rsa('RS384'), rsa('RS512'), rsa('PS256'), rsa('PS384'), rsa('PS512'), { alg: 'ES256', loose: true }, { alg: 'ES384', loose: true }, { alg: 'ES512', loose: true }, { alg: 'EdDSA', loose: false }].map(
      ({ alg, loose }) => {
        const name = `io.jwt.verify_${alg.toLowerCase()}`;
        return [name, verifyWithKeys(name, alg, loose)];
      },
    ),
  ),
  'io.jwt.encode_sign': ([h, p, k]) => {
    const name = 'io.jwt.encode_sign';
    const [header, payload, jwk] = [objectArg(name, h, 1), objectArg(name, p, 2), objectArg(name, k, 3)];
    return withName(name, () => encodeSign(name, goJsonMarshal(header), goJsonMarshal(payload), JSON.stringify(jwk)));
  },
  'io.jwt.encode_sign_raw': ([h, p, k]) => {
    const name = 'io.jwt.encode_sign_raw';
    const jwk = stringArg(name, k, 3);
    const [header, payload] = [stringArg(name, h, 1), stringArg(name, p, 2)];
    return withName(name, () => encodeSign(name, header, payload, jwk));
  },
};
