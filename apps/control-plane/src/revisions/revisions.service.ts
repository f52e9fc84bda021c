import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { auditValues } from '../audit/audit-writer';
import { MetricsService } from '../metrics/metrics.service';
import { ChangeContext } from './change-context';
import { RevisionFeed } from './revision-feed';
import { RevisionLogEntry } from './revision-log.entity';

/** Postgres channel that wakes every replica after a revision commits (the payload is the revision). */
export const REVISIONS_CHANNEL = 'vigil_revisions';

/** Changes one batch commits at most (each is a savepoint: Postgres caches 64 subtransactions per backend). */
export const MAX_BATCH = 32;
/** A batch takes no further change once its changes have run this long (bounds the first one's added wait). */
const MAX_BATCH_MS = 20;

export interface CommitOptions {
  /**
   * The work is long (publishing signs and stores bundles): it never joins a batch that
   * already holds changes, so their commit does not wait for it.
   */
  readonly alone?: boolean;
}

interface Queued {
  readonly actor: string;
  readonly work: (change: ChangeContext) => Promise<unknown>;
  readonly alone: boolean;
  readonly resolve: (committed: { result: unknown; revision: number }) => void;
  readonly reject: (error: unknown) => void;
}

interface Done {
  readonly q: Queued;
  readonly result: unknown;
  readonly entry: RevisionLogEntry;
}

/**
 * The write path of every change to enforced state. Each change is one revision, handed out
 * under the single revision_head row's lock, which every writer on every replica takes
 * first: revisions are committed strictly in order (no gaps a tailer could skip, no
 * deadlocks between writers touching rows in different orders), and a change's work always
 * sees the state as of the previous revision. The revision-log row, the audit events and
 * `NOTIFY vigil_revisions` (which Postgres delivers only on commit) are written with the
 * change, so either all of it happened or none of it.
 *
 * Group commit: the changes this replica is asked for while a batch runs queue, and a batch
 * is one transaction that takes the head lock once and runs queued changes one after the
 * other, each inside its own savepoint. A change whose work fails is rolled back to its
 * savepoint (its revision number goes to the next change) and its caller gets its error;
 * the others commit together. Callers learn their outcome only after the batch's COMMIT
 * (or its failure, which every change in it then reports), so a settled call has seen
 * everything ordered before it committed, as when each change was its own transaction.
 * An idle replica starts a batch at once: no wait is added. The changes of one batch share
 * its clock (`change.now`, and SQL `now()`): the transaction's start.
 */
