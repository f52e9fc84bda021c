import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@vigil/contracts';
import { parseDuration, resolveConfig } from './config';

const key = JSON.stringify(generateSigningKey().publicJwk);

describe('agent configuration', () => {
  it('reads flags first, then the environment', () => {
    const c = resolveConfig({ token: 'flag-token' }, { VIGIL_CONTROL_PLANE: 'http://cp:8080', VIGIL_AGENT_TOKEN: 'env-token', VIGIL_TRUSTED_KEYS: key, VIGIL_MAX_STALENESS: '3s', VIGIL_UPSTREAM: 'http://127.0.0.1:9000' });
    expect(c).toMatchObject({ controlPlane: 'http://cp:8080', token: 'flag-token', maxStalenessMs: 3000, listen: { host: '127.0.0.1', port: 8181 }, proxyListen: { port: 8182 } });
  });

  it('names the flag that is wrong', () => {
    expect(() => resolveConfig({ controlPlane: 'cp:8080', token: 't', trustedKeys: key }, {})).toThrow(/--control-plane/);
    expect(() => resolveConfig({ controlPlane: 'http://cp', trustedKeys: key }, {})).toThrow(/--token/);
    expect(() => resolveConfig({ controlPlane: 'http://cp', token: 't' }, {})).toThrow(/--trusted-keys/);
    expect(() => resolveConfig({ controlPlane: 'http://cp', token: 't', trustedKeys: '{"kty":"RSA"}' }, {})).toThrow(/--trusted-keys/);
    expect(() => resolveConfig({ controlPlane: 'http://cp', token: 't', trustedKeys: key, staleMode: 'maybe' }, {})).toThrow(/--stale-mode/);
    expect(() => parseDuration('ten seconds', '--max-staleness')).toThrow(/--max-staleness/);
  });

  it('reads the token from a file when given as @file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-token-')), 'token');
    writeFileSync(file, 'vga_from_file\n');
    expect(resolveConfig({ controlPlane: 'http://cp', token: `@${file}`, trustedKeys: key }, {}).token).toBe('vga_from_file');
    expect(() => resolveConfig({ controlPlane: 'http://cp', token: `@${file}.missing`, trustedKeys: key }, {})).toThrow(/--token @/);
  });

  it('parses per-entrypoint stale modes', () => {
    const c = resolveConfig({ controlPlane: 'http://cp', token: 't', trustedKeys: key, staleMode: 'deny,public/ping=serve' }, {});
    expect(c.staleModeByEntrypoint).toEqual({ 'public/ping': 'serve' });
  });
});
