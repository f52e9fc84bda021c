// Arrays: length, capacity and a separate vector of element pointers (so appending can move the
// vector without moving the array value that others point to).
import { alloc, realloc } from "../rt/heap";
import { T_ARRAY, ARR_SIZE, arrLen, arrElems } from "./layout";

export function arrayNew(cap: usize): usize {
  let a = alloc(ARR_SIZE + (cap << 2));
  store<u64>(a, <u64>T_ARRAY); // len = 0
  store<u32>(a, <u32>cap, 8);
  store<u32>(a, <u32>(a + ARR_SIZE), 12);
  return a;
}

export function arrayAppend(a: usize, v: usize): void {
  let n = arrLen(a);
  let cap = <usize>load<u32>(a, 8);
  let elems = arrElems(a);
  if (n == cap) {
    let ncap: usize = cap < 4 ? 8 : cap << 1;
    elems = realloc(elems, cap << 2, ncap << 2);
    store<u32>(a, <u32>ncap, 8);
    store<u32>(a, <u32>elems, 12);
  }
  store<u32>(elems + (n << 2), <u32>v);
  store<u32>(a, <u32>(n + 1), 4);
}

/** Shallow copy with the same elements. */
export function arrayCopy(a: usize): usize {
  let n = arrLen(a);
  let b = arrayNew(n);
  memory.copy(arrElems(b), arrElems(a), n << 2);
  store<u32>(b, <u32>n, 4);
  return b;
}
