/**
 * A verified bundle turned into something that decides: the wasm loaded through the
 * toolchain's host wrapper (`RegoPolicy`: our host builtins, memory caps, typed errors),
 * plus the bundle's own data.json. The loader is imported lazily so that processes which
 * never receive a bundle (tests of the stream, health) do not load the wasm host.
 */
import { bundleManifest, readBundle, type BundleManifest } from '@vigil/rego';
import { SIGNATURES_FILE, verifyBundleFiles, type TrustedKeys } from '@vigil/contracts';
import { EnforcementError } from '../errors';
import type { PolicyDataPatch } from '../state/enforced-state';

/** What the engine needs from a loaded policy module; `RegoPolicy` is the implementation. */
export interface PolicyModule {
  readonly entrypoints: Readonly<Record<string, number>>;
  setData(data: unknown): void;
  /** In-place edits of `data` (RegoPolicy: opa_value_add_path/remove_path); optional for other modules. */
  patchData?(patches: readonly PolicyDataPatch[]): void;
  readonly canPatchData?: boolean;
  evaluate(input: unknown, entrypoint: string | number): Record<string, unknown>[];
  /** Evaluates with the input given as JSON text (the risk context is spliced in as text, not built as objects). */
  evaluateJson?(inputJson: string, entrypoint: string | number): Record<string, unknown>[];
}

export interface LoadedBundle {
  readonly sha256: string;
  readonly manifest: BundleManifest;
  readonly policy: PolicyModule;
  /** The bundle's `/data.json` (policy-shipped data), the base of `data`. */
  readonly baseData: unknown;
}

export interface PolicyLoadOptions {
  /** Hard cap on policy memory, 64 KiB pages. */
  readonly maxPages?: number;
}

/** Opens a bundle archive whose sha256 the caller already matched to a signed event. */
export async function loadBundle(archive: Uint8Array, sha256: string, keys: TrustedKeys, opts: PolicyLoadOptions = {}): Promise<LoadedBundle> {
  let files: Map<string, Uint8Array>;
  try {
    files = await readBundle(archive);
  } catch (e) {
    throw new EnforcementError('BUNDLE_REFUSED', `bundle ${sha256.slice(0, 12)} is not a readable bundle: ${(e as Error).message}`);
  }
  // The event signature already binds the archive; an embedded OPA-style signature must verify too.
  if (files.has(SIGNATURES_FILE)) {
    try {
      verifyBundleFiles(files, keys);
    } catch (e) {
      throw new EnforcementError('BUNDLE_REFUSED', `bundle ${sha256.slice(0, 12)}: ${(e as Error).message}`);
    }
  }
  const manifest = bundleManifest(files);
  const wasm = files.get('/policy.wasm');
  if (!wasm) throw new EnforcementError('BUNDLE_REFUSED', `bundle ${sha256.slice(0, 12)} has no /policy.wasm`);
  let baseData: unknown = {};
  const dataFile = files.get('/data.json');
  if (dataFile) {
    try {
      baseData = JSON.parse(Buffer.from(dataFile).toString('utf8'));
    } catch {
      throw new EnforcementError('BUNDLE_REFUSED', `bundle ${sha256.slice(0, 12)} has an invalid /data.json`);
    }
  }
  const { RegoPolicy } = await import('@vigil/rego');
  let policy: PolicyModule;
  try {
    policy = await RegoPolicy.load(wasm, { maxPages: opts.maxPages });
  } catch (e) {
    throw new EnforcementError('BUNDLE_REFUSED', `bundle ${sha256.slice(0, 12)}: policy.wasm does not load: ${(e as Error).message}`);
  }
  return { sha256, manifest, policy, baseData };
}
