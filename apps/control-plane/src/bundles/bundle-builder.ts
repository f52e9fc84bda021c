/**
 * Builds the signed OPA-layout bundle of a publish: `/.manifest`, `/policy.wasm`,
 * `/data.json` and `/.signatures.json` (OPA's format: a JWT over every file's sha256,
 * see libs/contracts), packed as a deterministic tar.gz.
 */
import { canonicalJson, sha256Hex, signBundleFiles, SIGNATURES_FILE, type SigningKey } from '@vigil/contracts';
import { writeBundle } from '@vigil/rego';

export interface BundleInput {
  readonly revision: number;
  readonly wasm: Uint8Array;
  readonly entrypoints: Readonly<Record<string, number>>;
  /** The base data document at this revision. */
  readonly data: unknown;
  readonly policyVersions: Readonly<Record<string, number>>;
  /** More manifest metadata (e.g. `vigil_context`: whether the policies may read input.vigil). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface BuiltBundle {
  readonly archive: Buffer;
  readonly sha256: string;
  /** The compact JWS inside /.signatures.json. */
  readonly signature: string;
  readonly manifest: Record<string, unknown>;
}

export async function buildSignedBundle(input: BundleInput, key: SigningKey): Promise<BuiltBundle> {
  const manifest = {
    revision: String(input.revision),
    // The bundle owns the whole data tree; data deltas apply on top of it at the agent.
    roots: [''],
    wasm: Object.keys(input.entrypoints)
      .sort()
      .map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })),
    rego_version: 1,
    metadata: { ...input.metadata, vigil_revision: input.revision, policy_versions: input.policyVersions },
  };
  const text = (v: unknown) => Buffer.from(canonicalJson(v), 'utf8');
  const files = new Map<string, Uint8Array>([
    ['/.manifest', text(manifest)],
    ['/policy.wasm', input.wasm],
    ['/data.json', text(input.data ?? {})],
  ]);
  const signed = signBundleFiles(files, key);
  const archive = await writeBundle(signed);
  const signature = (JSON.parse(Buffer.from(signed.get(SIGNATURES_FILE)!).toString('utf8')) as { signatures: string[] }).signatures[0];
  return { archive, sha256: sha256Hex(archive), signature, manifest };
}
