// Writes fixtures.json: a JWKS (RS256 keys k1 and k2, ES256 key e1), a shared HS256 secret, and
// test tokens signed with them. Private keys are thrown away; k3 signs a token whose key is not
// published. Run `node gen-fixtures.mjs` here to regenerate (the tests then need no change).
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';

const b64 = (buf) => Buffer.from(buf).toString('base64url');
const json = (o) => b64(JSON.stringify(o));

const rsa = (kid) => ({ kid, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });
const ec = (kid) => ({ kid, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) });
const k1 = rsa('k1');
const k2 = rsa('k2');
const k3 = rsa('k3');
const e1 = ec('e1');
const secret = 'internal-services-shared-secret-0123456789';

function jwt(header, claims, key) {
  const input = `${json(header)}.${json(claims)}`;
  let sig;
  if (header.alg === 'HS256') sig = createHmac('sha256', key).update(input).digest();
  else if (header.alg === 'RS256') sig = sign('sha256', Buffer.from(input), key.privateKey);
  else if (header.alg === 'ES256') sig = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else sig = Buffer.alloc(0);
  return `${input}.${b64(sig)}`;
}

const jwk = (k, alg) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, alg, use: 'sig' });
const Y2020 = 1577836800;
const Y2100 = 4102444800;
const base = { iss: 'https://id.corp.example', aud: 'orders-api', sub: 'alice', tenant: 't1', scope: 'orders:read orders:write', iat: Y2020, nbf: Y2020, exp: Y2100 };
const rs = (kid, claims, key) => jwt({ alg: 'RS256', typ: 'JWT', kid }, claims, key);

const tokens = {
  alice: rs('k1', base, k1),
  alice_rotated_key: rs('k2', { ...base, scope: 'orders:read' }, k2),
  alice_es256: jwt({ alg: 'ES256', typ: 'JWT', kid: 'e1' }, { ...base, aud: ['billing-api', 'orders-api'] }, e1),
  bob_reader_other_tenant: rs('k1', { ...base, sub: 'bob', tenant: 't2', scope: 'orders:read' }, k1),
  admin: rs('k1', { ...base, sub: 'root', scope: 'orders:read orders:write', roles: ['admin'], tenant: '*' }, k1),
  expired: rs('k1', { ...base, exp: Y2020 + 3600 }, k1),
  not_yet_valid: rs('k1', { ...base, nbf: Y2100 - 3600 }, k1),
  wrong_issuer: rs('k1', { ...base, iss: 'https://evil.example' }, k1),
  wrong_audience: rs('k1', { ...base, aud: 'billing-api' }, k1),
  unknown_key: rs('k3', base, k3),
  kid_mismatch: rs('k2', base, k1),
  none_alg: jwt({ alg: 'none', typ: 'JWT' }, base, null),
  service_billing: jwt({ alg: 'HS256', typ: 'JWT' }, { iss: 'internal', sub: 'svc:billing', aud: 'orders-api', scope: 'orders:read', exp: Y2100 }, secret),
  service_wrong_secret: jwt({ alg: 'HS256', typ: 'JWT' }, { iss: 'internal', sub: 'svc:billing', aud: 'orders-api', scope: 'orders:read', exp: Y2100 }, 'guess'),
};
// A token whose payload was edited after signing: alice's signature, mallory's claims.
const [h, , s] = tokens.alice.split('.');
tokens.tampered = `${h}.${json({ ...base, sub: 'mallory', scope: 'orders:admin' })}.${s}`;

const fixtures = {
  jwks: { keys: [jwk(k1, 'RS256'), jwk(k2, 'RS256'), jwk(e1, 'ES256')] },
  secrets: { internal: secret },
  fixtures: { tokens, k1_pem: k1.publicKey.export({ type: 'spki', format: 'pem' }) },
};
writeFileSync(new URL('./fixtures.json', import.meta.url), `${JSON.stringify(fixtures, null, 2)}\n`);
