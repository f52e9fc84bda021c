import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidRequestError, NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import type { Page } from '../common/pagination';
import { ExpiringRecords, expiringView, type ExpiringRecordKind, type ExpiringView, type Written } from '../expiry/expiring-records';
import { roleBindingRecord } from '../publishing/enforced-state';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import type { RoleBindingDto, RoleBindingQuery } from './dto/role-binding.dto';
import { RoleBindingRow } from './role-binding.entity';

export interface RoleBindingView extends ExpiringView {
  readonly id: string;
  readonly subject: string;
  readonly role: string;
  readonly scope: string | null;
  readonly updatedAt: string;
}

/** Role bindings as expiring records: agents apply them as `role_binding_delta` entries. */
export const ROLE_BINDING_RECORDS: ExpiringRecordKind<RoleBindingRow, RoleBindingView> = {
  entity: RoleBindingRow,
  logKind: 'role_binding_delta',
  resource: 'role_binding',
  record: roleBindingRecord,
  view,
  notFound,
};

/**
 * Role bindings, identified by (subject, role, scope). An upsert of an existing identity
 * updates its expiry (and revives it if it had expired). Every write is one revision.
 */
@Injectable()
export class RoleBindingsService {
  private readonly records: ExpiringRecords<RoleBindingRow, RoleBindingView>;

  constructor(
    dataSource: DataSource,
    private readonly revisions: RevisionsService,
  ) {
    this.records = new ExpiringRecords(dataSource, revisions, ROLE_BINDING_RECORDS);
  }

  list(q: RoleBindingQuery): Promise<Page<RoleBindingView>> {
    return this.records.list({ subject: q.subject, role: q.role, scope: q.scope }, { subject: 'ASC', role: 'ASC', createdAt: 'ASC' }, q);
  }

  get(id: string): Promise<RoleBindingView> {
    return this.records.get(id);
  }

  upsert(actor: string, dto: RoleBindingDto): Promise<RoleBindingView & { revision: number; created: boolean }> {
    return this.records.write(actor, async (change) => {
      const [written] = await this.upsertAll(change, [dto]);
      return written;
    });
  }

  /** Many bindings in one transaction and one revision: all or none. */
  async bulkUpsert(actor: string, dtos: readonly RoleBindingDto[]) {
    const seen = new Set<string>();
    dtos.forEach((d, i) => {
      const key = JSON.stringify([d.subject, d.role, d.scope ?? null]);
      if (seen.has(key)) throw new InvalidRequestError('DUPLICATE_BINDING', `bindings[${i}]: repeats subject/role/scope of an earlier entry`);
      seen.add(key);
    });
    const { result, revision } = await this.revisions.commit(actor, (change) => this.upsertAll(change, dtos));
    return { revision, items: result.map((r) => ({ ...r.view, revision, created: r.created })) };
  }

  remove(actor: string, id: string) {
    return this.records.remove(actor, id);
  }

  /** Writes every binding, then logs them all as this change's one delta. */
  private async upsertAll(change: ChangeContext, dtos: readonly RoleBindingDto[]): Promise<Written<RoleBindingRow, RoleBindingView>[]> {
    const written: Written<RoleBindingRow, RoleBindingView>[] = [];
    for (const [i, dto] of dtos.entries()) {
      const expiresAt = parseExpiry(dto.expiresAt, dtos.length > 1 ? `bindings[${i}].expiresAt` : 'expiresAt', change.now);
      written.push(await this.records.upsertIn(change, { subject: dto.subject, role: dto.role, scope: dto.scope ?? null }, { expiresAt, updatedAt: change.now }));
    }
    this.records.logPut(change, written.map((w) => w.row));
    return written;
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('ROLE_BINDING_NOT_FOUND', `no role binding with id ${id}`);
}

export function view(r: RoleBindingRow): RoleBindingView {
  return { id: r.id, subject: r.subject, role: r.role, scope: r.scope, ...expiringView(r), updatedAt: r.updatedAt.toISOString() };
}
