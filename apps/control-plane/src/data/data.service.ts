import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import { RevisionsService } from '../revisions/revisions.service';
import type { ChangeContext } from '../revisions/change-context';
import { DataDocumentRow } from './data-document.entity';
import { normalizeDataPath } from './data-path';
import { applyJsonPatch, JsonPatchError, type JsonPatchOp } from './json-patch';

export interface DataDocumentView {
  readonly path: string;
  readonly value: unknown;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** JSON documents at data paths. Each write is one revision carrying a data delta. */
@Injectable()
export class DataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
  ) {}

  async get(rawPath: string | string[]): Promise<DataDocumentView> {
    const path = normalizeDataPath(rawPath);
    const row = await this.dataSource.getRepository(DataDocumentRow).findOneBy({ path });
    if (!row) throw notFound(path);
    return view(row);
  }

  async list(q: PageQuery): Promise<Page<DataDocumentView>> {
    const [rows, total] = await this.dataSource.getRepository(DataDocumentRow).findAndCount({ order: { path: 'ASC' }, take: q.limit, skip: q.offset });
    return page(rows.map(view), total, q);
  }

  async put(actor: string, rawPath: string | string[], value: unknown) {
    const path = normalizeDataPath(rawPath);
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      await assertNoOverlap(change, path);
      const before = await change.em.findOneBy(DataDocumentRow, { path });
      return this.write(change, path, before, value);
    });
    return { ...result, revision };
  }

  async patch(actor: string, rawPath: string | string[], ops: readonly JsonPatchOp[]) {
    const path = normalizeDataPath(rawPath);
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      const before = await change.em.findOneBy(DataDocumentRow, { path });
      if (!before) throw notFound(path);
      let value: unknown;
      try {
        value = applyJsonPatch(before.value, ops);
      } catch (e) {
        if (e instanceof JsonPatchError) throw new UnprocessableError('PATCH_FAILED', e.message, { index: e.index });
        throw e;
      }
      return this.write(change, path, before, value);
    });
    return { ...result, revision };
  }

  async remove(actor: string, rawPath: string | string[]) {
    const path = normalizeDataPath(rawPath);
    const { revision } = await this.revisions.commit(actor, async (change) => {
      const before = await change.em.findOneBy(DataDocumentRow, { path });
      if (!before) throw notFound(path);
      await change.em.delete(DataDocumentRow, { path });
      change.log('data_delta', `data:${path}`, { put: [], delete: [path] });
      change.audit('data.delete', `data:${path}`, view(before), null);
    });
    return { path, deleted: true, revision };
  }

  private async write(change: ChangeContext, path: string, before: DataDocumentRow | null, value: unknown): Promise<DataDocumentView> {
    const row = change.em.create(DataDocumentRow, { path, value, revision: change.revision, updatedAt: change.now, updatedBy: change.actor });
    await change.em.save(DataDocumentRow, row);
    change.log('data_delta', `data:${path}`, { put: [{ path, value }], delete: [] });
    change.audit(before ? 'data.update' : 'data.create', `data:${path}`, before ? view(before) : null, view(row));
    return view(row);
  }
}

/** Documents may not nest inside each other: `a` and `a/b` would both claim `data.a.b`. */
async function assertNoOverlap(change: ChangeContext, path: string): Promise<void> {
  const rows: { path: string }[] = await change.em.query(
    `SELECT path FROM data_documents WHERE path <> $1 AND (starts_with(path, $1 || '/') OR starts_with($1, path || '/')) LIMIT 1`,
    [path],
  );
  if (rows.length > 0) {
    throw new ConflictError('DATA_PATH_OVERLAP', `path: a document at ${rows[0].path} overlaps ${path}; write inside it with PATCH or remove it first`, {
      existing: rows[0].path,
    });
  }
}

function notFound(path: string): NotFoundError {
  return new NotFoundError('DATA_NOT_FOUND', `no data document at ${path}`);
}

function view(r: DataDocumentRow): DataDocumentView {
  return { path: r.path, value: r.value, revision: r.revision, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy };
}
