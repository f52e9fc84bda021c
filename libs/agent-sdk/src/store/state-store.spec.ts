import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, importTrustedKeys, sha256Hex, signEvent, type BundleEvent } from '@vigil/contracts';
import { StateStore } from './state-store';

const key = generateSigningKey();
const keys = importTrustedKeys([key.publicJwk]);
const archive = Buffer.from('pretend this is a bundle archive');
const event: BundleEvent = { v: 1, type: 'bundle', revision: 3, prev: 2, issued_at: 1, bundle: { sha256: sha256Hex(archive), size: archive.length, manifest: { revision: '3', roots: [''] } } };
const snapshot = { revision: 7, data: [{ path: 'a/b', value: 1 }], role_bindings: [{ id: 'b', subject: 's', role: 'r' }], revocations: [{ id: 'r', kind: 'subject' as const, value: 'x' }] };

describe('StateStore', () => {
  it('restores state, the verified bundle and the latest lease time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
    const store = new StateStore(dir, 1);
    await store.saveBundle(archive, { type: 'bundle', jws: signEvent(event, key.signing) });
    store.scheduleSave(() => ({ snapshot, confirmedAt: 1000, bundleSha256: event.bundle.sha256 }), 'state');
    await store.flush(() => ({ snapshot, confirmedAt: 1000, bundleSha256: event.bundle.sha256 }));
    store.scheduleSave(() => ({ snapshot: { ...snapshot, revision: 99 }, confirmedAt: 5000, bundleSha256: null }), 'lease');
    await store.flush(() => ({ snapshot: { ...snapshot, revision: 99 }, confirmedAt: 5000, bundleSha256: null }));
    const restored = await new StateStore(dir).load(keys);
    expect(restored!.snapshot).toEqual(snapshot); // a lease-only write did not touch the state
    expect(restored!.confirmedAt).toBe(5000);
    expect(Buffer.from(restored!.bundle!.archive).toString()).toBe(archive.toString());
  });

  it('refuses a stored bundle that does not match its signed envelope, or an envelope from another key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
    const store = new StateStore(dir, 1);
    await store.saveBundle(archive, { type: 'bundle', jws: signEvent(event, key.signing) });
    await store.flush();
    store.scheduleSave(() => ({ snapshot, confirmedAt: 1, bundleSha256: event.bundle.sha256 }));
    await store.flush(() => ({ snapshot, confirmedAt: 1, bundleSha256: event.bundle.sha256 }));
    writeFileSync(join(dir, 'bundle.tar.gz'), 'swapped on disk');
    await expect(new StateStore(dir).load(keys)).rejects.toThrow(/BUNDLE_HASH_MISMATCH/);
    await store.saveBundle(archive, { type: 'bundle', jws: signEvent(event, generateSigningKey().signing) });
    await expect(new StateStore(dir).load(keys)).rejects.toThrow(/UNKNOWN_KEY/);
  });

  it('finds nothing in an empty directory', async () => {
    expect(await new StateStore(mkdtempSync(join(tmpdir(), 'vigil-store-'))).load(keys)).toBeNull();
  });
});
