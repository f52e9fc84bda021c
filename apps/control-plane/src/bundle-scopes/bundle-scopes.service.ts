import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidRequestError } from '../common/domain-error';
import { Publisher, scopeNotFound, scopeView } from '../publishing/publisher.service';
import { BundleScopeRow } from './bundle-scope.entity';
import type { PutBundleScopeDto } from './dto/bundle-scope.dto';
import { DEFAULT_SCOPE, orderScopes, scopeOf, SHARED_SCOPE } from './scope-selector';

const LABEL_KEY = /^[A-Za-z0-9._/-]{1,128}$/;

export interface BundleScopeView {
  readonly name: string;
  readonly services: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Null for `default`, which takes every agent no other scope selects. */
  readonly priority: number | null;
  readonly description: string | null;
  /** Revision of the scope's last change (0 for `default`). */
  readonly revision: number;
  /** The scope's own policies (shared ones, `*`, are in every scope's bundle too). */
  readonly policies: readonly string[];
  /** Its latest bundle, null before one was built. */
  readonly bundle: { readonly revision: number; readonly sha256: string } | null;
  /** Registered agents it selects now. */
  readonly agents: number;
}

/** Reads bundle scopes with what they hold; writes go through the Publisher (they are revisions). */
@Injectable()
export class BundleScopesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
  ) {}

  async list(): Promise<{ items: BundleScopeView[]; total: number; shared: readonly string[] }> {
    const rows = await this.dataSource.getRepository(BundleScopeRow).find();
    const policies: { id: string; scope: string }[] = await this.dataSource.query('SELECT id, bundle_scope AS scope FROM policies WHERE current_version IS NOT NULL ORDER BY id');
    const bundles: { scope: string; revision: string; sha256: string }[] = await this.dataSource.query('SELECT DISTINCT ON (scope) scope, revision, sha256 FROM bundles ORDER BY scope, revision DESC');
    const agents: { service: string; labels: Record<string, string> }[] = await this.dataSource.query('SELECT service, labels FROM agents');
    const ordered = orderScopes(rows);
    const counts = new Map<string, number>();
    for (const a of agents) {
      const s = scopeOf(a, ordered);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const byName = new Map(rows.map((r) => [r.name, r]));
    const view = (name: string): BundleScopeView => {
      const row = byName.get(name);
      const b = bundles.find((x) => x.scope === name);
      return {
        name,
        services: row?.services ?? [],
        labels: row?.labels ?? {},
        priority: row ? row.priority : null,
        description: row ? row.description : 'every agent no other scope selects',
        revision: row?.revision ?? 0,
        policies: policies.filter((p) => p.scope === name).map((p) => p.id),
        bundle: b ? { revision: Number(b.revision), sha256: b.sha256 } : null,
        agents: counts.get(name) ?? 0,
      };
    };
    const items = [...ordered.map((s) => view(s.name)), view(DEFAULT_SCOPE)];
    return { items, total: items.length, shared: policies.filter((p) => p.scope === SHARED_SCOPE).map((p) => p.id) };
  }

  async get(name: string): Promise<BundleScopeView> {
    const found = (await this.list()).items.find((s) => s.name === name);
    if (!found) throw scopeNotFound(name);
    return found;
  }

  async put(actor: string, name: string, dto: PutBundleScopeDto) {
    if (name === DEFAULT_SCOPE) throw new InvalidRequestError('BUNDLE_SCOPE_RESERVED', 'name: default is built in (it takes every agent no other scope selects) and has no selector to change');
    const labels = dto.labels ?? {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string' || v.length > 256 || !LABEL_KEY.test(k)) throw new InvalidRequestError('VALIDATION_FAILED', `labels.${k}: keys are 1-128 of [A-Za-z0-9._/-] and values are strings of at most 256`);
    }
    const scope = { name, services: [...new Set(dto.services ?? [])].sort(), labels, priority: dto.priority ?? 0, description: dto.description ?? null };
    const out = await this.publisher.changeScope(actor, { kind: 'put', scope, expectedRevision: dto.expectedRevision });
    const row = await this.dataSource.getRepository(BundleScopeRow).findOneByOrFail({ name });
    return { ...out, scope: scopeView(row) };
  }

  async remove(actor: string, name: string) {
    if (name === DEFAULT_SCOPE) throw new InvalidRequestError('BUNDLE_SCOPE_RESERVED', 'name: default is built in and cannot be deleted');
    const out = await this.publisher.changeScope(actor, { kind: 'delete', name });
    return { name, deleted: true, ...out };
  }
}
