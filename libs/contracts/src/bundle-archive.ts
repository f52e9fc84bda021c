/**
 * Binding a bundle archive to its signed event: the event's signed payload names the
 * archive's sha256 and size, so the (unsigned) binary attachment is checked against them.
 */
import { createHash } from 'node:crypto';
import { ContractError } from './errors';
import type { BundleRef } from './events';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `archive` is exactly the bundle `ref` describes. */
export function checkBundleArchive(archive: unknown, ref: BundleRef): Uint8Array {
  if (!(archive instanceof Uint8Array)) throw new ContractError('BUNDLE_HASH_MISMATCH', 'bundle archive attachment is missing');
  if (archive.byteLength !== ref.size) {
    throw new ContractError('BUNDLE_HASH_MISMATCH', `bundle archive is ${archive.byteLength} bytes; the signed event says ${ref.size}`);
  }
  const got = sha256Hex(archive);
  if (got !== ref.sha256) throw new ContractError('BUNDLE_HASH_MISMATCH', `bundle archive sha256 ${got} is not the signed ${ref.sha256}`);
  return archive;
}
