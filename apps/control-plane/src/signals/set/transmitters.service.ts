import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { DataSource } from 'typeorm';
import { insertAuditEvents } from '../../audit/audit-writer';
import { ConflictError, NotFoundError, UnprocessableError } from '../../common/domain-error';
import type { CreateTransmitterDto } from './transmitter.dto';
import { SignalTransmitterRow } from './transmitter.entity';

export interface TransmitterView {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly audience: string | null;
  readonly jwksUri: string | null;
  readonly keys: number | null;
  readonly revokeSeconds: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * Configured Shared Signals transmitters and their key sets. A transmitter is not enforced
 * state (agents never see it), so its changes are audited but are not revisions. Remote
 * key sets are jose's `createRemoteJWKSet` (fetched on first use, cached, refetched on an
 * unknown kid), one per transmitter row.
 */
@Injectable()
export class TransmittersService {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<TransmitterView[]> {
    return (await this.dataSource.getRepository(SignalTransmitterRow).find({ order: { name: 'ASC' } })).map(transmitterView);
  }

  async create(actor: string, dto: CreateTransmitterDto): Promise<TransmitterView> {
    if (!!dto.jwks === !!dto.jwksUri) throw new UnprocessableError('TRANSMITTER_KEYS', 'give exactly one of jwks (static keys) or jwksUri (fetched keys)');
    if (dto.jwks) {
      const keys = (dto.jwks as { keys?: unknown }).keys;
      if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => !k || typeof k !== 'object' || typeof (k as { kty?: unknown }).kty !== 'string')) {
        throw new UnprocessableError('TRANSMITTER_KEYS', 'jwks.keys must be a non-empty list of JWKs (each with kty)');
      }
      try {
        createLocalJWKSet(dto.jwks as never);
      } catch (e) {
        throw new UnprocessableError('TRANSMITTER_KEYS', `jwks: ${(e as Error).message}`);
      }
    }
    return this.dataSource.transaction(async (em) => {
      const clash = await em.findOne(SignalTransmitterRow, { where: [{ name: dto.name }, { issuer: dto.issuer }] });
      if (clash) throw new ConflictError('TRANSMITTER_EXISTS', `a transmitter named ${clash.name} with issuer ${clash.issuer} exists`);
      const row = em.create(SignalTransmitterRow, {
        id: randomUUID(),
        name: dto.name,
        issuer: dto.issuer,
        audience: dto.audience ?? null,
        jwks: dto.jwks ?? null,
        jwksUri: dto.jwksUri ?? null,
        revokeSeconds: dto.revokeSeconds ?? 900,
        enabled: true,
        createdAt: new Date(),
        createdBy: actor,
      });
      await em.save(SignalTransmitterRow, row);
      await insertAuditEvents(em, [{ actor, action: 'transmitter.create', resource: `transmitter:${row.id}`, revision: null, before: null, after: transmitterView(row), at: row.createdAt }]);
      return transmitterView(row);
    });
  }

  async remove(actor: string, id: string): Promise<{ id: string; deleted: true }> {
    await this.dataSource.transaction(async (em) => {
      const row = await em.findOneBy(SignalTransmitterRow, { id });
      if (!row) throw new NotFoundError('TRANSMITTER_NOT_FOUND', `no transmitter with id ${id}`);
      await em.delete(SignalTransmitterRow, { id });
      await insertAuditEvents(em, [{ actor, action: 'transmitter.delete', resource: `transmitter:${id}`, revision: null, before: transmitterView(row), after: null, at: new Date() }]);
    });
    this.keySets.delete(id);
    return { id, deleted: true };
  }

  async byIssuer(issuer: string): Promise<SignalTransmitterRow | null> {
    return this.dataSource.getRepository(SignalTransmitterRow).findOneBy({ issuer, enabled: true });
  }

  /** The transmitter's key set (static, or fetched from its jwks_uri and cached). */
  keySet(t: SignalTransmitterRow): JWTVerifyGetKey {
    let ks = this.keySets.get(t.id);
    if (!ks) {
      ks = t.jwks ? createLocalJWKSet(t.jwks as never) : createRemoteJWKSet(new URL(t.jwksUri!), { timeoutDuration: 5000, cooldownDuration: 30_000 });
      this.keySets.set(t.id, ks);
    }
    return ks;
  }
}

export function transmitterView(t: SignalTransmitterRow): TransmitterView {
  return {
    id: t.id,
    name: t.name,
    issuer: t.issuer,
    audience: t.audience,
    jwksUri: t.jwksUri,
    keys: t.jwks ? t.jwks.keys.length : null,
    revokeSeconds: t.revokeSeconds,
    enabled: t.enabled,
    createdAt: t.createdAt.toISOString(),
    createdBy: t.createdBy,
  };
}
