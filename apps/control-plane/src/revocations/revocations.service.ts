import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import type { Page } from '../common/pagination';
import { ExpiringRecords, expiringView, type ExpiringRecordKind, type ExpiringView, type Written } from '../expiry/expiring-records';
import { revocationRecord } from '../publishing/enforced-state';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import type { CreateRevocationDto, RevocationQuery } from './dto/revocation.dto';
import { RevocationRow } from './revocation.entity';

export interface RevocationView extends ExpiringView {
  readonly id: string;
  readonly kind: string;
  readonly value: string;
  readonly reason: string | null;
}

/** Revocations as expiring records: agents apply them as `revocation` entries. */
export const REVOCATION_RECORDS: ExpiringRecordKind<RevocationRow, RevocationView> = {
  entity: RevocationRow,
  logKind: 'revocation',
  resource: 'revocation',
  record: revocationRecord,
  view,
  notFound,
};

/** Revocations by (kind, value). Revoking again updates reason and expiry. Each write is one revision. */
@Injectable()
export class RevocationsService {
  private readonly records: ExpiringRecords<RevocationRow, RevocationView>;

  constructor(dataSource: DataSource, revisions: RevisionsService) {
    this.records = new ExpiringRecords(dataSource, revisions, REVOCATION_RECORDS);
  }

  list(q: RevocationQuery): Promise<Page<RevocationView>> {
    return this.records.list({ kind: q.kind, value: q.value }, { createdAt: 'DESC' }, q);
  }

  get(id: string): Promise<RevocationView> {
    return this.records.get(id);
  }

  revoke(actor: string, dto: CreateRevocationDto) {
    return this.records.write(actor, (change) => this.revokeIn(change, dto));
  }

  /** The revocation write inside a caller's change (containment rules record their action in the same revision). */
  async revokeIn(change: ChangeContext, dto: CreateRevocationDto): Promise<Written<RevocationRow, RevocationView>> {
    const expiresAt = parseExpiry(dto.expiresAt, 'expiresAt', change.now);
    return this.records.putIn(change, { kind: dto.kind, value: dto.value }, { reason: dto.reason ?? null, expiresAt });
  }

  /** Lifts a revocation. */
  lift(actor: string, id: string) {
    return this.records.remove(actor, id);
  }

  /** Lifts a revocation inside a caller's change. */
  liftIn(change: ChangeContext, id: string): Promise<void> {
    return this.records.removeIn(change, id);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('REVOCATION_NOT_FOUND', `no revocation with id ${id}`);
}

export function view(r: RevocationRow): RevocationView {
  return { id: r.id, kind: r.kind, value: r.value, reason: r.reason, ...expiringView(r) };
}
