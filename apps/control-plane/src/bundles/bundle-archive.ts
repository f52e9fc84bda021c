/**
 * Writes bundle files as a tar.gz through libs/rego's bundle writer (sorted entries,
 * fixed mtimes: equal bundles give equal bytes, hence equal sha256).
 *
 * Imported by path because libs/rego's index does not export its bundle module yet;
 * switch to `@vigil/rego` when it does (this file is the only such import).
 */
import { writeBundle } from '../../../../libs/rego/src/bundle/bundle';

export function writeBundleArchive(files: ReadonlyMap<string, Uint8Array>): Promise<Buffer> {
  return writeBundle(files);
}
