import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { insertAuditEvents } from '../audit/audit-writer';
import { NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import type { VigilConfig } from '../config/config';
import { VIGIL_CONFIG } from '../config/config.module';
import { ApiKeyRow } from './api-key.entity';
import { hashToken, newToken } from './api-key-tokens';
import type { Principal, Scope } from './principal';

/** An API key as the API shows it (never the hash). */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
}

/** Arbitrary constant: serializes the first-start bootstrap across replicas. */
const BOOTSTRAP_LOCK_KEY = 0x5649_4732;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  /** The principal behind a bearer token, or null when the token is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    const row = await this.dataSource.getRepository(ApiKeyRow).findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!row) return null;
    return { keyId: row.id, name: row.name, scopes: row.scopes as Scope[], actor: `api-key:${row.name}` };
  }

  async create(actor: string, name: string, scopes: readonly Scope[]): Promise<{ key: ApiKeyView; token: string }> {
    const token = newToken('vgk');
    const row = await this.dataSource.transaction(async (em) => {
      const created = em.create(ApiKeyRow, { id: randomUUID(), name, tokenHash: hashToken(token), scopes: [...scopes], createdAt: new Date(), createdBy: actor, revokedAt: null });
      await em.insert(ApiKeyRow, created);
      await insertAuditEvents(em, [{ actor, action: 'api_key.create', resource: `api_key:${created.id}`, revision: null, before: null, after: view(created), at: new Date() }]);
      return created;
    });
    return { key: view(row), token };
  }

  async list(q: PageQuery): Promise<Page<ApiKeyView>> {
    const [rows, total] = await this.dataSource.getRepository(ApiKeyRow).findAndCount({ order: { createdAt: 'ASC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  async revoke(actor: string, id: string): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (em) => {
      const row = await em.findOne(ApiKeyRow, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('API_KEY_NOT_FOUND', `no API key with id ${id}`);
      const before = view(row);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await em.update(ApiKeyRow, { id }, { revokedAt: row.revokedAt });
        await insertAuditEvents(em, [{ actor, action: 'api_key.revoke', resource: `api_key:${id}`, revision: null, before, after: view(row), at: new Date() }]);
      }
      return view(row);
    });
  }

  /**
   * First start with no API key: creates the admin key (VIGIL_ADMIN_KEY, or a random one
   * printed once). Replicas starting together serialize on an advisory lock, so exactly
   * one creates it. Returns the printed token, if one was generated.
   */
  async bootstrap(): Promise<string | null> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if ((await em.count(ApiKeyRow)) > 0) return null;
      const token = this.config.adminKey ?? newToken('vgk');
      const row = em.create(ApiKeyRow, { id: randomUUID(), name: 'bootstrap-admin', tokenHash: hashToken(token), scopes: ['admin'], createdAt: new Date(), createdBy: 'system:bootstrap', revokedAt: null });
      await em.insert(ApiKeyRow, row);
      await insertAuditEvents(em, [{ actor: 'system:bootstrap', action: 'api_key.create', resource: `api_key:${row.id}`, revision: null, before: null, after: view(row), at: new Date() }]);
      return this.config.adminKey ? null : token;
    });
  }
}

function view(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}
