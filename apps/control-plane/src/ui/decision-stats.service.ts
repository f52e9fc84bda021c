import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidRequestError } from '../common/domain-error';

/** Decisions in one time bucket (`t`: the bucket's start, epoch seconds). */
export interface DecisionBucket {
  readonly t: number;
  readonly total: number;
  readonly denied: number;
}

export interface DecisionStats {
  readonly since: string;
  readonly bucketSeconds: number;
  /** Only buckets that had decisions; the chart fills the gaps with zeros. */
  readonly buckets: readonly DecisionBucket[];
}

/** At most this many buckets per answer, so a chart request stays cheap. */
const MAX_BUCKETS = 1000;

/** Aggregates the decision log for the UI's chart of decisions per second and deny rate. */
@Injectable()
export class DecisionStatsService {
  constructor(private readonly dataSource: DataSource) {}

  async stats(minutes: number, bucketSeconds: number, now = new Date()): Promise<DecisionStats> {
    if ((minutes * 60) / bucketSeconds > MAX_BUCKETS) {
      throw new InvalidRequestError('VALIDATION_FAILED', `bucket: ${minutes} minutes in ${bucketSeconds}s buckets is more than ${MAX_BUCKETS} buckets; use larger buckets`);
    }
    const since = new Date(Math.floor((now.getTime() - minutes * 60_000) / (bucketSeconds * 1000)) * bucketSeconds * 1000);
    const rows: { t: string; total: string; denied: string }[] = await this.dataSource.query(
      `SELECT (floor(extract(epoch FROM at) / $1) * $1)::bigint AS t, count(*) AS total, count(*) FILTER (WHERE NOT allowed) AS denied
         FROM decision_logs WHERE at >= $2 GROUP BY 1 ORDER BY 1`,
      [bucketSeconds, since],
    );
    return { since: since.toISOString(), bucketSeconds, buckets: rows.map((r) => ({ t: Number(r.t), total: Number(r.total), denied: Number(r.denied) })) };
  }
}