@Injectable()
export class RevisionsService {
  private readonly queue: Queued[] = [];
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: RevisionFeed,
    private readonly metrics: MetricsService,
  ) {}

  commit<T>(actor: string, work: (change: ChangeContext) => Promise<T>, options: CommitOptions = {}): Promise<{ result: T; revision: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, work, alone: options.alone === true, resolve: resolve as Queued['resolve'], reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.batch();
    } finally {
      this.running = false;
    }
  }

  /** One transaction for the changes queued now and those queued while it runs (bounded). Never throws. */
  private async batch(): Promise<void> {
    const done: Done[] = [];
    const failed: { q: Queued; error: unknown }[] = [];
    // The first change is taken before anything can fail, so a batch that fails to start reports to it.
    let current: Queued | undefined = this.queue.shift()!;
    let batchError: { error: unknown } | null = null;
    let runner: QueryRunner | undefined;
    this.feed.localStarted();
    try {
      runner = this.dataSource.createQueryRunner();
      const client = (await runner.connect()) as PoolClient;
      // Postgres' default READ COMMITTED: after the head lock, each statement sees every earlier commit.
      await runner.startTransaction();
      const rows: { revision: string; now: Date }[] = await runner.query('SELECT revision, now() AS now FROM revision_head WHERE id = 1 FOR UPDATE');
      let head = Number(rows[0].revision);
      const now = rows[0].now;
      const started = performance.now();
      while (current) {
        const q: Queued = current;
        current = undefined; // from here on, `done` or `failed` holds it
        // Savepoints nest (none is released): ROLLBACK TO the newest undoes this change only.
        // Queued on the connection ahead of the work's first statement, without a turn of its own.
        const savepoint = savepointOn(client);
        const ran = await this.run(runner.manager, q, head + 1, now).then(
          (r) => ({ ok: true as const, ...r }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        const lost = await savepoint;
        if (!ran.ok) failed.push({ q, error: ran.error });
        // Without its savepoint, ROLLBACK TO would undo the previous change: the batch fails instead.
        if (lost) {
          if (ran.ok) failed.push({ q, error: lost.error });
          throw lost.error;
        }
        if (ran.ok) {
          done.push({ q, result: ran.result, entry: ran.logged });
          head += 1;
        } else {
          await runner.query('ROLLBACK TO SAVEPOINT vigil_change');
        }
        if (q.alone || done.length + failed.length >= MAX_BATCH || performance.now() - started >= MAX_BATCH_MS) break;
        if (this.queue.length > 0 && !this.queue[0].alone) current = this.queue.shift();
      }
      if (done.length > 0) await runner.commitTransaction();
      else await runner.rollbackTransaction();
    } catch (error) {
      batchError = { error };
      if (current) failed.push({ q: current, error });
      if (runner?.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    } finally {
      await runner?.release().catch(() => undefined);
    }
    if (batchError) {
      this.feed.localSettled();
      for (const d of done) d.q.reject(batchError.error);
    } else {
      try {
        for (const d of done) this.feed.committed(d.entry);
      } finally {
        this.feed.localSettled();
      }
      if (done.length > 0) this.metrics.revisionHead.set(done[done.length - 1].entry.revision);
      for (const d of done) d.q.resolve({ result: d.result, revision: d.entry.revision });
    }
    for (const f of failed) f.q.reject(f.error);
  }

  /** One change as `revision`: its work, then head, log row, audit events and NOTIFY in one round trip. */
  private async run(em: EntityManager, q: Queued, revision: number, now: Date): Promise<{ result: unknown; logged: RevisionLogEntry }> {
    const { actor } = q;
    const change = new ChangeContext(em, revision, actor, now);
    const result = await q.work(change);
    const entry = change.recordedLog;
    if (!entry) throw new Error('invariant: a change committed without a revision-log entry (this is a bug)');
    const audits = auditValues(change.recordedAudits.map((a) => ({ ...a, actor, revision, at: now })), 9);
    await em.query(
      `WITH head AS (UPDATE revision_head SET revision = $1 WHERE id = 1),
            entry AS (INSERT INTO revision_log (revision, kind, resource, actor, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6))
            ${audits.sql ? `, audit AS (INSERT INTO audit_events (at, actor, action, resource, revision, before, after) VALUES ${audits.sql})` : ''}
       SELECT pg_notify($7, $1::text || ' ' || $8::text)`,
      [revision, entry.kind, entry.resource, actor, JSON.stringify(entry.payload), now, REVISIONS_CHANNEL, this.feed.origin, ...audits.params],
    );
    return { result, logged: { revision, kind: entry.kind, resource: entry.resource, actor, payload: entry.payload, createdAt: now } };
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

/** A promise that always fulfils: with null, or with the error it rejected with (so it is never unhandled). */
function settled(p: Promise<unknown>): Promise<{ error: unknown } | null> {
  return p.then(
    () => null,
    (error: unknown) => ({ error }),
  );
}

/** Sends SAVEPOINT at once (ahead of anything queued after it); never rejects, never throws. */
function savepointOn(client: PoolClient): Promise<{ error: unknown } | null> {
  try {
    return settled(client.query('SAVEPOINT vigil_change'));
  } catch (error) {
    return Promise.resolve({ error });
  }
}
