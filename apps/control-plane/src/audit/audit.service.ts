import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { page, type Page } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';
import type { AuditQuery } from './dto/audit-query.dto';

export interface AuditEventView {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly revision: number | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** Reads the audit trail. Events are written by the change that they describe, in its transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: AuditQuery): Promise<Page<AuditEventView>> {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (q.actor) qb.andWhere('e.actor = :actor', { actor: q.actor });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.resource?.endsWith(':')) qb.andWhere('starts_with(e.resource, :prefix)', { prefix: q.resource });
    else if (q.resource) qb.andWhere('e.resource = :resource', { resource: q.resource });
    if (q.since) qb.andWhere('e.at >= :since', { since: new Date(q.since) });
    if (q.until) qb.andWhere('e.at < :until', { until: new Date(q.until) });
    const [rows, total] = await qb.orderBy('e.id', 'DESC').take(q.limit).skip(q.offset).getManyAndCount();
    return page(
      rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, resource: r.resource, revision: r.revision, before: r.before, after: r.after })),
      total,
      q,
    );
  }
}
