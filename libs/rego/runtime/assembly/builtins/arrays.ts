// array.concat, array.slice, array.reverse, array.flatten. Elements are shared, never copied;
// a slice even shares the element vector of its source (values are immutable).
import { T_ARRAY, ARR_SIZE, tagOf, arrLen, arrAt, arrElems } from "../values/layout";
import { alloc } from "../rt/heap";
import { arrayNew } from "../values/array";
import { intOf } from "../number/number";
import { operandError } from "./errors";
import { intOperandOk } from "./fail";
import { arrayOfLen } from "./common";

export function vg_builtin_array_concat(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_ARRAY) return operandError("array.concat", 1, "array", a);
  if (tagOf(b) != T_ARRAY) return operandError("array.concat", 2, "array", b);
  let na = arrLen(a);
  let nb = arrLen(b);
  if (na == 0) return b;
  if (nb == 0) return a;
  let r = arrayOfLen(na + nb);
  memory.copy(arrElems(r), arrElems(a), na << 2);
  memory.copy(arrElems(r) + (na << 2), arrElems(b), nb << 2);
  return r;
}

export function vg_builtin_array_slice(a: usize, start: usize, stop: usize): usize {
  if (a == 0 || start == 0 || stop == 0) return 0;
  if (tagOf(a) != T_ARRAY) return operandError("array.slice", 1, "array", a);
  if (!intOperandOk("array.slice", start, 2) || !intOperandOk("array.slice", stop, 3)) return 0;
  let n = <i64>arrLen(a);
  // OPA clamps: stop into [0, n], then start into [0, stop].
  let hi = intOf(stop);
  if (hi < 0) hi = 0;
  else if (hi > n) hi = n;
  let lo = intOf(start);
  if (lo < 0) lo = 0;
  else if (lo > hi) lo = hi;
  if (lo == 0 && hi == n) return a;
  // A view on the same vector; cap = len, so an append (never done on a visible value) would copy.
  let r = alloc(ARR_SIZE);
  let len = <u32>(hi - lo);
  store<u64>(r, <u64>T_ARRAY | (<u64>len << 32));
  store<u32>(r, len, 8);
  store<u32>(r, <u32>(arrElems(a) + (<usize>lo << 2)), 12);
  return r;
}

export function vg_builtin_array_reverse(a: usize): usize {
  if (tagOf(a) != T_ARRAY) return operandError("array.reverse", 1, "array", a);
  let n = arrLen(a);
  let r = arrayOfLen(n);
  let src = arrElems(a);
  let dst = arrElems(r);
  for (let i: usize = 0; i < n; i++) store<u32>(dst + (i << 2), load<u32>(src + ((n - 1 - i) << 2)));
  return r;
}

/** array.flatten: one level; array elements are spliced in, any other element is kept as it is. */
export function vg_builtin_array_flatten(a: usize): usize {
  if (tagOf(a) != T_ARRAY) return operandError("array.flatten", 1, "array", a);
  let n = arrLen(a);
  let total: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let e = arrAt(a, i);
    total += tagOf(e) == T_ARRAY ? arrLen(e) : 1;
  }
  let r = arrayOfLen(total);
  let dst = arrElems(r);
  for (let i: usize = 0; i < n; i++) {
    let e = arrAt(a, i);
    if (tagOf(e) == T_ARRAY) {
      let m = arrLen(e);
      memory.copy(dst, arrElems(e), m << 2);
      dst += m << 2;
    } else {
      store<u32>(dst, <u32>e);
      dst += 4;
    }
  }
  return r;
}
