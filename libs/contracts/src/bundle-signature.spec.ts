import { generateSigningKey, importTrustedKeys } from './keys';
import { canonicalJson, signBundleFiles, verifyBundleFiles, SIGNATURES_FILE } from './bundle-signature';
import { checkBundleArchive, sha256Hex } from './bundle-archive';

const files = new Map<string, Uint8Array>([
  ['/.manifest', Buffer.from('{"revision":"3","roots":[""]}')],
  ['/policy.wasm', Buffer.from([0, 97, 115, 109, 1, 0, 0, 0])],
  ['/data.json', Buffer.from('{"b":1,"a":[1,2]}')],
]);

describe('OPA-style bundle signatures', () => {
  const key = generateSigningKey();
  const keys = importTrustedKeys([key.publicJwk]);

  it('verifies a signed bundle, also after its JSON is re-serialised', () => {
    const signed = signBundleFiles(files, key.signing);
    expect(() => verifyBundleFiles(signed, keys)).not.toThrow();
    const reserialised = new Map(signed).set('/data.json', Buffer.from('{ "a": [1, 2], "b": 1 }'));
    expect(() => verifyBundleFiles(reserialised, keys)).not.toThrow();
  });

  it('refuses unsigned bundles and any changed, added or removed file', () => {
    expect(() => verifyBundleFiles(files, keys)).toThrow(/SIGNATURE_MISSING/);
    const signed = signBundleFiles(files, key.signing);
    expect(() => verifyBundleFiles(new Map(signed).set('/policy.wasm', Buffer.from([1])), keys)).toThrow(/does not match/);
    expect(() => verifyBundleFiles(new Map(signed).set('/extra.rego', Buffer.from('x')), keys)).toThrow(/not covered/);
    const removed = new Map(signed);
    removed.delete('/data.json');
    expect(() => verifyBundleFiles(removed, keys)).toThrow(/does not match/);
  });

  it('refuses a bundle signed by another key', () => {
    const signed = signBundleFiles(files, generateSigningKey().signing);
    expect(signed.has(SIGNATURES_FILE)).toBe(true);
    expect(() => verifyBundleFiles(signed, keys)).toThrow(/UNKNOWN_KEY/);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }], a: null })).toBe('{"a":null,"b":[{"a":2,"z":1}]}');
  });
});

describe('bundle archive binding', () => {
  it('accepts the archive the signed event names and refuses any other', () => {
    const archive = Buffer.from('archive bytes');
    const ref = { sha256: sha256Hex(archive), size: archive.length, manifest: { revision: '1', roots: [''] } };
    expect(checkBundleArchive(archive, ref)).toBe(archive);
    expect(() => checkBundleArchive(Buffer.from('archive bytez'), ref)).toThrow(/BUNDLE_HASH_MISMATCH/);
    expect(() => checkBundleArchive(undefined, ref)).toThrow(/missing/);
  });
});
