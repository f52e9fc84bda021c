import { InvalidRequestError } from '../../common/domain-error';
import type { FieldProblem } from '../../common/validation';

/** One document of a bulk import, as sent. */
export interface BulkDataDocument {
  readonly path: string;
  readonly value: unknown;
}

/** More documents than this in one import is refused: split it (the body limit applies too). */
export const MAX_BULK_DOCUMENTS = 10_000;

/**
 * Checks a `POST /v1/data/bulk` body, `{ documents: [{ path, value }] }`, and reports every
 * bad row at once as `details.fields[] = { field: "documents.<i>.<member>", problems }`
 * (the same shape the validation pipe gives), so a client can mark each row it sent.
 */
export function parseBulkData(body: unknown): BulkDataDocument[] {
  const b = body as { documents?: unknown } | null;
  if (!b || typeof b !== 'object' || Array.isArray(b) || !Array.isArray(b.documents) || b.documents.length === 0) {
    throw invalid('documents: must be a non-empty array of {"path", "value"}', [{ field: 'documents', problems: ['must be a non-empty array of {"path", "value"}'] }]);
  }
  const extra = Object.keys(b).filter((k) => k !== 'documents');
  if (extra.length) throw invalid(`${extra[0]}: is not a supported member`, [{ field: extra[0], problems: ['is not a supported member'] }]);
  if (b.documents.length > MAX_BULK_DOCUMENTS) {
    throw invalid(`documents: at most ${MAX_BULK_DOCUMENTS} per import`, [{ field: 'documents', problems: [`at most ${MAX_BULK_DOCUMENTS} per import`] }]);
  }
  const fields: FieldProblem[] = [];
  b.documents.forEach((d: unknown, i) => {
    const o = d as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return void fields.push({ field: `documents.${i}`, problems: ['must be an object {"path", "value"}'] });
    if (typeof o.path !== 'string') fields.push({ field: `documents.${i}.path`, problems: ['must be a string'] });
    if (!('value' in o)) fields.push({ field: `documents.${i}.value`, problems: ['is required (any JSON value but null)'] });
    else if (o.value === null) fields.push({ field: `documents.${i}.value`, problems: ['cannot be null; DELETE removes a document'] });
    for (const k of Object.keys(o).filter((k) => k !== 'path' && k !== 'value')) fields.push({ field: `documents.${i}.${k}`, problems: ['is not a supported member'] });
  });
  if (fields.length) throw invalid(summary(fields), fields);
  return b.documents as BulkDataDocument[];
}

/** `documents.0.path: must be a string; …` (first few, then a count). */
export function summary(fields: readonly FieldProblem[]): string {
  const shown = fields.slice(0, 5).map((f) => `${f.field}: ${f.problems.join('; ')}`);
  return fields.length > 5 ? `${shown.join('; ')}; and ${fields.length - 5} more` : shown.join('; ');
}

function invalid(message: string, fields: FieldProblem[]): InvalidRequestError {
  return new InvalidRequestError('VALIDATION_FAILED', message, { fields });
}
