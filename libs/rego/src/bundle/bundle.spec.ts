import { bundleFiles, bundleManifest, readBundle, writeBundle, BundleFormatError } from './bundle';

describe('bundle', () => {
  const manifest = { revision: '7', roots: [''], wasm: [{ entrypoint: 'authz/allow', module: '/policy.wasm' }] };

  it('round-trips files through tar.gz', async () => {
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    const archive = await writeBundle(bundleFiles({ manifest, wasm, data: { users: { alice: ['admin'] } } }));
    const files = await readBundle(archive);
    expect([...files.keys()].sort()).toEqual(['/.manifest', '/data.json', '/policy.wasm']);
    expect(Buffer.from(files.get('/policy.wasm')!)).toEqual(Buffer.from(wasm));
    expect(JSON.parse(Buffer.from(files.get('/data.json')!).toString())).toEqual({ users: { alice: ['admin'] } });
    expect(bundleManifest(files)).toEqual(manifest);
  });

  it('writes identical bytes for identical bundles', async () => {
    const a = await writeBundle(bundleFiles({ manifest, wasm: new Uint8Array([1, 2, 3]) }));
    const b = await writeBundle(bundleFiles({ manifest, wasm: new Uint8Array([1, 2, 3]) }));
    expect(a.equals(b)).toBe(true);
  });

  it('rejects garbage with a clear error', async () => {
    await expect(readBundle(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(BundleFormatError);
  });
});
