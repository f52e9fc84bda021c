import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type DeepPartial, type FindOptionsOrder, type FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import type { ExpiringRow } from '../database/revisioned-row';
import type { ChangeContext } from '../revisions/change-context';
import type { RevisionKind } from '../revisions/revision-log.entity';
import type { RevisionsService } from '../revisions/revisions.service';

/**
 * One kind of expiring record (revocations, role bindings, signals): its table, how agents
 * receive it, the names its log entries and audit events go by (`<resource>:<id>`,
 * `<resource>.create|update|delete|expire`), and its API view.
 */
export interface ExpiringRecordKind<Row extends ExpiringRow, View> {
  readonly entity: new () => Row;
  /** The revision-log kind agents apply it as. */
  readonly logKind: RevisionKind;
  readonly resource: string;
  /** The record agents receive in a log entry's `put`. */
  record(row: Row): unknown;
  view(row: Row): View;
  notFound(id: string): NotFoundError;
}

/** The part of every expiring record's API view that the lifecycle owns. */
export interface ExpiringView {
  readonly expiresAt: string | null;
  /** `active`, or `expired` once its expiry became a revision. */
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export function expiringView(r: ExpiringRow): ExpiringView {
  return {
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
    status: r.expiredRevision === null ? 'active' : 'expired',
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}

/** A record a change wrote: the row, its view, and whether the write created it. */
export interface Written<Row, View> {
  readonly row: Row;
  readonly view: View;
  readonly created: boolean;
}

/**
 * The lifecycle the expiring records share. Each is identified by a few columns (a revocation
 * by kind and value, a role binding by subject, role and scope, ...); writing that identity
 * again rewrites the record in place (same id, expiry lifted or moved, alive again if it had
 * expired). Every write, removal and expiry is one revision: the row, the revision-log entry
 * agents receive and the audit events commit together (see RevisionsService.commit).
 */
export class ExpiringRecords<Row extends ExpiringRow, View> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    readonly kind: ExpiringRecordKind<Row, View>,
  ) {}

  get table(): string {
    return this.dataSource.getMetadata(this.kind.entity).tableName;
  }

  /** A page of views; filters left undefined do not filter. */
  async list(filters: { readonly [K in keyof Row]?: FindOptionsWhere<Row>[K] }, order: FindOptionsOrder<Row>, q: PageQuery): Promise<Page<View>> {
    const where = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as FindOptionsWhere<Row>;
    const [rows, total] = await this.dataSource.getRepository(this.kind.entity).findAndCount({ where, order, take: q.limit, skip: q.offset });
    return page(rows.map((r) => this.kind.view(r)), total, q);
  }

  async get(id: string): Promise<View> {
    const row = await this.dataSource.getRepository(this.kind.entity).findOneBy(byId<Row>(id));
    if (!row) throw this.kind.notFound(id);
    return this.kind.view(row);
  }

  /** Runs `work` as one revision; answers with the written record's view, the revision and whether it is new. */
  async write(actor: string, work: (change: ChangeContext) => Promise<Written<Row, View>>): Promise<View & { revision: number; created: boolean }> {
    const { result, revision } = await this.revisions.commit(actor, work);
    return { ...result.view, revision, created: result.created };
  }

  /** Removes a record as one revision. */
  async remove(actor: string, id: string): Promise<{ id: string; deleted: true; revision: number }> {
    const { revision } = await this.revisions.commit(actor, (change) => this.removeIn(change, id));
    return { id, deleted: true, revision };
  }

