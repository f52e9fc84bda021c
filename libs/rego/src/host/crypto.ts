/** crypto.* host builtins: hex digests and HMACs of UTF-8 strings (node:crypto). */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HostFamily } from './impl';
import { stringArg } from './values';

const digest = (name: string, alg: string) => ({
  [name]: ([s]: readonly unknown[]) => createHash(alg).update(stringArg(name, s, 1), 'utf8').digest('hex'),
});

const hmac = (name: string, alg: string) => ({
  [name]: ([msg, key]: readonly unknown[]) =>
    createHmac(alg, stringArg(name, key, 2)).update(stringArg(name, msg, 1), 'utf8').digest('hex'),
});

export const CRYPTO_BUILTINS: HostFamily = {
  ...digest('crypto.md5', 'md5'),
  ...digest('crypto.sha1', 'sha1'),
  ...digest('crypto.sha256', 'sha256'),
  ...hmac('crypto.hmac.md5', 'md5'),
  ...hmac('crypto.hmac.sha1', 'sha1'),
  ...hmac('crypto.hmac.sha256', 'sha256'),
  ...hmac('crypto.hmac.sha512', 'sha512'),
  // Constant time in the length of the inputs, as Go's hmac.Equal.
  'crypto.hmac.equal': ([a, b]) => {
    const x = Buffer.from(stringArg('crypto.hmac.equal', a, 1), 'utf8');
    const y = Buffer.from(stringArg('crypto.hmac.equal', b, 2), 'utf8');
    return x.length === y.length && timingSafeEqual(x, y);
  },
};
