import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_SCOPE } from '../bundle-scopes/scope-selector';
import { NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import { Bundle } from './bundle.entity';

export interface BundleView {
  /** The bundle scope it was built for. */
  readonly scope: string;
  readonly revision: number;
  readonly sha256: string;
  readonly size: number;
  readonly keyId: string;
  readonly entrypoints: Record<string, number>;
  readonly manifest: Record<string, unknown>;
  readonly policyVersions: Record<string, number>;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** Reads published bundles; they are written by the publisher, in the publish transaction. */
@Injectable()
export class BundlesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: PageQuery & { scope?: string }): Promise<Page<BundleView>> {
    const [rows, total] = await this.repo().findAndCount({ select: VIEW_COLUMNS, where: q.scope ? { scope: q.scope } : {}, order: { revision: 'DESC', scope: 'ASC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  /** A scope's bundle built at `revision` (or its latest). */
  async get(revision: number | 'latest', scope: string = DEFAULT_SCOPE): Promise<BundleView> {
    return view(await this.find(revision, scope, VIEW_COLUMNS));
  }

  async archive(revision: number | 'latest', scope: string = DEFAULT_SCOPE): Promise<{ scope: string; revision: number; sha256: string; archive: Buffer }> {
    const row = await this.find(revision, scope, { scope: true, revision: true, sha256: true, archive: true });
    return { scope: row.scope, revision: row.revision, sha256: row.sha256, archive: row.archive };
  }

  private async find(revision: number | 'latest', scope: string, select: Columns): Promise<Bundle> {
    const row =
      revision === 'latest'
        ? await this.repo().findOne({ select, where: { scope }, order: { revision: 'DESC' } })
        : await this.repo().findOne({ select, where: { scope, revision } });
    const of = scope === DEFAULT_SCOPE ? '' : ` of bundle scope ${scope}`;
    if (!row) throw new NotFoundError('BUNDLE_NOT_FOUND', revision === 'latest' ? `no bundle${of} has been published yet` : `no bundle${of} at revision ${revision}`);
    return row;
  }

  private repo() {
    return this.dataSource.getRepository(Bundle);
  }
}

type Columns = { [K in keyof Bundle]?: true };
const VIEW_COLUMNS: Columns = { scope: true, revision: true, sha256: true, size: true, keyId: true, entrypoints: true, manifest: true, policyVersions: true, createdAt: true, createdBy: true };

function view(r: Bundle): BundleView {
  return {
    scope: r.scope,
    revision: r.revision,
    sha256: r.sha256,
    size: r.size,
    keyId: r.keyId,
    entrypoints: r.entrypoints,
    manifest: r.manifest,
    policyVersions: r.policyVersions,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}
