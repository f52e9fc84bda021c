// object.get, object.keys, object.remove, object.filter, object.union, object.union_n,
// object.subset. Results share their keys and values with the operands (values are immutable);
// lookups go through the collections' hash index, so every builtin here is linear in its operands.
import { T_NUMBER, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt } from "../values/layout";
import { boolV } from "../values/scalars";
import { numKind, intOf, K_INT } from "../number/number";
import {
  collNew, collCount, collFind, collGet, collAppend, collCopy, entryKey, entryValue, setEntryValue,
} from "../values/collection";
import { valueEqual } from "../compare";
import { heapPtr } from "../rt/heap";
import { operandError } from "./errors";
import { elementFail, failBegin } from "./fail";
import { childAt } from "./common";
import { framePush, framePop, framesTop, framesPop } from "../rt/frames";
import { CODE_TYPE, msgStr, failBuiltin } from "../abort";

// --- object.get ---------------------------------------------------------------------------------

export function vg_builtin_object_get(obj: usize, key: usize, dflt: usize): usize {
  if (obj == 0 || key == 0 || dflt == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("object.get", 1, "object", obj);
  // An array key is always a path (OPA checks the operand's type, not the object's keys).
  if (tagOf(key) != T_ARRAY) {
    let v = collGet(obj, key);
    return v != 0 ? v : dflt;
  }
  let n = arrLen(key);
  let cur = obj;
  for (let i: usize = 0; i < n && cur != 0; i++) cur = childAt(cur, arrAt(key, i));
  return cur != 0 ? cur : dflt;
}

// --- object.keys ----------------------------------------------------------------------------------

export function vg_builtin_object_keys(obj: usize): usize {
  if (tagOf(obj) != T_OBJECT) return operandError("object.keys", 1, "object", obj);
  let n = collCount(obj);
  let s = collNew(T_SET, n < 4 ? 4 : n);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(obj, i);
    collAppend(s, k, k); // object keys are distinct already
  }
  return s;
}

// --- object.remove / object.filter ----------------------------------------------------------------

/**
 * The keys operand of remove/filter as something collFind can answer membership for: a set or
 * object as it is (its own keys), an array turned into a set. 0 after reporting a type error.
 */
function keySet(name: string, keys: usize): usize {
  let t = tagOf(keys);
  if (t == T_SET || t == T_OBJECT) return keys;
  if (t != T_ARRAY) return operandError(name, 2, "one of {object, set, array}", keys);
  let n = arrLen(keys);
  let s = collNew(T_SET, n < 4 ? 4 : n);
  for (let i: usize = 0; i < n; i++) {
    let k = arrAt(keys, i);
    if (collFind(s, k) < 0) collAppend(s, k, k);
  }
  return s;
}

export function vg_builtin_object_remove(obj: usize, keys: usize): usize {
  if (obj == 0 || keys == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("object.remove", 1, "object", obj);
  let ks = keySet("object.remove", keys);
  if (ks == 0) return 0;
  let n = collCount(obj);
  let r = collNew(T_OBJECT, n < 4 ? 4 : n);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(obj, i);
    if (collFind(ks, k) < 0) collAppend(r, k, entryValue(obj, i));
  }
  return r;
}

export function vg_builtin_object_filter(obj: usize, keys: usize): usize {
  if (obj == 0 || keys == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("object.filter", 1, "object", obj);
  let ks = keySet("object.filter", keys);
  if (ks == 0) return 0;
  let r = collNew(T_OBJECT, 4);
  // Walk the smaller side and probe the other one's hash index.
  if (collCount(ks) < collCount(obj)) {
    let n = collCount(ks);
    for (let i: usize = 0; i < n; i++) {
      let e = collFind(obj, entryKey(ks, i));
      if (e >= 0) collAppend(r, entryKey(obj, <usize>e), entryValue(obj, <usize>e));
    }
  } else {
    let n = collCount(obj);
    for (let i: usize = 0; i < n; i++) {
      let k = entryKey(obj, i);
      if (collFind(ks, k) >= 0) collAppend(r, k, entryValue(obj, i));
    }
  }
  return r;
}

// --- object.union / object.union_n ----------------------------------------------------------------

// Objects allocated at or above `ownedFrom` were made by the running builtin and are seen by
// nobody else yet, so they may be merged into in place; anything below is shared and gets copied
// first (copy on write). With a bump allocator "made by this call" is just an address compare.
let ownedFrom: usize = 0;

/**
 * dst (owned) := dst merged with src: src wins unless both values are objects, which merge. Iterative:
 * the level being merged is in locals (dst, src, next entry i); an object value to merge into
 * suspends it on the frame stack ([dst][src][i][-]), so any nesting depth runs in constant wasm stack.
 */
function mergeInto(dst: usize, src: usize): void {
  let mark = framesTop();
  let i: usize = 0;
  let n = collCount(src);
  while (true) {
    if (i < n) {
      let k = entryKey(src, i);
      let v = entryValue(src, i);
      i++;
      let e = collFind(dst, k);
      if (e < 0) {
        collAppend(dst, k, v);
        continue;
      }
      let cur = entryValue(dst, <usize>e);
      if (tagOf(cur) != T_OBJECT || tagOf(v) != T_OBJECT) {
        setEntryValue(dst, <usize>e, v);
        continue;
      }
      if (collCount(v) == 0) continue;
      if (cur < ownedFrom) {
        if (collCount(cur) == 0) {
          setEntryValue(dst, <usize>e, v);
          continue;
        }
        cur = collCopy(cur);
        setEntryValue(dst, <usize>e, cur);
      }
      framePush(<u32>dst, <u32>src, <u32>i, 0);
      dst = cur;
      src = v;
      i = 0;
      n = collCount(src);
      continue;
    }
    if (framesTop() == mark) break;
    let f = framePop();
    dst = <usize>load<u32>(f);
    src = <usize>load<u32>(f, 4);
    i = <usize>load<u32>(f, 8);
    n = collCount(src);
  }
}

export function vg_builtin_object_union(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_OBJECT) return operandError("object.union", 1, "object", a);
  if (tagOf(b) != T_OBJECT) return operandError("object.union", 2, "object", b);
  if (collCount(b) == 0) return a;
  if (collCount(a) == 0) return b;
  let saved = ownedFrom;
  ownedFrom = heapPtr();
  let r = collCopy(a);
  mergeInto(r, b);
  ownedFrom = saved;
  return r;
}

