import type { EntityManager } from 'typeorm';

/** One audit event to write; `before`/`after` are any JSON (null when the resource did not / no longer exists). */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly revision: number | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

/** Writes audit events in the caller's transaction (one multi-row INSERT). */
export async function insertAuditEvents(em: EntityManager, records: readonly AuditRecord[]): Promise<void> {
  const values = auditValues(records, 1);
  if (!values.sql) return;
  await em.query(`INSERT INTO audit_events (at, actor, action, resource, revision, before, after) VALUES ${values.sql}`, values.params);
}

/** The VALUES list for audit rows, numbering parameters from `firstParam` (to embed in a larger statement). */
export function auditValues(records: readonly AuditRecord[], firstParam: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows = records.map((r) => {
    const base = firstParam + params.length;
    params.push(r.at, r.actor, r.action, r.resource, r.revision, json(r.before), json(r.after));
    return `(${[0, 1, 2, 3, 4, 5, 6].map((i) => `$${base + i}${i === 4 ? '::bigint' : i >= 5 ? '::jsonb' : ''}`).join(', ')})`;
  });
  return { sql: rows.join(', '), params };
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}
