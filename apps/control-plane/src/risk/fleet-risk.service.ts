import { Injectable } from '@nestjs/common';
import { fleetScoreAt } from '@vigil/contracts';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { page } from '../common/pagination';
import type { FleetRiskQuery } from './dto/containment-rule.dto';
import { FleetRiskRow, fleetRecord } from './fleet-risk.entity';

/** Reads of the fleet aggregate, with each entry's latest per-agent reports. */
@Injectable()
export class FleetRiskService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: FleetRiskQuery) {
    const where: FindOptionsWhere<FleetRiskRow> = q.target ? { target: q.target } : {};
    const [rows, total] = await this.dataSource.getRepository(FleetRiskRow).findAndCount({ where, order: { score: 'DESC', value: 'ASC' }, take: q.limit, skip: q.offset });
    const reports: { target: string; value: string; agent: string | null; service: string; score: number; reasons: string[]; reported_at: Date }[] = rows.length
      ? await this.dataSource.query(
          `SELECT r.target, r.value, a.name AS agent, r.service, r.score, r.reasons, r.reported_at FROM risk_reports r
           LEFT JOIN agents a ON a.id = r.agent_id
           JOIN unnest($1::text[], $2::text[]) AS k(t, v) ON r.target = k.t AND r.value = k.v
           ORDER BY r.score DESC`,
          [rows.map((r) => r.target), rows.map((r) => r.value)],
        )
      : [];
    const now = Date.now();
    const items = rows.map((r) => ({
      target: r.target,
      value: r.value,
      // What agents hold now: the pushed score decayed since (scoreAtUpdate is the pushed one).
      score: fleetScoreAt(fleetRecord(r), now),
      scoreAtUpdate: r.score,
      reasons: r.reasons,
      agents: r.agents,
      revision: r.revision,
      updatedAt: r.updatedAt.toISOString(),
      reports: reports
        .filter((x) => x.target === r.target && x.value === r.value)
        .map((x) => ({ agent: x.agent, service: x.service, score: x.score, reasons: x.reasons, reportedAt: new Date(x.reported_at).toISOString() })),
    }));
    return page(items, total, q);
  }
}
