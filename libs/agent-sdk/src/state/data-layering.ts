/**
 * How data documents become the policy's `data`: the bundle's own data.json, then every
 * document written at its path, shallower paths first (objects are created on the way,
 * replacing whatever non-object stood there), and `data.vigil` reserved for bindings and
 * revocations. `valueAt` answers for one path without building the whole document, so a
 * delta can be applied to the loaded policy as a patch of just the paths it touched.
 */

export const VIGIL_KEY = 'vigil';

export const segments = (path: string): string[] => path.replace(/^\/+/, '').split('/');

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function setPath(root: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  let node = root;
  for (const key of parts.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = structuredClone(value);
}

const byDepth = (a: string, b: string) => a.split('/').length - b.split('/').length;

/** The whole data document (without `vigil`). `documents` is keyed by slash-joined segments. */
export function layerDocuments(bundleData: unknown, documents: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = structuredClone(isObject(bundleData) ? bundleData : {});
  for (const path of [...documents.keys()].sort(byDepth)) setPath(root, path.split('/'), documents.get(path));
  return root;
}

/** What `layerDocuments` has at `parts`: nothing, an object, or another value. */
export type Shape = 'absent' | 'object' | 'value';

/**
 * The value `layerDocuments` gives at `parts` (undefined when absent): the deepest document
 * at or above the path (else the bundle data) read down to it, then the documents below
 * it layered on top in depth order. A fresh value: callers may keep or serialise it.
 */
export function valueAt(bundleData: unknown, documents: ReadonlyMap<string, unknown>, parts: readonly string[]): unknown {
  const { node, below, prefix } = locate(bundleData, documents, parts);
  if (below.length === 0) return node === undefined ? undefined : structuredClone(node);
  const out: Record<string, unknown> = isObject(node) ? structuredClone(node) : {};
  for (const k of below.sort(byDepth)) setPath(out, k.slice(prefix.length).split('/'), documents.get(k));
  return out;
}

/** `valueAt`'s shape, without building the value. */
export function shapeAt(bundleData: unknown, documents: ReadonlyMap<string, unknown>, parts: readonly string[]): Shape {
  const { node, below } = locate(bundleData, documents, parts);
  if (below.length > 0 || isObject(node)) return 'object';
  return node === undefined ? 'absent' : 'value';
}

function locate(bundleData: unknown, documents: ReadonlyMap<string, unknown>, parts: readonly string[]) {
  let node: unknown = isObject(bundleData) ? bundleData : {};
  let from = 0;
  for (let i = parts.length; i >= 1; i--) {
    const key = parts.slice(0, i).join('/');
    if (documents.has(key)) {
      node = documents.get(key);
      from = i;
      break;
    }
  }
  for (let i = from; i < parts.length && node !== undefined; i++) node = isObject(node) ? node[parts[i]] : undefined;
  const prefix = parts.join('/') + '/';
  const below = [...documents.keys()].filter((k) => k.startsWith(prefix));
  return { node, below, prefix };
}
