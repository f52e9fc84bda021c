/**
 * Reading bundle scopes out of the revision log. A `bundle` entry says which scopes got a
 * new bundle (`{bundle}` before scopes and for a default-only publish; `{bundles: {scope:
 * ref}}` otherwise) and, when the revision changed the selectors, all of them (`scopes`).
 * Each replica resolves its own agents with these, so no replica needs to be told who moved.
 */
import type { EntityManager } from 'typeorm';
import { DEFAULT_SCOPE, orderScopes, type ScopeSelector } from '../../bundle-scopes/scope-selector';
import type { RevisionLogEntry } from '../../revisions/revision-log.entity';

/** Bundle metadata as logged (the event's `bundle` field). */
export interface LoggedBundleRef {
  readonly sha256: string;
  readonly size: number;
  readonly manifest: Record<string, unknown>;
}

/** The scope selectors in force as of a revision, in resolution order. */
export interface ScopeState {
  readonly asOf: number;
  readonly ordered: readonly ScopeSelector[];
}

/** Scope → bundle built in this revision; empty for other kinds. */
export function bundlesOf(entry: Pick<RevisionLogEntry, 'kind' | 'payload'>): Readonly<Record<string, LoggedBundleRef>> {
  if (entry.kind !== 'bundle') return {};
  const p = entry.payload as { bundle?: LoggedBundleRef; bundles?: Record<string, LoggedBundleRef> };
  return p.bundles ?? (p.bundle ? { [DEFAULT_SCOPE]: p.bundle } : {});
}

/** The selectors after this revision, when it changed them. */
export function scopesOf(entry: Pick<RevisionLogEntry, 'kind' | 'payload'>): readonly ScopeSelector[] | undefined {
  if (entry.kind !== 'bundle') return undefined;
  const scopes = (entry.payload as { scopes?: ScopeSelector[] }).scopes;
  return scopes ? orderScopes(scopes) : undefined;
}

/** The head and the selectors as of it, in one statement (one snapshot of the database). */
export async function readScopeState(em: EntityManager): Promise<ScopeState> {
  const [row]: { head: string; scopes: ScopeSelector[] }[] = await em.query(
    `SELECT (SELECT revision FROM revision_head WHERE id = 1) AS head,
            (SELECT COALESCE(jsonb_agg(jsonb_build_object('name', name, 'services', services, 'labels', labels, 'priority', priority)), '[]'::jsonb) FROM bundle_scopes) AS scopes`,
  );
  return { asOf: Number(row.head), ordered: orderScopes(row.scopes) };
}
