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

  /**
   * Stores a validated batch; returns how many entries it held. One statement with the
   * batch as one JSON parameter, unpacked by Postgres (`jsonb_to_recordset`): an agent under
   * load sends thousands of decisions a second, and building a multi-row insert with a
   * parameter per column per row cost the control plane more CPU than the rest of ingestion.
   * `json` is the batch's text as the agent sent it: when its entries need no filling in
   * (they carry their outcome, and whole microseconds) Postgres unpacks that very text,
   * and the batch is not re-serialized here.
   */
  async ingest(agentId: string, batch: DecisionLogBatch, json?: string): Promise<number> {
    if (batch.entries.length === 0) return 0;
    const asSent = json !== undefined && batch.entries.every((e) => e.outcome !== undefined && Number.isInteger(e.latency_us));
    const param = asSent
      ? json
      : JSON.stringify({
          entries: batch.entries.map((e) => ({
            decision_id: e.decision_id,
            timestamp: e.timestamp,
            path: e.path,
            input: e.input ?? null,
            result: e.result ?? null,
            allowed: e.allowed,
            reason: e.reason ?? null,
            ...outcomeOf(e),
            revision: e.revision,
            bundle_sha256: e.bundle_sha256,
            latency_us: Math.round(e.latency_us),
          })),
        });
    // A plain insert first: a batch is new but for a resend after a lost ack, and
    // ON CONFLICT's speculative insertion costs Postgres ~13% more per row. A resend fails on
    // the primary key as a whole (one statement) and is then stored idempotently.
    try {
      await this.dataSource.query(insertDecisions(false), [agentId, param]);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      await this.dataSource.query(insertDecisions(true), [agentId, param]);
    }
    return batch.entries.length;
  }

  /**
   * A page of decisions, newest first, with `as_of`: the time (the database's clock, which stamps
   * `received_at`) up to which it counts what was received. Given back as `received_before`, it
   * holds later pages to the same decisions while agents keep logging.
   */
  async list(q: DecisionsQuery): Promise<Page<DecisionView> & { readonly as_of: string }> {
    const asOf = q.received_before ?? (await this.dataSource.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`))[0].now as string;
    const qb = this.dataSource.getRepository(DecisionLogRow).createQueryBuilder('d');
    if (q.received_before) qb.andWhere('d.received_at < :receivedBefore', { receivedBefore: q.received_before });
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
    return { ...page(rows.map(view), total, q), as_of: asOf };
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

/** The insert of a batch's entries (`$2`: the batch's JSON), idempotent by decision id or not. */
function insertDecisions(idempotent: boolean): string {
  return `INSERT INTO decision_logs (decision_id, agent_id, at, path, input, result, allowed, reason, outcome, reasons, revision, bundle_sha256, latency_us, received_at)
       SELECT e.decision_id, $1, e.timestamp, e.path, e.input, e.result, e.allowed, e.reason, e.outcome, COALESCE(e.reasons, '{}'), e.revision, e.bundle_sha256, e.latency_us, now()
       FROM jsonb_to_recordset($2::jsonb -> 'entries') AS e(decision_id uuid, timestamp timestamptz, path text, input jsonb, result jsonb, allowed boolean, reason text,
                                               outcome text, reasons text[], revision bigint, bundle_sha256 text, latency_us integer)${idempotent ? '\n       ON CONFLICT (decision_id) DO NOTHING' : ''}`;
}

/** Postgres's unique_violation (23505), as the driver or TypeORM's QueryFailedError carries it. */
function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  return x?.code === '23505' || x?.driverError?.code === '23505';
}
