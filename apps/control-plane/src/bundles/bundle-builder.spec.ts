import { generateSigningKey, importTrustedKeys, verifyBundleFiles } from '@vigil/contracts';
import { readBundle } from '@vigil/rego';
import { buildSignedBundle, type BundleInput } from './bundle-builder';

const input: BundleInput = {
  revision: 7,
  wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
  entrypoints: { 'authz/allow': 0, 'authz/reason': 1 },
  data: { z: 1, a: { c: [1, 2], b: null } },
  policyVersions: { authz: 3 },
};

describe('buildSignedBundle', () => {
  const key = generateSigningKey();

  it('writes the OPA layout with a signature over every file', async () => {
    const built = await buildSignedBundle(input, key.signing);
    const files = await readBundle(built.archive);
    expect([...files.keys()].sort()).toEqual(['/.manifest', '/.signatures.json', '/data.json', '/policy.wasm']);
    verifyBundleFiles(files, importTrustedKeys([key.publicJwk]));
    expect(JSON.parse(Buffer.from(files.get('/.manifest')!).toString())).toEqual({
      revision: '7',
      roots: [''],
      wasm: [
        { entrypoint: 'authz/allow', module: '/policy.wasm' },
        { entrypoint: 'authz/reason', module: '/policy.wasm' },
      ],
      rego_version: 1,
      metadata: { vigil_revision: 7, policy_versions: { authz: 3 } },
    });
    expect(Buffer.from(files.get('/data.json')!).toString()).toBe('{"a":{"b":null,"c":[1,2]},"z":1}');
    expect(built.signature).toBe(JSON.parse(Buffer.from(files.get('/.signatures.json')!).toString()).signatures[0]);
  });

  it('is byte-for-byte deterministic, so equal bundles have equal sha256', async () => {
    const a = await buildSignedBundle(input, key.signing);
    const b = await buildSignedBundle(input, key.signing);
    expect(a.sha256).toBe(b.sha256);
    expect(a.archive.equals(b.archive)).toBe(true);
  });

  it('does not verify under another key', async () => {
    const built = await buildSignedBundle(input, key.signing);
    const other = generateSigningKey();
    const files = await readBundle(built.archive);
    expect(() => verifyBundleFiles(files, importTrustedKeys([other.publicJwk]))).toThrow(/not pinned/);
  });
});
