import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out once (API keys, agent tokens): 32 random bytes behind a prefix that
 * says what they are. Only sha256 is stored: the tokens carry 256 bits of entropy, so a
 * slow password hash would add latency to every request and no protection.
 */
export function newToken(prefix: 'vgk' | 'vga'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
