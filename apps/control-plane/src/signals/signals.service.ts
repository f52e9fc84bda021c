import { Injectable } from '@nestjs/common';
import type { RiskTarget, Signal } from '@vigil/contracts';
import { DataSource, IsNull } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import type { Page } from '../common/pagination';
import { ExpiringRecords, expiringView, type ExpiringRecordKind, type ExpiringView, type Written } from '../expiry/expiring-records';
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

export interface SignalView extends ExpiringView {
  readonly id: string;
  readonly target: RiskTarget;
  readonly value: string;
  readonly name: string;
  readonly level: number;
  readonly reason: string | null;
  readonly source: string;
  readonly attributes: Record<string, unknown> | null;
}

/** Signals as expiring records: agents apply them as `signal` entries. */
export const SIGNAL_RECORDS: ExpiringRecordKind<SignalRow, SignalView> = {
  entity: SignalRow,
  logKind: 'signal',
  resource: 'signal',
  record: signalRecord,
  view: signalView,
  notFound,
};

/**
 * Signals by (target, value, name): each write is one revision that reaches every agent
 * like a revocation (a `signal` event), where policies see it in input.vigil.
 */
@Injectable()
export class SignalsService {
  private readonly records: ExpiringRecords<SignalRow, SignalView>;

  constructor(dataSource: DataSource, revisions: RevisionsService) {
    this.records = new ExpiringRecords(dataSource, revisions, SIGNAL_RECORDS);
  }

  list(q: SignalQuery): Promise<Page<SignalView>> {
    return this.records.list({ expiredRevision: IsNull(), target: q.target, value: q.value }, { createdAt: 'DESC' }, q);
  }

  get(id: string): Promise<SignalView> {
    return this.records.get(id);
  }

  put(actor: string, input: SignalInput) {
    return this.records.write(actor, (change) => this.putIn(change, input));
  }

  /** Writes a signal inside the caller's change (which logs it as this revision's event). */
  async putIn(change: ChangeContext, input: SignalInput): Promise<Written<SignalRow, SignalView>> {
    const expiresAt = parseExpiry(input.expiresAt ?? undefined, 'expiresAt', change.now);
    return this.records.putIn(
      change,
      { target: input.target, value: input.value, name: input.name },
      {
        level: input.level,
        reason: input.reason ?? null,
        source: input.source ?? `api:${change.actor}`,
        attributes: input.attributes ?? null,
        expiresAt,
        // Said again, a signal is new: it takes this change's time and actor (lists show the newest first).
        createdAt: change.now,
        createdBy: change.actor,
      },
    );
  }

  lift(actor: string, id: string) {
    return this.records.remove(actor, id);
  }

  liftIn(change: ChangeContext, id: string): Promise<void> {
    return this.records.removeIn(change, id);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('SIGNAL_NOT_FOUND', `no signal with id ${id}`);
}

export function signalRecord(r: SignalRow): Signal {
  return { id: r.id, target: r.target, value: r.value, name: r.name, level: r.level, reason: r.reason, source: r.source, attributes: r.attributes, expires_at: r.expiresAt ? r.expiresAt.toISOString() : null };
}

export function signalView(r: SignalRow): SignalView {
  return { id: r.id, target: r.target, value: r.value, name: r.name, level: r.level, reason: r.reason, source: r.source, attributes: r.attributes, ...expiringView(r) };
}
