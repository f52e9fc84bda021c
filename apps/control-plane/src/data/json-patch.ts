/**
 * JSON Patch (RFC 6902) operations add, remove, replace and test, applied to a copy.
 * A failing operation throws JsonPatchError naming its index, and nothing is applied.
 */
export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

export class JsonPatchError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`patch[${index}]: ${message}`);
  }
}

export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOp[]): unknown {
  let root = structuredClone(doc);
  ops.forEach((op, index) => {
    const tokens = parsePointer(op.path, index);
    if (tokens.length === 0) {
      if (op.op === 'remove') throw new JsonPatchError(index, 'cannot remove the whole document; use DELETE');
      if (op.op === 'test') {
        if (!deepEqual(root, op.value)) throw new JsonPatchError(index, 'test failed at ""');
        return;
      }
      root = structuredClone(op.value);
      return;
    }
    const parent = resolve(root, tokens.slice(0, -1), index, op.path);
    const key = tokens[tokens.length - 1];
    apply(parent, key, op, index);
  });
  return root;
}

function apply(parent: unknown, key: string, op: JsonPatchOp, index: number): void {
  if (Array.isArray(parent)) {
    const i = key === '-' && op.op === 'add' ? parent.length : arrayIndex(key, index, op.path);
    const inRange = op.op === 'add' ? i <= parent.length : i < parent.length;
    if (!inRange) throw new JsonPatchError(index, `index ${key} is out of range at ${op.path}`);
    if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
    else if (op.op === 'remove') parent.splice(i, 1);
    else if (op.op === 'replace') parent[i] = structuredClone(op.value);
    else if (!deepEqual(parent[i], op.value)) throw new JsonPatchError(index, `test failed at ${op.path}`);
    return;
  }
  if (!isObject(parent)) throw new JsonPatchError(index, `parent of ${op.path} is not an object or array`);
  const exists = Object.prototype.hasOwnProperty.call(parent, key);
  if (op.op !== 'add' && !exists) throw new JsonPatchError(index, `nothing at ${op.path}`);
  if (op.op === 'remove') delete parent[key];
  else if (op.op === 'test') {
    if (!deepEqual(parent[key], op.value)) throw new JsonPatchError(index, `test failed at ${op.path}`);
  } else parent[key] = structuredClone(op.value);
}

function parsePointer(path: string, index: number): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(index, `path ${JSON.stringify(path)} must be a JSON pointer starting with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(root: unknown, tokens: readonly string[], index: number, path: string): unknown {
  let node = root;
  for (const t of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(t, index, path)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, t)) node = node[t];
    else throw new JsonPatchError(index, `nothing at ${path}`);
    if (node === undefined) throw new JsonPatchError(index, `nothing at ${path}`);
  }
  return node;
}

function arrayIndex(token: string, index: number, path: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(index, `${JSON.stringify(token)} is not an array index in ${path}`);
  return Number(token);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
