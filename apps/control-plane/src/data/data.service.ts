import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ConflictError, DomainError, InvalidRequestError, NotFoundError, UnprocessableError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import { RevisionsService } from '../revisions/revisions.service';
import type { ChangeContext } from '../revisions/change-context';
import { DataDocumentRow } from './data-document.entity';
import type { FieldProblem } from '../common/validation';
import { normalizeDataPath } from './data-path';
import { summary, type BulkDataDocument } from './dto/bulk-data.dto';
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

  /**
   * Stores many documents in one transaction and one revision (one data delta), or none:
   * every row's problem (bad path, a path repeated or nested within the import, a path
   * overlapping a stored document) is reported at once, keyed `documents.<i>.path`.
   */
  async bulkPut(actor: string, docs: readonly BulkDataDocument[]) {
    const fields: FieldProblem[] = [];
    const paths: string[] = [];
    docs.forEach((d, i) => {
      try {
        paths.push(normalizeDataPath(d.path));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        paths.push('');
        fields.push({ field: `documents.${i}.path`, problems: [e.message.replace(/^path: /, '')] });
      }
    });
    // Within the import: a repeated path, or one nested in another, would claim the same data.
    const firstAt = new Map<string, number>();
    paths.forEach((p, i) => p !== '' && !firstAt.has(p) && firstAt.set(p, i));
    paths.forEach((p, i) => {
      if (p === '') return;
      const first = firstAt.get(p)!;
      if (first !== i) return void fields.push({ field: `documents.${i}.path`, problems: [`repeats the path of documents.${first}`] });
      const segments = p.split('/');
      for (let n = 1; n < segments.length; n++) {
        const outer = firstAt.get(segments.slice(0, n).join('/'));
        if (outer !== undefined) fields.push({ field: `documents.${Math.max(i, outer)}.path`, problems: [`overlaps documents.${Math.min(i, outer)} (${paths[Math.min(i, outer)]})`] });
      }
    });
    if (fields.length) throw new InvalidRequestError('VALIDATION_FAILED', summary(byRow(fields)), { fields: byRow(fields) });

    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      const overlaps: { ord: string; path: string }[] = await change.em.query(
        `SELECT i.ord, d.path FROM unnest($1::text[]) WITH ORDINALITY AS i(path, ord)
           JOIN data_documents d ON d.path <> i.path AND (starts_with(d.path, i.path || '/') OR starts_with(i.path, d.path || '/'))
          ORDER BY i.ord`,
        [paths],
      );
      if (overlaps.length > 0) {
        const conflicts = overlaps.map((o) => ({ field: `documents.${Number(o.ord) - 1}.path`, problems: [`overlaps the stored document at ${o.path}; remove it first or write inside it with PATCH`] }));
        throw new ConflictError('DATA_PATH_OVERLAP', summary(byRow(conflicts)), { fields: byRow(conflicts) });
      }
      const before = new Map((await change.em.findBy(DataDocumentRow, { path: In(paths) })).map((r) => [r.path, r]));
      const rows = docs.map((d, i) => change.em.create(DataDocumentRow, { path: paths[i], value: d.value, revision: change.revision, updatedAt: change.now, updatedBy: change.actor }));
      await change.em.save(DataDocumentRow, rows);
      for (const row of rows) {
        const prior = before.get(row.path);
        change.audit(prior ? 'data.update' : 'data.create', `data:${row.path}`, prior ? view(prior) : null, view(row));
      }
      change.log('data_delta', rows.length === 1 ? `data:${rows[0].path}` : `data_documents:${rows.length}`, { put: rows.map((r) => ({ path: r.path, value: r.value })), delete: [] });
      return rows.map((r) => ({ path: r.path, created: !before.has(r.path) }));
    });
    return { revision, documents: result };
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

/** One entry per row, in row order, problems of the same field merged. */
function byRow(fields: readonly FieldProblem[]): FieldProblem[] {
  const merged = new Map<string, string[]>();
  for (const f of fields) merged.set(f.field, [...(merged.get(f.field) ?? []), ...f.problems]);
  const row = (field: string) => Number(/^documents\.(\d+)/.exec(field)?.[1] ?? -1);
  return [...merged].map(([field, problems]) => ({ field, problems })).sort((a, b) => row(a.field) - row(b.field));
}

function notFound(path: string): NotFoundError {
  return new NotFoundError('DATA_NOT_FOUND', `no data document at ${path}`);
}

function view(r: DataDocumentRow): DataDocumentView {
  return { path: r.path, value: r.value, revision: r.revision, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy };
}
