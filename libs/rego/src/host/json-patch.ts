/**
 * json.patch (RFC 6902 operations add, remove, replace, move, copy, test) as OPA applies
 * them: paths are JSON pointers with or without the leading slash, or arrays of segments;
 * any failing operation makes the whole call undefined. json.patch is an exact host call:
 * sets arrive as SetValue and a path segment addresses a set member by value (adding
 * member `m` needs the path to end in `m` itself); the empty path is the whole document.
 */
import { compareValues } from './rego-text';
import { ObjectEntries, SetValue, isObject, type Value } from './values';

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

/** Position of a set member or of a non-string key equal to `seg`, or -1. */
function findBy<T>(items: readonly T[], seg: Segment, of: (t: T) => Value): number {
  return items.findIndex((t) => compareValues(of(t), seg) === 0);
}

function child(node: Value, seg: Segment): Value {
  if (Array.isArray(node)) return node[arrayIndex(seg, node.length, false)];
  if (isObject(node) && String(seg) in node) return node[String(seg)];
  if (node instanceof SetValue) {
    const i = findBy(node.items, seg, (m) => m);
    if (i >= 0) return node.items[i];
  }
  if (node instanceof ObjectEntries) {
    const i = findBy(node.entries, seg, (e) => e[0]);
    if (i >= 0) return node.entries[i][1];
  }
  return fail('path not found');
}

function get(doc: Value, path: readonly Segment[]): Value {
  let node = doc;
  for (const seg of path) node = child(node, seg);
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
  else if (parent instanceof SetValue) {
    // A set member is its own key: the path must name the value being added.
    if (compareValues(last, value) !== 0) fail('set member and path differ');
    if (findBy(parent.items, value, (m) => m) < 0) parent.items.push(value);
  } else if (parent instanceof ObjectEntries) {
    const i = findBy(parent.entries, last, (e) => e[0]);
    if (i >= 0) parent.entries[i][1] = value;
    else parent.entries.push([last, value]);
  } else fail('parent is not a container');
  return doc;
}

function remove(doc: Value, path: readonly Segment[]): Value {
  if (path.length === 0) fail('cannot remove the root');
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && String(last) in parent) delete parent[String(last)];
  else if (parent instanceof SetValue && findBy(parent.items, last, (m) => m) >= 0) parent.items.splice(findBy(parent.items, last, (m) => m), 1);
  else if (parent instanceof ObjectEntries && findBy(parent.entries, last, (e) => e[0]) >= 0) {
    parent.entries.splice(findBy(parent.entries, last, (e) => e[0]), 1);
  } else fail('path not found');
  return doc;
}

/** Replace: the target must exist; the empty path replaces the whole document. */
function replace(doc: Value, path: readonly Segment[], value: Value): Value {
  if (path.length === 0) return value;
  return add(remove(doc, path), path, value);
}

/** Levels copied by recursion (fast for the documents policies patch); deeper ones use a stack. */
const RECURSION_DEPTH = 1000;

/** A deep copy that keeps SetValue and ObjectEntries (structuredClone would drop their classes). */
function clone(v: Value, depth = 0): Value {
  if (v === null || typeof v !== 'object') return v;
  if (depth === RECURSION_DEPTH) return deepClone(v);
  const d = depth + 1;
  if (Array.isArray(v)) return v.map((x) => clone(x, d));
  if (v instanceof SetValue) return new SetValue(v.items.map((x) => clone(x, d)));
  if (v instanceof ObjectEntries) return new ObjectEntries(v.entries.map(([k, x]) => [clone(k, d), clone(x, d)]));
  if (isObject(v)) {
    const out: Record<string, Value> = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k] as Value, d);
    return out;
  }
  return v;
}

/** `clone` of a value nested deeper than recursion may go (10,000 levels): copies filled from a stack. */
function deepClone(root: Value): Value {
  const todo: Value[] = []; // pairs: an original, then its copy still to fill
  const copy = (v: Value): Value => {
    if (v === null || typeof v !== 'object') return v;
    let c: Value;
    if (Array.isArray(v)) c = new Array<Value>(v.length);
    else if (v instanceof SetValue) c = new SetValue(new Array<Value>(v.items.length));
    else if (v instanceof ObjectEntries) c = new ObjectEntries(new Array<[Value, Value]>(v.entries.length));
    else if (isObject(v)) c = {};
    else return v;
    todo.push(v, c);
    return c;
  };
  const out = copy(root);
  while (todo.length > 0) {
    const c = todo.pop() as Value;
    const v = todo.pop() as Value;
    if (Array.isArray(v)) {
      const a = c as Value[];
      for (let i = 0; i < v.length; i++) a[i] = copy(v[i] as Value);
    } else if (v instanceof SetValue) {
      const items = (c as SetValue).items;
      for (let i = 0; i < v.items.length; i++) items[i] = copy(v.items[i] as Value);
    } else if (v instanceof ObjectEntries) {
      const entries = (c as ObjectEntries).entries;
      for (let i = 0; i < v.entries.length; i++) {
        const [k, x] = v.entries[i] as [Value, Value];
        entries[i] = [copy(k), copy(x)];
      }
    } else {
      const src = v as Record<string, Value>;
      const dst = c as Record<string, Value>;
      for (const k of Object.keys(src)) dst[k] = copy(src[k] as Value);
    }
  }
  return out;
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
      return add(doc, path, clone(need('value')));
    case 'remove':
      return remove(doc, path);
    case 'replace':
      return replace(doc, path, clone(need('value')));
    case 'move': {
      const from = parsePath(need('from'));
      const v = get(doc, from);
      return add(remove(doc, from), path, v);
    }
    case 'copy':
      return add(doc, path, clone(get(doc, parsePath(need('from')))));
    case 'test':
      if (compareValues(get(doc, path), need('value')) !== 0) fail('test failed');
      return doc;
    default:
      return fail(`unrecognized op '${name}'`);
  }
}

/** The patched document, or undefined when any operation fails. */
export function jsonPatch(doc: Value, ops: readonly Value[]): Value | undefined {
  let out = clone(doc);
  try {
    for (const op of ops) out = apply(out, op);
  } catch (e) {
    if (e instanceof PatchFailure) return undefined;
    throw e;
  }
  return out;
}
