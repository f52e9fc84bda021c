import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InvalidRequestError } from '../common/domain-error';

/** One policy of the current set, as compiled. */
export interface PolicyModule {
  readonly id: string;
  readonly version: number;
  readonly source: string;
}

/** The published policy set and its marker: the newest policy revision, which any policy change moves. */
export interface PolicySet {
  readonly modules: readonly PolicyModule[];
  readonly marker: number;
}

/** Proposed edits on top of the current set: new sources by id, and ids to drop. */
export interface PolicySetEdits {
  readonly upsert?: readonly { readonly id: string; readonly source: string }[];
  readonly remove?: readonly string[];
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
  const rows: { id: string; version: number; source: string }[] = await em.query(
    `SELECT p.id, v.version, v.source FROM policies p JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.current_version ORDER BY p.id`,
  );
  return { modules: rows, marker: await readPolicySetMarker(em) };
}

export async function readPolicySetMarker(em: EntityManager): Promise<number> {
  const [{ marker }]: { marker: string }[] = await em.query('SELECT COALESCE(MAX(revision), 0) AS marker FROM policies');
  return Number(marker);
}

/** The modules to compile after applying edits (sorted by id for stable output). */
export function applyEdits(current: readonly PolicyModule[], edits: PolicySetEdits): { id: string; source: string }[] {
  const byId = new Map(current.map((m) => [m.id, m.source]));
  for (const id of edits.remove ?? []) {
    if (!byId.delete(id)) throw new InvalidRequestError('POLICY_NOT_IN_SET', `remove: policy ${id} is not in the current set`);
  }
  for (const u of edits.upsert ?? []) byId.set(u.id, u.source);
  return [...byId].sort(([a], [b]) => a.localeCompare(b)).map(([id, source]) => ({ id, source }));
}

export function toRegoModules(modules: readonly { id: string; source: string }[]) {
  return modules.map((m) => ({ path: moduleFile(m.id), source: m.source }));
}
