import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VigilConfig } from '../config/config';
import { VIGIL_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { RevisionsService } from '../revisions/revisions.service';

/** What can expire: the table, the log kind agents receive, and the audit/resource names. */
const EXPIRABLE = [
  { table: 'role_bindings', kind: 'role_binding_delta', resource: 'role_binding', action: 'role_binding.expire' },
  { table: 'revocations', kind: 'revocation', resource: 'revocation', action: 'revocation.expire' },
  { table: 'signals', kind: 'signal', resource: 'signal', action: 'signal.expire' },
] as const;
type Expirable = (typeof EXPIRABLE)[number];

const BATCH = 100;

/**
 * Turns each expiry of a role binding or revocation into its own revision (a removal
 * delta), so agents learn of it through the log like any other change. Runs on every
 * replica; each expiry is announced exactly once because the row is re-checked and marked
 * (`expired_revision`) inside the revision transaction, under the head lock every writer
 * takes: a replica that loses the race finds the row marked, rolls back, and uses no
 * revision. (`SKIP LOCKED` on the re-check keeps a sweep from waiting on a row that a
 * concurrent write holds; the next pass picks it up.)
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpirySweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, this.config.expiryIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over everything due; returns how many expiries became revisions here. */
  async sweep(): Promise<number> {
    let count = 0;
    for (const what of EXPIRABLE) {
      try {
        count += await this.sweepTable(what);
      } catch (e) {
        this.logger.error(`expiry sweep of ${what.table} failed: ${(e as Error).message}`);
      }
    }
    return count;
  }

  private async sweepTable(what: Expirable): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM ${what.table} WHERE expires_at <= now() AND expired_revision IS NULL ORDER BY expires_at LIMIT ${BATCH}`,
    );
    let count = 0;
    for (const { id } of due) {
      if (await this.expireOne(what, id)) count++;
    }
    return count;
  }

  /** One expiry, one revision. Returns false when another replica (or a write) got there first. */
  private async expireOne(what: Expirable, id: string): Promise<boolean> {
    let expired = false;
    try {
      await this.revisions.commit('system:expiry', async (change) => {
        const rows: Record<string, unknown>[] = await change.em.query(
          `SELECT * FROM ${what.table} WHERE id = $1 AND expires_at <= now() AND expired_revision IS NULL FOR UPDATE SKIP LOCKED`,
          [id],
        );
        if (rows.length === 0) throw new NothingToExpire();
        await change.em.query(`UPDATE ${what.table} SET expired_revision = $1 WHERE id = $2`, [change.revision, id]);
        change.log(what.kind, `${what.resource}:${id}`, { put: [], delete: [id] });
        change.audit(what.action, `${what.resource}:${id}`, rows[0], { ...rows[0], expired_revision: change.revision });
        expired = true;
      });
    } catch (e) {
      if (!(e instanceof NothingToExpire)) throw e;
    }
    if (expired) this.metrics.expiries.inc({ kind: what.resource });
    return expired;
  }
}

/** Rolls back a sweep transaction that found its row already handled: no revision is used. */
class NothingToExpire extends Error {}
