// Stable merge sort of u32 arrays under OPA's value order: either value pointers themselves or
// entry indices of a collection (ordered by the entry's key). Insertion sort for short runs.
import { alloc } from "./rt/heap";
import { valueCompare } from "./compare";

// @ts-ignore: decorator
@inline const ENTRY: usize = 12;

let entriesBase: usize = 0; // 0: elements are values; else elements index these entries

// @ts-ignore: decorator
@inline function keyOf(x: u32): usize {
  return entriesBase == 0 ? <usize>x : <usize>load<u32>(entriesBase + <usize>x * ENTRY);
}

// @ts-ignore: decorator
@inline function cmp(a: u32, b: u32): i32 {
  return valueCompare(keyOf(a), keyOf(b));
}

/** Sorts value pointers in place. */
export function sortValues(p: usize, n: usize): void {
  let saved = entriesBase;
  entriesBase = 0;
  mergeSort(p, n);
  entriesBase = saved;
}

/** Sorts entry indices in place by the keys of `entries` (12-byte entries, key first). */
export function sortEntryOrder(p: usize, n: usize, entries: usize): void {
  let saved = entriesBase;
  entriesBase = entries;
  mergeSort(p, n);
  entriesBase = saved;
}

function mergeSort(p: usize, n: usize): void {
  if (n < 2) return;
  if (n <= 16) {
    insertionSort(p, n);
    return;
  }
  // The buffer is not released: comparing may build (and keep) sorted indexes of nested values.
  let tmp = alloc(n << 2);
  // bottom-up: sort runs of 16, then merge runs of doubling width
  for (let i: usize = 0; i < n; i += 16) insertionSort(p + (i << 2), n - i < 16 ? n - i : 16);
  let src = p;
  let dst = tmp;
  for (let w: usize = 16; w < n; w <<= 1) {
    for (let lo: usize = 0; lo < n; lo += w << 1) {
      let mid = lo + w < n ? lo + w : n;
      let hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      merge(src, dst, lo, mid, hi);
    }
    let t = src; src = dst; dst = t;
  }
  if (src != p) memory.copy(p, src, n << 2);
}

function merge(src: usize, dst: usize, lo: usize, mid: usize, hi: usize): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    let a = load<u32>(src + (i << 2));
    let b = load<u32>(src + (j << 2));
    if (cmp(b, a) < 0) {
      store<u32>(dst + (k++ << 2), b);
      j++;
    } else {
      store<u32>(dst + (k++ << 2), a);
      i++;
    }
  }
  while (i < mid) store<u32>(dst + (k++ << 2), load<u32>(src + (i++ << 2)));
  while (j < hi) store<u32>(dst + (k++ << 2), load<u32>(src + (j++ << 2)));
}

function insertionSort(p: usize, n: usize): void {
  for (let i: usize = 1; i < n; i++) {
    let x = load<u32>(p + (i << 2));
    let j = i;
    while (j > 0 && cmp(x, load<u32>(p + ((j - 1) << 2))) < 0) {
      store<u32>(p + (j << 2), load<u32>(p + ((j - 1) << 2)));
      j--;
    }
    store<u32>(p + (j << 2), x);
  }
}
