import { Injectable } from '@nestjs/common';
import { DataSource, Not, IsNull } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import type { PolicyListQuery } from './dto/policy.dto';
import { unifiedDiff } from './line-diff';
import { Policy } from './policy.entity';
import { PolicyVersion } from './policy-version.entity';

export interface PolicyView {
  readonly id: string;
  readonly version: number;
  readonly source: string;
  readonly sha256: string;
  /** The bundle scope it is compiled into, or `*` (every scope's bundle). */
  readonly bundleScope: string;
  /** Revision of the policy's last change. */
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface PolicyVersionView {
  readonly id: string;
  readonly version: number;
  /** False for the version that records the policy's deletion. */
  readonly exists: boolean;
  readonly sha256: string | null;
  readonly message: string | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly source?: string | null;
}

/** Reads policies and their history. Writes go through the Publisher. */
@Injectable()
export class PoliciesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: PolicyListQuery): Promise<Page<Omit<PolicyView, 'source'>>> {
    const [rows, total] = await this.dataSource
      .getRepository(Policy)
      .findAndCount({ where: { currentVersion: Not(IsNull()), ...(q.bundleScope ? { bundleScope: q.bundleScope } : {}) }, order: { id: 'ASC' }, take: q.limit, skip: q.offset });
    const versions = rows.length
      ? await this.dataSource.getRepository(PolicyVersion).find({ where: rows.map((p) => ({ policyId: p.id, version: p.currentVersion! })) })
      : [];
    const byId = new Map(versions.map((v) => [v.policyId, v]));
    return page(
      rows.map((p) => {
        const { source: _source, ...rest } = policyView(p, byId.get(p.id)!);
        return rest;
      }),
      total,
      q,
    );
  }

  async get(id: string): Promise<PolicyView> {
    const p = await this.dataSource.getRepository(Policy).findOneBy({ id });
    if (!p || p.currentVersion === null) throw policyNotFound(id);
    return policyView(p, await this.versionRow(id, p.currentVersion));
  }

  async versions(id: string, q: PageQuery): Promise<Page<PolicyVersionView>> {
    await this.assertKnown(id);
    const [rows, total] = await this.dataSource
      .getRepository(PolicyVersion)
      .findAndCount({ where: { policyId: id }, order: { version: 'DESC' }, take: q.limit, skip: q.offset });
    return page(rows.map((v) => versionView(v)), total, q);
  }

  async version(id: string, version: number): Promise<PolicyVersionView> {
    await this.assertKnown(id);
    return versionView(await this.versionRow(id, version), true);
  }

  async diff(id: string, from: number, to: number) {
    await this.assertKnown(id);
    const [a, b] = await Promise.all([this.versionRow(id, from), this.versionRow(id, to)]);
    return { id, from, to, diff: unifiedDiff(a.source ?? '', b.source ?? '', `${id}.rego@v${from}`, `${id}.rego@v${to}`) };
  }

  async versionRow(id: string, version: number): Promise<PolicyVersion> {
    const v = await this.dataSource.getRepository(PolicyVersion).findOneBy({ policyId: id, version });
    if (!v) throw new NotFoundError('POLICY_VERSION_NOT_FOUND', `policy ${id} has no version ${version}`);
    return v;
  }

  private async assertKnown(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Policy).existsBy({ id }))) throw policyNotFound(id);
  }
}

export function policyNotFound(id: string): NotFoundError {
  return new NotFoundError('POLICY_NOT_FOUND', `no policy with id ${id}`);
}

export function policyView(p: Policy, v: PolicyVersion): PolicyView {
  return { id: p.id, version: v.version, source: v.source ?? '', sha256: v.sha256 ?? '', bundleScope: p.bundleScope, revision: p.revision, updatedAt: p.updatedAt.toISOString(), updatedBy: p.updatedBy };
}

function versionView(v: PolicyVersion, withSource = false): PolicyVersionView {
  return {
    id: v.policyId,
    version: v.version,
    exists: v.source !== null,
    sha256: v.sha256,
    message: v.message,
    revision: v.revision,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    ...(withSource ? { source: v.source } : {}),
  };
}
