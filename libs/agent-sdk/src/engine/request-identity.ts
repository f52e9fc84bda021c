/**
 * Where in a decision's input the agent finds what revocations name (subject, token id,
 * session, calling service). Defaults cover plain OPA inputs, AuthZEN and the inputs the
 * agent builds for ext_authz/proxy; each kind is configurable.
 */
import type { RevocationKind } from '@vigil/contracts';

export type IdentityPaths = Readonly<Record<RevocationKind, readonly string[]>>;

export const DEFAULT_IDENTITY_PATHS: IdentityPaths = {
  subject: ['subject', 'subject.id', 'user', 'sub', 'token.sub', 'unverified_token_claims.sub'],
  token_id: ['token_id', 'jti', 'token.jti', 'unverified_token_claims.jti'],
  session: ['session', 'session_id', 'sid', 'token.sid', 'unverified_token_claims.sid', 'subject.properties.session'],
  service: ['service', 'source_service', 'caller'],
};

/** A compiled extractor: returns every string (or number) found at the kind's paths. */
export type IdentityExtractor = (input: unknown, kind: RevocationKind) => string[];

export function identityExtractor(paths: IdentityPaths = DEFAULT_IDENTITY_PATHS): IdentityExtractor {
  const compiled = Object.fromEntries(Object.entries(paths).map(([k, ps]) => [k, ps.map((p) => p.split('.'))])) as Record<RevocationKind, string[][]>;
  return (input, kind) => {
    const found: string[] = [];
    if (!input || typeof input !== 'object') return found;
    for (const path of compiled[kind]) {
      let node: unknown = input;
      for (const key of path) {
        if (!node || typeof node !== 'object') {
          node = undefined;
          break;
        }
        node = (node as Record<string, unknown>)[key];
      }
      if (typeof node === 'string') found.push(node);
      else if (typeof node === 'number') found.push(String(node));
    }
    return found;
  };
}

/** Parses the path spec `subject=user,subject.id;session=sid` used by flags and env. */
export function parseIdentityPaths(spec: string | undefined): IdentityPaths {
  if (!spec) return DEFAULT_IDENTITY_PATHS;
  const out: Record<string, readonly string[]> = { ...DEFAULT_IDENTITY_PATHS };
  for (const part of spec.split(';').filter(Boolean)) {
    const [kind, list] = part.split('=');
    if (!(kind in DEFAULT_IDENTITY_PATHS) || !list) throw new Error(`bad revocation field spec ${JSON.stringify(part)} (expected kind=path,path)`);
    out[kind] = list.split(',').map((s) => s.trim().replace(/^input\./, ''));
  }
  return out as unknown as IdentityPaths;
}
