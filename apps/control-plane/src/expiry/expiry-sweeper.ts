import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VigilConfig } from '../config/config';
import { VIGIL_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { RevisionsService } from '../revisions/revisions.service';
import { REVOCATION_RECORDS } from '../revocations/revocations.service';
import { ROLE_BINDING_RECORDS } from '../role-bindings/role-bindings.service';
import { SIGNAL_RECORDS } from '../signals/signals.service';
import { ExpiringRecords, type ExpiringRecordKind } from './expiring-records';
import type { ExpiringRow } from '../database/revisioned-row';

/** What can expire, swept in this order. */
const EXPIRING: readonly ExpiringRecordKind<ExpiringRow, unknown>[] = [ROLE_BINDING_RECORDS, REVOCATION_RECORDS, SIGNAL_RECORDS];

const BATCH = 100;

/**
 * Turns each expiry of a role binding, revocation or signal into its own revision (a
 * removal delta), so agents learn of it through the log like any other change. Runs on
 * every replica; ExpiringRecords.expire announces each expiry exactly once.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpirySweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly expiring: readonly ExpiringRecords<ExpiringRow, unknown>[];

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    dataSource: DataSource,
    revisions: RevisionsService,
    private readonly metrics: MetricsService,
  ) {
    this.expiring = EXPIRING.map((kind) => new ExpiringRecords(dataSource, revisions, kind));
  }

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
    for (const records of this.expiring) {
      try {
        count += await this.sweepTable(records);
      } catch (e) {
        this.logger.error(`expiry sweep of ${records.table} failed: ${(e as Error).message}`);
      }
    }
    return count;
  }

  private async sweepTable(records: ExpiringRecords<ExpiringRow, unknown>): Promise<number> {
    let count = 0;
    for (const id of await records.due(BATCH)) {
      if (await records.expire('system:expiry', id)) {
        this.metrics.expiries.inc({ kind: records.kind.resource });
        count++;
      }
    }
    return count;
  }
}
