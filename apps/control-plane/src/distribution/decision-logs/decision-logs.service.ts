/**
 * Stores the decision-log batches agents send and answers queries over them. Inserts are
 * idempotent by decision id, so an agent that resends a batch after a lost ack (it keeps
 * unacknowledged batches on disk) creates no duplicates.
 */
import { Injectable } from '@nestjs/common';
import { normalizeResult, type DecisionLogBatch, type DecisionLogEntry, type Outcome } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { page, type Page } from '../../common/pagination';
import { DecisionLogRow } from './decision-log.entity';
import type { DecisionsQuery } from '../dto/decisions-query.dto';

export interface DecisionView {
  readonly decision_id: string;
  readonly agent_id: string;
  readonly timestamp: string;
  readonly path: string;
  readonly input: unknown;
  readonly result: unknown;
  readonly allowed: boolean;
  readonly reason: string | null;
  /** allow | challenge | limit | deny: what the agent enforced. */
  readonly outcome: Outcome;
  /** The policy's reasons, or the agent's explanation when it denied first. */
  readonly reasons: readonly string[];
  readonly revision: number;
  readonly bundle_sha256: string | null;
  readonly latency_us: number;
}

@Injectable()
export class DecisionLogsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a validated batch; returns how many entries it held. */
  async ingest(agentId: string, batch: DecisionLogBatch): Promise<number> {
    if (batch.entries.length === 0) return 0;
    const receivedAt = new Date();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DecisionLogRow)
      .values(
        batch.entries.map((e) => ({
          decisionId: e.decision_id,
          agentId,
          at: new Date(e.timestamp),
          path: e.path,
          input: e.input ?? null,
          result: e.result ?? null,
          allowed: e.allowed,
          reason: e.reason ?? null,
          ...outcomeOf(e),
          revision: e.revision,
          bundleSha256: e.bundle_sha256,
          latencyUs: Math.round(e.latency_us),
          receivedAt,
        })) as never, // jsonb columns hold any JSON value; TypeORM's deep-partial type can't say so
      )
      .orIgnore()
      .execute();
    return batch.entries.length;
  }

  async list(q: DecisionsQuery): Promise<Page<DecisionView>> {
    const qb = this.dataSource.getRepository(DecisionLogRow).createQueryBuilder('d');
    if (q.agent_id) qb.andWhere('d.agent_id = :agent', { agent: q.agent_id });
    if (q.path) qb.andWhere('d.path = :path', { path: q.path });
    if (q.allowed !== undefined) qb.andWhere('d.allowed = :allowed', { allowed: q.allowed });
    if (q.reason) qb.andWhere('d.reason = :reason', { reason: q.reason });
    if (q.outcome?.length) qb.andWhere('d.outcome IN (:...outcomes)', { outcomes: q.outcome });
    if (q.reason_contains) {
      const pattern = `%${q.reason_contains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('EXISTS (SELECT 1 FROM unnest(d.reasons) AS r(text) WHERE r.text ILIKE :pattern)', { pattern });
    }
    if (q.decision_id) qb.andWhere('d.decision_id = :id', { id: q.decision_id });
    if (q.subject) {
      qb.andWhere(`:subject IN (d.input->>'subject', d.input->'subject'->>'id', d.input->>'user', d.input->>'sub')`, { subject: q.subject });
    }
    if (q.revision !== undefined) qb.andWhere('d.revision = :revision', { revision: q.revision });
    if (q.since) qb.andWhere('d.at >= :since', { since: new Date(q.since) });
    if (q.until) qb.andWhere('d.at < :until', { until: new Date(q.until) });
    const [rows, total] = await qb.orderBy('d.at', 'DESC').addOrderBy('d.decision_id', 'ASC').skip(q.offset).take(q.limit).getManyAndCount();
    return page(rows.map(view), total, q);
  }
}

function view(r: DecisionLogRow): DecisionView {
  return {
    decision_id: r.decisionId,
    agent_id: r.agentId,
    timestamp: r.at.toISOString(),
    path: r.path,
    input: r.input,
    result: r.result,
    allowed: r.allowed,
    reason: r.reason,
    outcome: r.outcome,
    reasons: r.reasons,
    revision: r.revision,
    bundle_sha256: r.bundleSha256,
    latency_us: r.latencyUs,
  };
}

/**
 * The entry's outcome and reasons; an older agent sends neither, so they are read from what it
 * did send: allowed → allow, an agent denial → deny, else the policy's result (normalizeResult).
 */
function outcomeOf(e: DecisionLogEntry): { outcome: Outcome; reasons: string[] } {
  if (e.outcome) return { outcome: e.outcome, reasons: [...(e.reasons ?? [])] };
  const n = normalizeResult(e.result);
  const outcome: Outcome = e.allowed ? 'allow' : e.reason ? 'deny' : n.outcome === 'allow' ? 'deny' : n.outcome;
  return { outcome, reasons: [...(e.reasons ?? n.reasons)] };
}
