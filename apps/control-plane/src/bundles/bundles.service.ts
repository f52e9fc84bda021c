import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import { Bundle } from './bundle.entity';

export interface BundleView {
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

  async list(q: PageQuery): Promise<Page<BundleView>> {
    const [rows, total] = await this.repo().findAndCount({ select: VIEW_COLUMNS, order: { revision: 'DESC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  async get(revision: number | 'latest'): Promise<BundleView> {
    return view(await this.find(revision, VIEW_COLUMNS));
  }

  async archive(revision: number | 'latest'): Promise<{ revision: number; sha256: string; archive: Buffer }> {
    const row = await this.find(revision, { revision: true, sha256: true, archive: true });
    return { revision: row.revision, sha256: row.sha256, archive: row.archive };
  }

  private async find(revision: number | 'latest', select: Columns): Promise<Bundle> {
    const row =
      revision === 'latest'
        ? await this.repo().findOne({ select, where: {}, order: { revision: 'DESC' } })
        : await this.repo().findOne({ select, where: { revision } });
    if (!row) throw new NotFoundError('BUNDLE_NOT_FOUND', revision === 'latest' ? 'no bundle has been published yet' : `no bundle at revision ${revision}`);
    return row;
  }

  private repo() {
    return this.dataSource.getRepository(Bundle);
  }
}

type Columns = { [K in keyof Bundle]?: true };
const VIEW_COLUMNS: Columns = { revision: true, sha256: true, size: true, keyId: true, entrypoints: true, manifest: true, policyVersions: true, createdAt: true, createdBy: true };

function view(r: Bundle): BundleView {
  return {
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
