import { Injectable } from '@nestjs/common';
import { riskKey, type RiskReportBatch } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { RiskAggregator } from './risk-aggregator.service';

/**
 * Takes agents' risk reports (from the gateway): one multi-row upsert of each entity's
 * latest score per agent (stamped with the database clock, so agents' clocks do not
 * matter), then hands the touched keys to the aggregator. Not a revision: reports are
 * inputs; the aggregate the aggregator derives from them is what agents receive.
 */
@Injectable()
export class RiskReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly aggregator: RiskAggregator,
  ) {}

  async ingest(agentId: string, service: string, batch: RiskReportBatch): Promise<number> {
    // One row per entity (the last entry wins): an upsert may not touch the same row twice.
    const e = [...new Map(batch.entries.map((x) => [riskKey(x.target, x.value), x])).values()];
    if (e.length === 0) return 0;
    await this.dataSource.query(
      `INSERT INTO risk_reports (target, value, agent_id, service, score, reasons, reported_at)
       SELECT t, v, $3::uuid, $4, s, r::jsonb, now() FROM unnest($1::text[], $2::text[], $5::float8[], $6::text[]) AS x(t, v, s, r)
       ON CONFLICT (target, value, agent_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, service = EXCLUDED.service, reported_at = EXCLUDED.reported_at`,
      [e.map((x) => x.target), e.map((x) => x.value), agentId, service, e.map((x) => x.score), e.map((x) => JSON.stringify(x.reasons))],
    );
    this.aggregator.markDirty(e.map((x) => riskKey(x.target, x.value)));
    return e.length;
  }
}
