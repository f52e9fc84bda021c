import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import { page, type Page } from '../common/pagination';
import { revocationRecord } from '../publishing/enforced-state';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import type { CreateRevocationDto, RevocationQuery } from './dto/revocation.dto';
import { RevocationRow } from './revocation.entity';

export interface RevocationView {
  readonly id: string;
  readonly kind: string;
  readonly value: string;
  readonly reason: string | null;
  readonly expiresAt: string | null;
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** Revocations by (kind, value). Revoking again updates reason and expiry. Each write is one revision. */
@Injectable()
export class RevocationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
  ) {}

  async list(q: RevocationQuery): Promise<Page<RevocationView>> {
    const where: FindOptionsWhere<RevocationRow> = {};
    if (q.kind !== undefined) where.kind = q.kind;
    if (q.value !== undefined) where.value = q.value;
    const [rows, total] = await this.dataSource.getRepository(RevocationRow).findAndCount({ where, order: { createdAt: 'DESC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  async get(id: string): Promise<RevocationView> {
    const row = await this.dataSource.getRepository(RevocationRow).findOneBy({ id });
    if (!row) throw notFound(id);
    return view(row);
  }

  async revoke(actor: string, dto: CreateRevocationDto) {
    const { result, revision } = await this.revisions.commit(actor, (change) => this.revokeIn(change, dto));
    return { ...result.view, revision, created: result.created };
  }

  /** The revocation write inside a caller's change (containment rules record their action in the same revision). */
  async revokeIn(change: ChangeContext, dto: CreateRevocationDto): Promise<{ view: RevocationView; created: boolean }> {
    const expiresAt = parseExpiry(dto.expiresAt, 'expiresAt', change.now);
    const existing = await change.em.findOneBy(RevocationRow, { kind: dto.kind, value: dto.value });
    const row = change.em.create(RevocationRow, {
      id: existing?.id ?? randomUUID(),
      kind: dto.kind,
      value: dto.value,
      reason: dto.reason ?? null,
      expiresAt,
      expiredRevision: null,
      revision: change.revision,
      createdAt: existing?.createdAt ?? change.now,
      createdBy: existing?.createdBy ?? change.actor,
    });
    if (existing) await change.em.update(RevocationRow, { id: row.id }, { reason: row.reason, expiresAt, expiredRevision: null, revision: change.revision });
    else await change.em.insert(RevocationRow, row);
    change.log('revocation', `revocation:${row.id}`, { put: [revocationRecord(row)], delete: [] });
    change.audit(existing ? 'revocation.update' : 'revocation.create', `revocation:${row.id}`, existing ? view(existing) : null, view(row));
    return { view: view(row), created: !existing };
  }

  /** Lifts a revocation. */
  async lift(actor: string, id: string) {
    const { revision } = await this.revisions.commit(actor, (change) => this.liftIn(change, id));
    return { id, deleted: true, revision };
  }

  /** Lifts a revocation inside a caller's change. */
  async liftIn(change: ChangeContext, id: string): Promise<void> {
    const row = await change.em.findOneBy(RevocationRow, { id });
    if (!row) throw notFound(id);
    await change.em.delete(RevocationRow, { id });
    change.log('revocation', `revocation:${id}`, { put: [], delete: [id] });
    change.audit('revocation.delete', `revocation:${id}`, view(row), null);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('REVOCATION_NOT_FOUND', `no revocation with id ${id}`);
}

export function view(r: RevocationRow): RevocationView {
  return {
    id: r.id,
    kind: r.kind,
    value: r.value,
    reason: r.reason,
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
    status: r.expiredRevision === null ? 'active' : 'expired',
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}
