// Whole-document operations: deep merge of base and virtual documents, copy-on-write upsert for
// `with`, and in-place path edits of the data document (OPA's opa_value_add_path/remove_path).
import { T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt } from "./layout";
import { arrayCopy } from "./array";
import {
  objectNew, collCopy, collCount, collFind, collGet, collAppend, entryKey, entryValue, setEntryValue, objectInsert,
  collRemove, collFreezeOrder,
} from "./collection";
import { valueEqual } from "../compare";
import { deepEnter, deepLeave } from "../rt/frames";

export function shallowCopy(v: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrayCopy(v);
  if (t == T_OBJECT || t == T_SET) return collCopy(v);
  return v;
}

/**
 * Builds the sorted indexes of v and everything in it now, as part of the value: for constants
 * made by the start function, so that evaluations do not rebuild them each time.
 */
export function freeze(v: usize): usize {
  deepEnter();
  let r = freezeLevel(v);
  deepLeave();
  return r;
}

function freezeLevel(v: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) freeze(arrAt(v, i));
  } else if (t == T_OBJECT || t == T_SET) {
    collFreezeOrder(v);
    let n = collCount(v);
    for (let i: usize = 0; i < n; i++) {
      freeze(entryKey(v, i));
      if (t == T_OBJECT) freeze(entryValue(v, i));
    }
  }
  return v;
}

/** Deep merge; 0 when a and b disagree at a value that is not an object on both sides. */
export function merge(a: usize, b: usize): usize {
  deepEnter();
  let r = mergeLevel(a, b);
  deepLeave();
  return r;
}

function mergeLevel(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0 || a == b) return a;
  if (tagOf(a) != T_OBJECT || tagOf(b) != T_OBJECT) return valueEqual(a, b) ? a : 0;
  let n = collCount(b);
  if (n == 0) return a;
  let r = collCopy(a);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(b, i);
    let bv = entryValue(b, i);
    let e = collFind(r, k);
    if (e < 0) {
      collAppend(r, k, bv);
    } else {
      let m = merge(entryValue(r, <usize>e), bv);
      if (m == 0) return 0;
      setEntryValue(r, <usize>e, m);
    }
  }
  return r;
}

/** Copy of base with path (an array of keys) set to value; copies objects along the path. */
export function upsertPath(base: usize, path: usize, value: usize): usize {
  if (tagOf(path) != T_ARRAY) return 0;
  let n = arrLen(path);
  if (n == 0) return value;
  let root = tagOf(base) == T_OBJECT ? collCopy(base) : objectNew();
  let curr = root;
  for (let i: usize = 0; i + 1 < n; i++) {
    let k = arrAt(path, i);
    let child = collGet(curr, k);
    let next = tagOf(child) == T_OBJECT ? collCopy(child) : objectNew();
    objectInsert(curr, k, next);
    curr = next;
  }
  objectInsert(curr, arrAt(path, n - 1), value);
  return root;
}

// @ts-ignore: decorator
@inline const PATH_OK: i32 = 0;
// @ts-ignore: decorator
@inline const PATH_INVALID_TYPE: i32 = 2;
// @ts-ignore: decorator
@inline const PATH_INVALID_PATH: i32 = 3;

/** Path length when it is a non-empty array whose elements but the last are strings, else 0. */
function validPathLen(path: usize): usize {
  if (tagOf(path) != T_ARRAY) return 0;
  let n = arrLen(path);
  for (let i: usize = 0; i + 1 < n; i++) if (tagOf(arrAt(path, i)) != T_STRING) return 0;
  return n;
}

/** Child of an object (others have no string-keyed children here). */
// @ts-ignore: decorator
@inline function childOf(v: usize, k: usize): usize {
  return tagOf(v) == T_OBJECT ? collGet(v, k) : 0;
}

export function addPath(base: usize, path: usize, value: usize): i32 {
  let n = validPathLen(path);
  if (n == 0 || value == 0) return PATH_INVALID_PATH;
  let curr = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    let k = arrAt(path, i);
    let next = childOf(curr, k);
    if (next == 0) {
      if (tagOf(curr) != T_OBJECT) return PATH_INVALID_TYPE;
      next = objectNew();
      objectInsert(curr, k, next);
      collFreezeOrder(curr); // data outlives evaluations: its sorted index must be built now
    }
    curr = next;
  }
  if (tagOf(curr) != T_OBJECT) return PATH_INVALID_TYPE;
  objectInsert(curr, arrAt(path, n - 1), value);
  collFreezeOrder(curr);
  return PATH_OK;
}

export function removePath(base: usize, path: usize): i32 {
  let n = validPathLen(path);
  if (n == 0) return PATH_INVALID_PATH;
  let curr = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    curr = childOf(curr, arrAt(path, i));
    if (curr == 0) return PATH_OK; // nothing there: already removed
  }
  if (tagOf(curr) != T_OBJECT) return PATH_INVALID_TYPE;
  collRemove(curr, arrAt(path, n - 1));
  collFreezeOrder(curr);
  return PATH_OK;
}
