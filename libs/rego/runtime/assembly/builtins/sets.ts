// Set algebra: and (&), or (|), intersection, union, and the deprecated set_diff. Membership goes
// through the sets' hash index; unions start from a copy of the larger operand and add the
// smaller, so every operation is linear in its operands.
import { T_SET, tagOf } from "../values/layout";
import { collNew, collCount, collFind, collAppend, collCopy, entryKey } from "../values/collection";
import { operandError } from "./errors";

/** Elements of a that are also in b (a should be the smaller one). */
function intersect(a: usize, b: usize): usize {
  let n = collCount(a);
  let r = collNew(T_SET, 4);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(a, i);
    if (collFind(b, k) >= 0) collAppend(r, k, k);
  }
  return r;
}

/** A new set with everything in big and small (a copy of big plus what small adds). */
function unite(big: usize, small: usize): usize {
  let r = collCopy(big);
  let n = collCount(small);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(small, i);
    if (collFind(r, k) < 0) collAppend(r, k, k);
  }
  return r;
}

export function vg_builtin_and(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_SET) return operandError("and", 1, "set", a);
  if (tagOf(b) != T_SET) return operandError("and", 2, "set", b);
  return collCount(a) <= collCount(b) ? intersect(a, b) : intersect(b, a);
}

export function vg_builtin_or(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_SET) return operandError("or", 1, "set", a);
  if (tagOf(b) != T_SET) return operandError("or", 2, "set", b);
  if (collCount(b) == 0) return a;
  if (collCount(a) == 0) return b;
  return collCount(a) >= collCount(b) ? unite(a, b) : unite(b, a);
}

export function vg_builtin_set_diff(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_SET) return operandError("set_diff", 1, "set", a);
  if (tagOf(b) != T_SET) return operandError("set_diff", 2, "set", b);
  let n = collCount(a);
  let r = collNew(T_SET, 4);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(a, i);
    if (collFind(b, k) < 0) collAppend(r, k, k);
  }
  return r;
}

/** 0 after reporting the first element that is not a set; else the smallest member set. */
function checkSetOfSets(name: string, sets: usize): usize {
  if (tagOf(sets) != T_SET) return operandError(name, 1, "set", sets);
  let n = collCount(sets);
  let smallest: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let s = entryKey(sets, i);
    if (tagOf(s) != T_SET) return operandError(name, 1, "set", s);
    if (smallest == 0 || collCount(s) < collCount(smallest)) smallest = s;
  }
  return smallest != 0 ? smallest : sets; // an empty set of sets: callers answer the empty set
}

export function vg_builtin_intersection(sets: usize): usize {
  let base = checkSetOfSets("intersection", sets);
  if (base == 0) return 0;
  let n = collCount(sets);
  if (n == 0) return collNew(T_SET, 4);
  // Keep the smallest set's elements that every other set has.
  let r = collNew(T_SET, 4);
  let m = collCount(base);
  for (let i: usize = 0; i < m; i++) {
    let k = entryKey(base, i);
    let all = true;
    for (let j: usize = 0; j < n && all; j++) {
      let s = entryKey(sets, j);
      if (s != base) all = collFind(s, k) >= 0;
    }
    if (all) collAppend(r, k, k);
  }
  return r;
}

export function vg_builtin_union(sets: usize): usize {
  if (checkSetOfSets("union", sets) == 0) return 0;
  let n = collCount(sets);
  // Start from the largest member so that most elements are copied in bulk, not re-inserted.
  let largest: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let s = entryKey(sets, i);
    if (largest == 0 || collCount(s) > collCount(largest)) largest = s;
  }
  if (largest == 0) return collNew(T_SET, 4);
  let r: usize = largest; // shared until a second non-empty set forces a copy
  for (let i: usize = 0; i < n; i++) {
    let s = entryKey(sets, i);
    if (s == largest || collCount(s) == 0) continue;
    r = r == largest ? unite(largest, s) : addAll(r, s);
  }
  return r;
}

function addAll(r: usize, s: usize): usize {
  let n = collCount(s);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(s, i);
    if (collFind(r, k) < 0) collAppend(r, k, k);
  }
  return r;
}