  /**
   * Creates the record of `identity` or rewrites the existing one with `fields` (its id and
   * creation stamp stay unless `fields` sets them), inside the caller's change, and audits
   * it. The caller logs what agents receive (`logPut`), once per change.
   */
  async upsertIn(change: ChangeContext, identity: Partial<Row>, fields: Partial<Row>): Promise<Written<Row, View>> {
    const { entity, resource, view } = this.kind;
    const where = Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, v === null ? IsNull() : v])) as FindOptionsWhere<Row>;
    const existing = await change.em.findOneBy(entity, where);
    const row = change.em.create(entity, {
      id: existing?.id ?? randomUUID(),
      createdAt: existing?.createdAt ?? change.now,
      createdBy: existing?.createdBy ?? change.actor,
      ...identity,
      ...fields,
      expiredRevision: null,
      revision: change.revision,
    } as DeepPartial<Row>);
    // insert/update rather than save(): save would read the row again to decide.
    if (existing) await change.em.update(entity, byId<Row>(row.id), { ...fields, expiredRevision: null, revision: change.revision } as QueryDeepPartialEntity<Row>);
    else await change.em.insert(entity, row as QueryDeepPartialEntity<Row>);
    change.audit(existing ? `${resource}.update` : `${resource}.create`, `${resource}:${row.id}`, existing ? view(existing) : null, view(row));
    return { row, view: view(row), created: !existing };
  }

  /** `upsertIn` for a change that writes this one record: also logs it as the change's revision. */
  async putIn(change: ChangeContext, identity: Partial<Row>, fields: Partial<Row>): Promise<Written<Row, View>> {
    const written = await this.upsertIn(change, identity, fields);
    this.logPut(change, [written.row]);
    return written;
  }

  /** Logs the records a change wrote as its revision: one `<resource>:<id>`, or several `<resource>s:<count>`. */
  logPut(change: ChangeContext, rows: readonly Row[]): void {
    const { logKind, resource, record } = this.kind;
    change.log(logKind, rows.length === 1 ? `${resource}:${rows[0].id}` : `${resource}s:${rows.length}`, { put: rows.map((r) => record(r)), delete: [] });
  }

  /** Removes a record inside the caller's change: logged as a delete agents apply, and audited. */
  async removeIn(change: ChangeContext, id: string): Promise<void> {
    const { entity, logKind, resource, view } = this.kind;
    const row = await change.em.findOneBy(entity, byId<Row>(id));
    if (!row) throw this.kind.notFound(id);
    await change.em.delete(entity, byId<Row>(id));
    change.log(logKind, `${resource}:${id}`, { put: [], delete: [id] });
    change.audit(`${resource}.delete`, `${resource}:${id}`, view(row), null);
  }

  /** Ids of records whose expiry is due and not yet announced, soonest first. */
  async due(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM ${this.table} WHERE expires_at <= now() AND expired_revision IS NULL ORDER BY expires_at LIMIT ${limit}`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Announces one due expiry as its own revision: marks the row (`expired_revision`) and
   * logs a delete agents apply. The row is re-checked under the revision lock, so each
   * expiry is announced exactly once: returns false, using no revision, when another
   * replica or a write got there first (or holds the row: `SKIP LOCKED`; a later pass
   * picks it up).
   */
  async expire(actor: string, id: string): Promise<boolean> {
    const { logKind, resource } = this.kind;
    const table = this.table;
    try {
      await this.revisions.commit(actor, async (change) => {
        const rows: Record<string, unknown>[] = await change.em.query(
          `SELECT * FROM ${table} WHERE id = $1 AND expires_at <= now() AND expired_revision IS NULL FOR UPDATE SKIP LOCKED`,
          [id],
        );
        if (rows.length === 0) throw new NothingToExpire();
        await change.em.query(`UPDATE ${table} SET expired_revision = $1 WHERE id = $2`, [change.revision, id]);
        change.log(logKind, `${resource}:${id}`, { put: [], delete: [id] });
        change.audit(`${resource}.expire`, `${resource}:${id}`, rows[0], { ...rows[0], expired_revision: change.revision });
      });
      return true;
    } catch (e) {
      if (e instanceof NothingToExpire) return false;
      throw e;
    }
  }
}

function byId<Row extends ExpiringRow>(id: string): FindOptionsWhere<Row> {
  return { id } as FindOptionsWhere<Row>;
}

/** Rolls back an expiry transaction that found its row already handled: no revision is used. */
class NothingToExpire extends Error {}
