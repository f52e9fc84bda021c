import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RiskTarget, Signal } from '@vigil/contracts';
import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import { page, type Page } from '../common/pagination';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import type { SignalQuery } from './dto/signal.dto';
import { SignalRow } from './signal.entity';

/** A signal to record, from the API, a security event token or a containment rule. */
export interface SignalInput {
  readonly target: RiskTarget;
  readonly value: string;
  readonly name: string;
  readonly level: number;
  readonly reason?: string | null;
  readonly attributes?: Record<string, unknown> | null;
  /** ISO time (validated against the change's clock) or null for none. */
  readonly expiresAt?: string | null;
  /** Who said so; defaults to `api:<actor>`. */
  readonly source?: string;
}

export interface SignalView {
  readonly id: string;
  readonly target: RiskTarget;
  readonly value: string;
  readonly name: string;
  readonly level: number;
  readonly reason: string | null;
  readonly source: string;
  readonly attributes: Record<string, unknown> | null;
  readonly expiresAt: string | null;
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * Signals by (target, value, name): each write is one revision that reaches every agent
 * like a revocation (a `signal` event), where policies see it in input.vigil.
 */
@Injectable()
export class SignalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
  ) {}

  async list(q: SignalQuery): Promise<Page<SignalView>> {
    const where: FindOptionsWhere<SignalRow> = { expiredRevision: IsNull() };
    if (q.target !== undefined) where.target = q.target;
    if (q.value !== undefined) where.value = q.value;
    const [rows, total] = await this.dataSource.getRepository(SignalRow).findAndCount({ where, order: { createdAt: 'DESC' }, take: q.limit, skip: q.offset });
    return page(rows.map(signalView), total, q);
  }

  async get(id: string): Promise<SignalView> {
    const row = await this.dataSource.getRepository(SignalRow).findOneBy({ id });
    if (!row) throw notFound(id);
    return signalView(row);
  }

  async put(actor: string, input: SignalInput) {
    const { result, revision } = await this.revisions.commit(actor, (change) => this.putIn(change, input));
    return { ...result.view, revision, created: result.created };
  }

  /** Writes a signal inside the caller's change (which logs it as this revision's event). */
  async putIn(change: ChangeContext, input: SignalInput): Promise<{ view: SignalView; created: boolean }> {
    const expiresAt = parseExpiry(input.expiresAt ?? undefined, 'expiresAt', change.now);
    const existing = await change.em.findOneBy(SignalRow, { target: input.target, value: input.value, name: input.name });
    const row = change.em.create(SignalRow, {
      id: existing?.id ?? randomUUID(),
      target: input.target,
      value: input.value,
      name: input.name,
      level: input.level,
      reason: input.reason ?? null,
      source: input.source ?? `api:${change.actor}`,
      attributes: input.attributes ?? null,
      expiresAt,
      expiredRevision: null,
      revision: change.revision,
      createdAt: change.now,
      createdBy: change.actor,
    });
    await change.em.save(SignalRow, row);
    change.log('signal', `signal:${row.id}`, { put: [signalRecord(row)], delete: [] });
    change.audit(existing ? 'signal.update' : 'signal.create', `signal:${row.id}`, existing ? signalView(existing) : null, signalView(row));
    return { view: signalView(row), created: !existing };
  }

  async lift(actor: string, id: string) {
    const { revision } = await this.revisions.commit(actor, (change) => this.liftIn(change, id));
    return { id, deleted: true, revision };
  }

  async liftIn(change: ChangeContext, id: string): Promise<void> {
    const row = await change.em.findOneBy(SignalRow, { id });
    if (!row) throw notFound(id);
    await change.em.delete(SignalRow, { id });
    change.log('signal', `signal:${id}`, { put: [], delete: [id] });
    change.audit('signal.delete', `signal:${id}`, signalView(row), null);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('SIGNAL_NOT_FOUND', `no signal with id ${id}`);
}

export function signalRecord(r: SignalRow): Signal {
  return { id: r.id, target: r.target, value: r.value, name: r.name, level: r.level, reason: r.reason, source: r.source, attributes: r.attributes, expires_at: r.expiresAt ? r.expiresAt.toISOString() : null };
}

export function signalView(r: SignalRow): SignalView {
  return {
    id: r.id,
    target: r.target,
    value: r.value,
    name: r.name,
    level: r.level,
    reason: r.reason,
    source: r.source,
    attributes: r.attributes,
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
    status: r.expiredRevision === null ? 'active' : 'expired',
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}
