import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditValues } from '../audit/audit-writer';
import { MetricsService } from '../metrics/metrics.service';
import { ChangeContext } from './change-context';
import { RevisionFeed } from './revision-feed';
import { RevisionLogEntry } from './revision-log.entity';

/** Postgres channel that wakes every replica after a revision commits (the payload is the revision). */
export const REVISIONS_CHANNEL = 'vigil_revisions';

/**
 * The write path of every change to enforced state. `commit` runs the work in one
 * transaction that first locks the single revision_head row: writers on every replica
 * queue there, so revisions are handed out and committed strictly in order (no gaps a
 * tailer could skip, no deadlocks between writers touching rows in different orders),
 * and the work always sees the state as of the previous revision. The revision-log row,
 * the audit events and `NOTIFY vigil_revisions` (which Postgres delivers only on commit)
 * are part of the same transaction, so either all of it happened or none of it.
 */
@Injectable()
export class RevisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: RevisionFeed,
    private readonly metrics: MetricsService,
  ) {}

  async commit<T>(actor: string, work: (change: ChangeContext) => Promise<T>): Promise<{ result: T; revision: number }> {
    // Postgres' default READ COMMITTED: after the head lock, each statement sees every earlier commit.
    const committed = await this.dataSource.transaction(async (em) => {
      const rows: { revision: string; now: Date }[] = await em.query('SELECT revision, now() AS now FROM revision_head WHERE id = 1 FOR UPDATE');
      const revision = Number(rows[0].revision) + 1;
      const now = rows[0].now;
      const change = new ChangeContext(em, revision, actor, now);
      const result = await work(change);
      const entry = change.recordedLog;
      if (!entry) throw new Error('invariant: a change committed without a revision-log entry (this is a bug)');
      // Head, log row, audit events and NOTIFY in one round trip: the tail of every change.
      const audits = auditValues(change.recordedAudits.map((a) => ({ ...a, actor, revision, at: now })), 9);
      await em.query(
        `WITH head AS (UPDATE revision_head SET revision = $1 WHERE id = 1),
              entry AS (INSERT INTO revision_log (revision, kind, resource, actor, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6))
              ${audits.sql ? `, audit AS (INSERT INTO audit_events (at, actor, action, resource, revision, before, after) VALUES ${audits.sql})` : ''}
         SELECT pg_notify($7, $1::text || ' ' || $8::text)`,
        [revision, entry.kind, entry.resource, actor, JSON.stringify(entry.payload), now, REVISIONS_CHANNEL, this.feed.origin, ...audits.params],
      );
      const logged: RevisionLogEntry = { revision, kind: entry.kind, resource: entry.resource, actor, payload: entry.payload, createdAt: now };
      return { result, revision, entry: logged };
    });
    this.metrics.revisionHead.set(committed.revision);
    this.feed.committed(committed.entry);
    return { result: committed.result, revision: committed.revision };
  }

  async head(em: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { revision: string }[] = await em.query('SELECT revision FROM revision_head WHERE id = 1');
    return Number(rows[0].revision);
  }

  /**
   * Log entries after `after`, oldest first: how a replica or an agent catches up. Plain SQL:
   * every replica runs this on every remote revision, and the query builder's per-call cost
   * was most of it.
   */
  async after(after: number, limit: number): Promise<RevisionLogEntry[]> {
    const rows: { revision: string; kind: RevisionLogEntry['kind']; resource: string; actor: string; payload: Record<string, unknown>; created_at: Date }[] = await this.dataSource.query(
      'SELECT revision, kind, resource, actor, payload, created_at FROM revision_log WHERE revision > $1 ORDER BY revision LIMIT $2',
      [after, limit],
    );
    return rows.map((r) => ({ revision: Number(r.revision), kind: r.kind, resource: r.resource, actor: r.actor, payload: r.payload, createdAt: r.created_at }));
  }
}
