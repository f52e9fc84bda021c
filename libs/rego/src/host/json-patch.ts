/**
 * json.patch (RFC 6902 operations add, remove, replace, move, copy, test) as OPA applies
 * them: paths are JSON pointers with or without the leading slash, or arrays of segments;
 * any failing operation makes the whole call undefined. Sets arrive as arrays, so patches
 * that address set members by value do not apply on the host.
 */
import { compareValues } from './rego-text';
import { isObject, type Value } from './values';

type Segment = Value;

class PatchFailure extends Error {}

function fail(msg: string): never {
  throw new PatchFailure(msg);
}

function parsePath(p: Value | undefined): Segment[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p)) return p;
  return fail('path must be a string or an array');
}

function arrayIndex(seg: Segment, len: number, allowEnd: boolean): number {
  const n = typeof seg === 'number' ? seg : typeof seg === 'string' && /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > len || (n === len && !allowEnd)) fail(`bad array index ${String(seg)}`);
  return n;
}

function get(doc: Value, path: readonly Segment[]): Value {
  let node = doc;
  for (const seg of path) {
    if (Array.isArray(node)) node = node[arrayIndex(seg, node.length, false)];
    else if (isObject(node) && String(seg) in node) node = node[String(seg)];
    else fail('path not found');
  }
  return node;
}

/** Returns the new document (the root may be replaced). */
function add(doc: Value, path: readonly Segment[], value: Value): Value {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length, true);
    parent.splice(i, 0, value);
  } else if (isObject(parent)) parent[String(last)] = value;
  else fail('parent is not a container');
  return doc;
}

function remove(doc: Value, path: readonly Segment[]): Value {
  if (path.length === 0) fail('cannot remove the root');
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && String(last) in parent) delete parent[String(last)];
  else fail('path not found');
  return doc;
}

function apply(doc: Value, op: Value): Value {
  if (!isObject(op)) fail('not a JSON-Patch object');
  const name = op.op;
  if (typeof name !== 'string') fail("attribute 'op' must be a string");
  if (!('path' in op)) fail("missing 'path' attribute");
  const path = parsePath(op.path);
  const need = (attr: string): Value => (attr in op ? op[attr] : fail(`missing '${attr}' attribute`));
  switch (name) {
    case 'add':
      return add(doc, path, structuredClone(need('value')));
    case 'remove':
      return remove(doc, path);
    case 'replace':
      return add(remove(doc, path), path, structuredClone(need('value')));
    case 'move': {
      const from = parsePath(need('from'));
      const v = get(doc, from);
      return add(remove(doc, from), path, v);
    }
    case 'copy':
      return add(doc, path, structuredClone(get(doc, parsePath(need('from')))));
    case 'test':
      if (compareValues(get(doc, path), need('value')) !== 0) fail('test failed');
      return doc;
    default:
      return fail(`unrecognized op '${name}'`);
  }
}

/** The patched document, or undefined when any operation fails. */
export function jsonPatch(doc: Value, ops: readonly Value[]): Value | undefined {
  let out = structuredClone(doc);
  try {
    for (const op of ops) out = apply(out, op);
  } catch (e) {
    if (e instanceof PatchFailure) return undefined;
    throw e;
  }
  return out;
}
