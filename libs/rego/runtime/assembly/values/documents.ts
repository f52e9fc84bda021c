// Whole-document operations: deep merge of base and virtual documents, copy-on-write upsert for
// `with`, and in-place path edits of the data document (OPA's opa_value_add_path/remove_path).
import { T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt } from "./layout";
import { arrayCopy } from "./array";
import {
  objectNew, collCopy, collCount, collFind, collGet, collAppend, entryKey, entryValue, setEntryValue, objectInsert,
  collRemove, collFreezeOrder,
} from "./collection";
import { valueEqual } from "../compare";
import { framePush, framePop, framesTop, framesPop } from "../rt/frames";

export function shallowCopy(v: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrayCopy(v);
  if (t == T_OBJECT || t == T_SET) return collCopy(v);
  return v;
}

/**
 * Builds the sorted indexes of v and everything in it now, as part of the value: for constants
 * made by the start function, so that evaluations do not rebuild them each time. Iterative: the
 * collection being visited is in locals (v, next slot i: array elements, or a key and a value per
 * object entry), a nested collection suspends it on the frame stack ([v][i][-][-]).
 */
export function freeze(root: usize): usize {
  if (!isComposite(root)) return root;
  let mark = framesTop();
  let v = root;
  let i: usize = 0;
  let n = freezeSlots(v);
  while (true) {
    if (i < n) {
      let c = freezeSlot(v, i++);
      if (!isComposite(c)) continue;
      framePush(<u32>v, <u32>i, 0, 0);
      v = c;
      i = 0;
      n = freezeSlots(v);
      continue;
    }
    if (framesTop() == mark) break;
    let f = framePop();
    v = <usize>load<u32>(f);
    i = <usize>load<u32>(f, 4);
    n = freezeSlots(v);
  }
  return root;
}

// @ts-ignore: decorator
@inline function isComposite(v: usize): bool {
  let t = tagOf(v);
  return t == T_ARRAY || t == T_OBJECT || t == T_SET;
}

/** Children to visit: array elements, set elements, or key and value of each object entry; sorts v. */
function freezeSlots(v: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrLen(v);
  collFreezeOrder(v);
  return t == T_OBJECT ? collCount(v) << 1 : collCount(v);
}

// @ts-ignore: decorator
@inline function freezeSlot(v: usize, i: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrAt(v, i);
  if (t == T_SET) return entryKey(v, i);
  return (i & 1) == 0 ? entryKey(v, i >> 1) : entryValue(v, i >> 1);
}

/**
 * Deep merge; 0 when a and b disagree at a value that is not an object on both sides. Iterative:
 * the level being merged is in locals (r: the copy of a's object being filled, b, next entry i); a
 * key whose values are both non-empty objects gets a copy of a's object in r and suspends the level
 * on the frame stack ([r][b][i][-]) while that copy is filled.
 */
export function merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0 || a == b) return a;
  if (tagOf(a) != T_OBJECT || tagOf(b) != T_OBJECT) return valueEqual(a, b) ? a : 0;
  if (collCount(b) == 0) return a;
  let mark = framesTop();
  let root = collCopy(a);
  let r = root;
  let i: usize = 0;
  let n = collCount(b);
  while (true) {
    if (i < n) {
      let k = entryKey(b, i);
      let bv = entryValue(b, i);
      i++;
      let e = collFind(r, k);
      if (e < 0) {
        collAppend(r, k, bv);
        continue;
      }
      let av = entryValue(r, <usize>e);
      if (av == bv) continue;
      if (tagOf(av) != T_OBJECT || tagOf(bv) != T_OBJECT) {
        if (valueEqual(av, bv)) continue;
        framesPop(mark);
        return 0;
      }
      if (collCount(bv) == 0) continue;
      let child = collCopy(av);
      setEntryValue(r, <usize>e, child);
      framePush(<u32>r, <u32>b, <u32>i, 0);
      r = child;
      b = bv;
      i = 0;
      n = collCount(b);
      continue;
    }
    if (framesTop() == mark) break;
    let f = framePop();
    r = <usize>load<u32>(f);
    b = <usize>load<u32>(f, 4);
    i = <usize>load<u32>(f, 8);
    n = collCount(b);
  }
  return root;
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
