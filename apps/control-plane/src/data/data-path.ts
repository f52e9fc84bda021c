import { InvalidRequestError } from '../common/domain-error';

/** The data root the control plane fills itself (role bindings, revocations); documents may not be stored under it. */
export const RESERVED_ROOT = 'vigil';
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/**
 * Normalizes a data path (`tenants/acme`, also `/tenants/acme/`) to slash-separated
 * segments usable as Rego refs. Refuses empty, dotted-only and reserved paths.
 */
export function normalizeDataPath(raw: string | readonly string[]): string {
  const segments = (typeof raw === 'string' ? raw.split('/') : raw.flatMap((s) => s.split('/'))).filter((s) => s !== '');
  if (segments.length === 0) throw new InvalidRequestError('INVALID_DATA_PATH', 'path: give a data path such as tenants/acme');
  for (const s of segments) {
    if (!SEGMENT.test(s) || s === '.' || s === '..') {
      throw new InvalidRequestError('INVALID_DATA_PATH', `path: segment ${JSON.stringify(s)} may contain only letters, digits, "_", "-" and "." (max 128)`);
    }
  }
  if (segments[0] === RESERVED_ROOT) throw new InvalidRequestError('RESERVED_DATA_PATH', `path: data.${RESERVED_ROOT} is filled by the control plane itself`);
  if (segments.length > 32) throw new InvalidRequestError('INVALID_DATA_PATH', 'path: at most 32 segments');
  return segments.join('/');
}

/** True when one path is the other or lies beneath it: such documents would overwrite each other. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** Builds the `data` document from documents at their paths. */
export function dataTree(docs: readonly { path: string; value: unknown }[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, value } of docs) {
    const segs = path.split('/');
    let node = root;
    for (const s of segs.slice(0, -1)) {
      const next = node[s];
      node = (next && typeof next === 'object' && !Array.isArray(next) ? next : (node[s] = {})) as Record<string, unknown>;
    }
    node[segs[segs.length - 1]] = value;
  }
  return root;
}
