/**
 * OPA's bundle signature format: `/.signatures.json` holds `{"signatures": [JWT]}` whose
 * claims list every file with its SHA-256 (`files: [{name, hash, algorithm}]`), so OPA
 * tooling can check a Vigil bundle. JSON files are hashed over their canonical form (keys
 * sorted, no whitespace), as OPA does, so re-serialising a JSON file keeps the signature.
 */
import { createHash } from 'node:crypto';
import { ContractError } from './errors';
import { signCompact, verifyCompact } from './envelope';
import type { SigningKey, TrustedKeys } from './keys';

export const SIGNATURES_FILE = '/.signatures.json';
const BUNDLE_JWT_TYPE = 'JWT';

export interface BundleFileHash {
  readonly name: string;
  readonly hash: string;
  readonly algorithm: 'SHA-256';
}

/** Canonical JSON: object keys sorted, no insignificant whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fileHash(name: string, bytes: Uint8Array): string {
  const h = createHash('sha256');
  if (name.endsWith('.json') || name === '/.manifest') {
    try {
      h.update(canonicalJson(JSON.parse(Buffer.from(bytes).toString('utf8'))));
      return h.digest('hex');
    } catch {
      throw new ContractError('INVALID_EVENT', `bundle file ${name} is not valid JSON`);
    }
  }
  return h.update(bytes).digest('hex');
}

function hashesOf(files: ReadonlyMap<string, Uint8Array>): BundleFileHash[] {
  return [...files.keys()]
    .filter((name) => name !== SIGNATURES_FILE)
    .sort()
    .map((name) => ({ name: name.replace(/^\//, ''), hash: fileHash(name, files.get(name)!), algorithm: 'SHA-256' as const }));
}

/** Returns the files plus `/.signatures.json` signing all of them. */
export function signBundleFiles(files: ReadonlyMap<string, Uint8Array>, key: SigningKey): Map<string, Uint8Array> {
  const jwt = signCompact({ files: hashesOf(files), keyid: key.kid }, key, BUNDLE_JWT_TYPE);
  const out = new Map(files);
  out.set(SIGNATURES_FILE, Buffer.from(JSON.stringify({ signatures: [jwt] })));
  return out;
}

/**
 * Verifies `/.signatures.json` against the pinned keys: the signature must verify and the
 * signed file list must match the bundle's files exactly (no file added, removed or changed).
 */
export function verifyBundleFiles(files: ReadonlyMap<string, Uint8Array>, keys: TrustedKeys): void {
  const raw = files.get(SIGNATURES_FILE);
  if (!raw) throw new ContractError('SIGNATURE_MISSING', 'bundle has no /.signatures.json');
  let jwts: unknown;
  try {
    jwts = (JSON.parse(Buffer.from(raw).toString('utf8')) as { signatures?: unknown }).signatures;
  } catch {
    throw new ContractError('SIGNATURE_INVALID', '/.signatures.json is not valid JSON');
  }
  if (!Array.isArray(jwts) || jwts.length !== 1) throw new ContractError('SIGNATURE_INVALID', '/.signatures.json must hold exactly one signature');
  const { payload } = verifyCompact(jwts[0], keys, BUNDLE_JWT_TYPE);
  const signed = (payload as { files?: unknown }).files;
  if (!Array.isArray(signed)) throw new ContractError('SIGNATURE_INVALID', 'bundle signature has no file list');
  const expected = new Map(hashesOf(files).map((f) => [f.name, f.hash]));
  const seen = new Set<string>();
  for (const f of signed as BundleFileHash[]) {
    if (expected.get(f?.name) !== f?.hash || f.algorithm !== 'SHA-256') {
      throw new ContractError('SIGNATURE_INVALID', `bundle file ${String(f?.name)} does not match its signed hash`);
    }
    seen.add(f.name);
  }
  for (const name of expected.keys()) {
    if (!seen.has(name)) throw new ContractError('SIGNATURE_INVALID', `bundle file ${name} is not covered by the signature`);
  }
}
