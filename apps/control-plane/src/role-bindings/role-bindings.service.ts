import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { InvalidRequestError, NotFoundError } from '../common/domain-error';
import { parseExpiry } from '../common/expiry';
import { page, type Page } from '../common/pagination';
import { roleBindingRecord } from '../publishing/enforced-state';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import type { RoleBindingDto, RoleBindingQuery } from './dto/role-binding.dto';
import { RoleBindingRow } from './role-binding.entity';

export interface RoleBindingView {
  readonly id: string;
  readonly subject: string;
  readonly role: string;
  readonly scope: string | null;
  readonly expiresAt: string | null;
  /** `active`, or `expired` once its expiry became a revision. */
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/**
 * Role bindings, identified by (subject, role, scope). An upsert of an existing identity
 * updates its expiry (and revives it if it had expired). Every write is one revision.
 */
@Injectable()
export class RoleBindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
  ) {}

  async list(q: RoleBindingQuery): Promise<Page<RoleBindingView>> {
    const where: FindOptionsWhere<RoleBindingRow> = {};
    if (q.subject !== undefined) where.subject = q.subject;
    if (q.role !== undefined) where.role = q.role;
    if (q.scope !== undefined) where.scope = q.scope;
    const [rows, total] = await this.dataSource
      .getRepository(RoleBindingRow)
      .findAndCount({ where, order: { subject: 'ASC', role: 'ASC', createdAt: 'ASC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  async get(id: string): Promise<RoleBindingView> {
    const row = await this.dataSource.getRepository(RoleBindingRow).findOneBy({ id });
    if (!row) throw notFound(id);
    return view(row);
  }

  async upsert(actor: string, dto: RoleBindingDto): Promise<RoleBindingView & { created: boolean }> {
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      const [written] = await this.upsertAll(change, [dto]);
      return written;
    });
    return { ...result.view, revision, created: result.created };
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

  async remove(actor: string, id: string) {
    const { revision } = await this.revisions.commit(actor, async (change) => {
      const row = await change.em.findOneBy(RoleBindingRow, { id });
      if (!row) throw notFound(id);
      await change.em.delete(RoleBindingRow, { id });
      change.log('role_binding_delta', `role_binding:${id}`, { put: [], delete: [id] });
      change.audit('role_binding.delete', `role_binding:${id}`, view(row), null);
    });
    return { id, deleted: true, revision };
  }

  private async upsertAll(change: ChangeContext, dtos: readonly RoleBindingDto[]) {
    const written: { view: RoleBindingView; created: boolean }[] = [];
    const records: RoleBindingRow[] = [];
    for (const [i, dto] of dtos.entries()) {
      const expiresAt = parseExpiry(dto.expiresAt, dtos.length > 1 ? `bindings[${i}].expiresAt` : 'expiresAt', change.now);
      const scope = dto.scope ?? null;
      const existing = await change.em.findOneBy(RoleBindingRow, { subject: dto.subject, role: dto.role, scope: scope ?? IsNull() });
      const row = change.em.create(RoleBindingRow, {
        id: existing?.id ?? randomUUID(),
        subject: dto.subject,
        role: dto.role,
        scope,
        expiresAt,
        expiredRevision: null,
        revision: change.revision,
        createdAt: existing?.createdAt ?? change.now,
        createdBy: existing?.createdBy ?? change.actor,
        updatedAt: change.now,
      });
      // insert/update rather than save(): save would read the row again to decide.
      if (existing) await change.em.update(RoleBindingRow, { id: row.id }, { expiresAt, expiredRevision: null, revision: change.revision, updatedAt: change.now });
      else await change.em.insert(RoleBindingRow, row);
      change.audit(existing ? 'role_binding.update' : 'role_binding.create', `role_binding:${row.id}`, existing ? view(existing) : null, view(row));
      written.push({ view: view(row), created: !existing });
      records.push(row);
    }
    const resource = dtos.length === 1 ? `role_binding:${written[0].view.id}` : `role_bindings:${dtos.length}`;
    change.log('role_binding_delta', resource, { put: records.map(roleBindingRecord), delete: [] });
    return written;
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('ROLE_BINDING_NOT_FOUND', `no role binding with id ${id}`);
}

export function view(r: RoleBindingRow): RoleBindingView {
  return {
    id: r.id,
    subject: r.subject,
    role: r.role,
    scope: r.scope,
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
    status: r.expiredRevision === null ? 'active' : 'expired',
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}
