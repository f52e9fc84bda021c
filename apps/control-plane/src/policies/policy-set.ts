import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DEFAULT_SCOPE, orderScopes, SHARED_SCOPE, type ScopeSelector } from '../bundle-scopes/scope-selector';
import { InvalidRequestError } from '../common/domain-error';

/** One policy of the current set, as compiled. */
export interface PolicyModule {
  readonly id: string;
  readonly version: number;
  readonly source: string;
  /** Its bundle scope, or `*` (shared: in every scope's bundle). */
  readonly scope: string;
}

/**
 * The published policy set, the bundle scopes (in resolution order) and the set's marker:
 * the newest revision that changed a policy or a scope, which any such change moves.
 */
export interface PolicySet {
  readonly modules: readonly PolicyModule[];
  readonly scopes: readonly ScopeSelector[];
  readonly marker: number;
}

/** Proposed edits on top of the current set: new sources by id (optionally moving them to a scope), and ids to drop. */
export interface PolicySetEdits {
  readonly upsert?: readonly { readonly id: string; readonly source: string; readonly bundleScope?: string }[];
  readonly remove?: readonly string[];
}

/** A policy after edits: its text and scope. */
export interface EditedPolicy {
  readonly id: string;
  readonly source: string;
  readonly scope: string;
}

export const POLICY_ID = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;
export const POLICY_ID_MESSAGE = 'must be 1-128 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit';

/** The file name diagnostics use for a policy. */
export function moduleFile(id: string): string {
  return `${id}.rego`;
}

export function sourceSha256(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

export async function readPolicySet(em: EntityManager): Promise<PolicySet> {
  // One after another: inside a transaction `em` has a single connection.
  const rows: { id: string; version: number; source: string; scope: string }[] = await em.query(
    `SELECT p.id, v.version, v.source, p.bundle_scope AS scope FROM policies p JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.current_version ORDER BY p.id`,
  );
  const scopes = await readScopeSelectors(em);
  return { modules: rows, scopes, marker: await readPolicySetMarker(em) };
}

/**
 * The newest revision that changed a policy or created/changed a bundle scope. Deleting a
 * scope does not move it: a publish re-checks inside its transaction that the scopes it
 * writes to still exist, and a bundle built for a scope deleted meanwhile reaches no agent.
 */
export async function readPolicySetMarker(em: EntityManager): Promise<number> {
  const [{ marker }]: { marker: string }[] = await em.query(
    'SELECT GREATEST((SELECT COALESCE(MAX(revision), 0) FROM policies), (SELECT COALESCE(MAX(revision), 0) FROM bundle_scopes)) AS marker',
  );
  return Number(marker);
}

/** Every bundle scope's selector, in resolution order. */
export async function readScopeSelectors(em: EntityManager): Promise<ScopeSelector[]> {
  const rows: ScopeSelector[] = await em.query('SELECT name, services, labels, priority FROM bundle_scopes');
  return orderScopes(rows);
}

/** The policies after applying edits, sorted by id for stable output. An upsert without a scope keeps the policy's (new ones: `default`). */
export function applyEdits(current: readonly PolicyModule[], edits: PolicySetEdits): EditedPolicy[] {
  const byId = new Map<string, EditedPolicy>(current.map((m) => [m.id, { id: m.id, source: m.source, scope: m.scope }]));
  for (const id of edits.remove ?? []) {
    if (!byId.delete(id)) throw new InvalidRequestError('POLICY_NOT_IN_SET', `remove: policy ${id} is not in the current set`);
  }
  for (const u of edits.upsert ?? []) byId.set(u.id, { id: u.id, source: u.source, scope: u.bundleScope ?? byId.get(u.id)?.scope ?? DEFAULT_SCOPE });
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The policies compiled into `scope`'s bundle: its own and the shared ones. */
export function policiesInScope<P extends { readonly scope: string }>(policies: readonly P[], scope: string): P[] {
  return policies.filter((p) => p.scope === scope || p.scope === SHARED_SCOPE);
}

export function toRegoModules(modules: readonly { id: string; source: string }[]) {
  return modules.map((m) => ({ path: moduleFile(m.id), source: m.source }));
}
