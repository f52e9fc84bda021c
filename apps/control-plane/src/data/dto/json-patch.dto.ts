import { InvalidRequestError } from '../../common/domain-error';
import type { JsonPatchOp } from '../json-patch';

const OPS = ['add', 'remove', 'replace', 'test'];

/** Checks a request body is a JSON Patch document; names the first bad field. */
export function parseJsonPatch(body: unknown): JsonPatchOp[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new InvalidRequestError('VALIDATION_FAILED', 'body: must be a non-empty JSON Patch array, e.g. [{"op":"add","path":"/x","value":1}]');
  }
  body.forEach((op: unknown, i) => {
    const o = op as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw invalid(`body[${i}]: must be an object`);
    if (typeof o.op !== 'string' || !OPS.includes(o.op)) throw invalid(`body[${i}].op: must be one of ${OPS.join(', ')}`);
    if (typeof o.path !== 'string') throw invalid(`body[${i}].path: must be a JSON pointer string`);
    if (o.op !== 'remove' && !('value' in o)) throw invalid(`body[${i}].value: is required for ${o.op}`);
    const extra = Object.keys(o).filter((k) => !['op', 'path', 'value'].includes(k));
    if (extra.length) throw invalid(`body[${i}].${extra[0]}: is not a supported member`);
  });
  return body as JsonPatchOp[];
}

/** Stored documents are never JSON null (the column holds a value; removing a document is DELETE). */
export const NULL_DOCUMENT = 'body: a document cannot be null; DELETE removes one';

/** A PUT body must be present: Express leaves it undefined without a JSON content type. */
export function requireJsonBody(body: unknown): unknown {
  if (body === undefined) throw invalid('body: send the document as JSON with "Content-Type: application/json"');
  if (body === null) throw invalid(NULL_DOCUMENT);
  return body;
}

function invalid(message: string): InvalidRequestError {
  return new InvalidRequestError('VALIDATION_FAILED', message);
}