export function vg_builtin_object_union_n(arr: usize): usize {
  if (tagOf(arr) != T_ARRAY) return operandError("object.union_n", 1, "array", arr);
  let n = arrLen(arr);
  for (let i: usize = 0; i < n; i++) {
    let o = arrAt(arr, i);
    if (tagOf(o) != T_OBJECT) return elementFail("object.union_n", 1, arr, o, "object");
  }
  let saved = ownedFrom;
  ownedFrom = heapPtr();
  let r: usize = 0; // the first non-empty object is shared until a second one forces a copy
  for (let i: usize = 0; i < n; i++) {
    let o = arrAt(arr, i);
    if (collCount(o) == 0) continue;
    if (r == 0) {
      r = o;
      continue;
    }
    if (r < ownedFrom) r = collCopy(r);
    mergeInto(r, o);
  }
  ownedFrom = saved;
  return r != 0 ? r : collNew(T_OBJECT, 4);
}

// --- object.subset ----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function sameNestedKind(a: usize, b: usize): bool {
  let t = tagOf(a);
  return t == tagOf(b) && (t == T_OBJECT || t == T_SET || t == T_ARRAY);
}

/**
 * Same-kind subset (OPA's object.subset): objects recurse into values, sets by membership, arrays as
 * runs. Iterative: only objects nest; the object level being checked is in locals (sup, sub, next
 * entry i) and an object value to check suspends it on the frame stack ([sup][sub][i][-]).
 */
function isSubset(sup: usize, sub: usize): bool {
  if (tagOf(sup) != T_OBJECT) return leafSubset(sup, sub);
  let mark = framesTop();
  let i: usize = 0;
  let n = collCount(sub);
  while (true) {
    if (i < n) {
      let sv = collGet(sup, entryKey(sub, i));
      let bv = entryValue(sub, i);
      i++;
      if (sv != 0 && valueEqual(sv, bv)) continue;
      if (sv == 0 || !sameNestedKind(sv, bv)) break;
      if (tagOf(sv) != T_OBJECT) {
        if (leafSubset(sv, bv)) continue;
        break;
      }
      framePush(<u32>sup, <u32>sub, <u32>i, 0);
      sup = sv;
      sub = bv;
      i = 0;
      n = collCount(sub);
      continue;
    }
    if (framesTop() == mark) return true;
    let f = framePop();
    sup = <usize>load<u32>(f);
    sub = <usize>load<u32>(f, 4);
    i = <usize>load<u32>(f, 8);
    n = collCount(sub);
  }
  framesPop(mark); // not a subset: drop the suspended levels
  return false;
}

/** Subset of sets (membership) or arrays (a run); neither nests further. */
function leafSubset(sup: usize, sub: usize): bool {
  if (tagOf(sup) == T_SET) {
    let n = collCount(sub);
    for (let i: usize = 0; i < n; i++) if (collFind(sup, entryKey(sub, i)) < 0) return false;
    return true;
  }
  return arrayContainsRun(sup, sub);
}

/** True when sub occurs in sup as a contiguous run of equal elements (the empty array always). */
function arrayContainsRun(sup: usize, sub: usize): bool {
  let n = arrLen(sup);
  let m = arrLen(sub);
  if (m == 0) return true;
  for (let i: usize = 0; i + m <= n; i++) {
    let j: usize = 0;
    while (j < m && valueEqual(arrAt(sup, i + j), arrAt(sub, j))) j++;
    if (j == m) return true;
  }
  return false;
}

/**
 * Array ⊇ set, counted as OPA counts it: every array element found in the set decrements the
 * number still unmatched (duplicates count again), and the answer is whether that reaches 0 while
 * scanning; an empty array therefore never contains anything, not even the empty set.
 */
function arrayHasSet(sup: usize, sub: usize): bool {
  let unmatched = <isize>collCount(sub);
  let n = arrLen(sup);
  for (let i: usize = 0; i < n; i++) {
    if (collFind(sub, arrAt(sup, i)) >= 0) unmatched--;
    if (unmatched <= 0) return true;
  }
  return false;
}

export function vg_builtin_object_subset(sup: usize, sub: usize): usize {
  if (sup == 0 || sub == 0) return 0;
  let ts = tagOf(sup);
  let tb = tagOf(sub);
  if (ts == T_ARRAY && tb == T_SET) return boolV(arrayHasSet(sup, sub));
  if (sameNestedKind(sup, sub)) return boolV(isSubset(sup, sub));
  failBegin(CODE_TYPE, "object.subset");
  msgStr("both arguments object.subset must be of the same type or array and set");
  return failBuiltin();
}
