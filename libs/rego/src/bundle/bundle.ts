/**
 * OPA-style bundles: a gzipped tar holding `/.manifest`, `/policy.wasm`, `/data.json`
 * (and `/.signatures.json` once signed). Other OPA-ecosystem tools can read them.
 */
import { createGzip, gunzipSync } from 'node:zlib';
import { pack, extract } from 'tar-stream';
import { Readable } from 'node:stream';

/** The `.manifest` file, following OPA's field names. */
export interface BundleManifest {
  readonly revision: string;
  readonly roots: readonly string[];
  /** Wasm entrypoints: `{ entrypoint: "authz/allow", module: "/policy.wasm" }`. */
  readonly wasm?: readonly { readonly entrypoint: string; readonly module: string }[];
  readonly rego_version?: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A bundle's files by path (`/policy.wasm`, `/data.json`, `/.manifest`, ...). */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

export class BundleFormatError extends Error {
  readonly code = 'BUNDLE_FORMAT_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'BundleFormatError';
  }
}

const enc = new TextEncoder();

/** Builds the file map of a wasm bundle. */
export function bundleFiles(opts: { manifest: BundleManifest; wasm: Uint8Array; data?: unknown; extra?: BundleFiles }): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set('/.manifest', enc.encode(JSON.stringify(opts.manifest)));
  files.set('/policy.wasm', opts.wasm);
  files.set('/data.json', enc.encode(JSON.stringify(opts.data ?? {})));
  for (const [k, v] of opts.extra ?? []) files.set(k, v);
  return files;
}

/** Writes files as a tar.gz (entries sorted, fixed mtime, so equal bundles give equal bytes). */
export async function writeBundle(files: BundleFiles): Promise<Buffer> {
  const tar = pack();
  const gz = tar.pipe(createGzip());
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    gz.on('data', (c: Buffer) => chunks.push(c));
    gz.on('end', () => resolve());
    gz.on('error', reject);
  });
  for (const name of [...files.keys()].sort()) {
    const body = Buffer.from(files.get(name)!);
    await new Promise<void>((resolve, reject) =>
      tar.entry({ name: name.replace(/^\//, ''), size: body.length, mtime: new Date(0), mode: 0o644 }, body, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Reads a tar.gz bundle into its files. Rejects archives with unsafe paths or over `maxBytes` unpacked. */
export async function readBundle(archive: Uint8Array, maxBytes = 256 * 1024 * 1024): Promise<Map<string, Uint8Array>> {
  let raw: Buffer;
  try {
    raw = gunzipSync(archive, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new BundleFormatError(`bundle is not a valid gzip archive: ${(e as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  const ex = extract();
  const finished = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => parts.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') {
          const name = `/${header.name.replace(/^\.?\//, '')}`;
          if (name.split('/').includes('..')) return reject(new BundleFormatError(`unsafe path in bundle: ${header.name}`));
          files.set(name, Buffer.concat(parts));
        }
        next();
      });
      stream.resume();
    });
    ex.on('finish', () => resolve());
    ex.on('error', (e: Error) => reject(new BundleFormatError(`bundle is not a valid tar archive: ${e.message}`)));
  });
  Readable.from([raw]).pipe(ex);
  await finished;
  if (!files.has('/.manifest')) throw new BundleFormatError('bundle has no /.manifest');
  return files;
}

/** Parses `/.manifest` from a file map. */
export function bundleManifest(files: BundleFiles): BundleManifest {
  const bytes = files.get('/.manifest');
  if (!bytes) throw new BundleFormatError('bundle has no /.manifest');
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as BundleManifest;
  } catch {
    throw new BundleFormatError('bundle /.manifest is not valid JSON');
  }
}
