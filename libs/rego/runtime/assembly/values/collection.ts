// Objects and sets share one structure: entries in insertion order (key, value, hash; a set stores
// the element as both key and value), an open-addressing hash index once there are more than
// SMALL entries (below that a linear scan is faster than hashing), and a lazily built index of
// entries in key order, because Rego iterates and prints objects and sets sorted. Inserting a new
// key drops the sorted index, unless keys keep arriving in increasing order (flag IN_ORDER), which
// is common for generated JSON and needs no index at all.
//
//   [tag][flags @1][..][u32 count @4][u32 cap @8][u32 entries @12][u32 table @16][u32 tmask @20]
//   [u32 sorted @24][u32 sortedEpoch @28]
//
// The sorted index is built either with the value (parser, data patching: epoch 0, valid as long
// as the value) or lazily on first use, in which case it is valid only in the heap epoch it was
// built in (see rt/heap.ts): data parsed before a heap reset must not point above it.
import { alloc, allocZeroed, realloc, heapEpoch } from "../rt/heap";
import { T_OBJECT, T_SET } from "./layout";
import { valueEqual, valueCompare, valueHash } from "../compare";
import { sortEntryOrder } from "../sort";

// @ts-ignore: decorator
@inline const COLL_SIZE: usize = 32;
// @ts-ignore: decorator
@inline const ENTRY: usize = 12;
// @ts-ignore: decorator
@inline const SMALL: usize = 8;
// @ts-ignore: decorator
@inline const IN_ORDER: u8 = 1;

// @ts-ignore: decorator
@inline export function collCount(c: usize): usize { return <usize>load<u32>(c, 4); }
// @ts-ignore: decorator
@inline export function collEntries(c: usize): usize { return <usize>load<u32>(c, 12); }
// @ts-ignore: decorator
@inline export function entryKey(c: usize, e: usize): usize { return <usize>load<u32>(collEntries(c) + e * ENTRY); }
// @ts-ignore: decorator
@inline export function entryValue(c: usize, e: usize): usize { return <usize>load<u32>(collEntries(c) + e * ENTRY, 4); }
// @ts-ignore: decorator
@inline export function setEntryValue(c: usize, e: usize, v: usize): void { store<u32>(collEntries(c) + e * ENTRY, <u32>v, 4); }

export function collNew(tag: u8, cap: usize): usize {
  let c = alloc(COLL_SIZE + cap * ENTRY);
  store<u32>(c, <u32>tag | (<u32>IN_ORDER << 8));
  store<u32>(c, 0, 4);
  store<u32>(c, <u32>cap, 8);
  store<u32>(c, <u32>(c + COLL_SIZE), 12);
  store<u64>(c, 0, 16); // table, tmask
  store<u64>(c, 0, 24); // sorted, sortedEpoch
  return c;
}

// @ts-ignore: decorator
@inline export function objectNew(): usize { return collNew(T_OBJECT, 4); }
// @ts-ignore: decorator
@inline export function setNew(): usize { return collNew(T_SET, 4); }

/** Entry index of key, or -1. */
export function collFind(c: usize, key: usize): isize {
  let n = collCount(c);
  let entries = collEntries(c);
  let table = <usize>load<u32>(c, 16);
  if (table == 0) {
    for (let e: usize = 0; e < n; e++) {
      let k = <usize>load<u32>(entries + e * ENTRY);
      if (k == key || valueEqual(k, key)) return <isize>e;
    }
    return -1;
  }
  let h = valueHash(key);
  let mask = <usize>load<u32>(c, 20);
  let slot = <usize>h & mask;
  while (true) {
    let idx = <usize>load<u32>(table + (slot << 2));
    if (idx == 0) return -1;
    let ep = entries + (idx - 1) * ENTRY;
    if (load<u32>(ep, 8) == h) {
      let k = <usize>load<u32>(ep);
      if (k == key || valueEqual(k, key)) return <isize>(idx - 1);
    }
    slot = (slot + 1) & mask;
  }
  return -1;
}

/** Value stored under key (objects), the stored element (sets), or 0. */
export function collGet(c: usize, key: usize): usize {
  let e = collFind(c, key);
  return e < 0 ? 0 : entryValue(c, <usize>e);
}

/**
 * Appends a new entry (the caller checked the key is absent). Keeps the hash index and the
 * in-order flag up to date and drops the sorted index.
 */
export function collAppend(c: usize, key: usize, value: usize): void {
  let n = collCount(c);
  let cap = <usize>load<u32>(c, 8);
  let entries = collEntries(c);
  if (n == cap) {
    let ncap: usize = cap < 4 ? 8 : cap << 1;
    entries = realloc(entries, cap * ENTRY, ncap * ENTRY);
    store<u32>(c, <u32>ncap, 8);
    store<u32>(c, <u32>entries, 12);
  }
  let flags = load<u8>(c, 1);
  if ((flags & IN_ORDER) != 0 && n > 0 && valueCompare(<usize>load<u32>(entries + (n - 1) * ENTRY), key) >= 0) {
    store<u8>(c, flags & ~IN_ORDER, 1);
  }
  store<u32>(c, 0, 24);
  let ep = entries + n * ENTRY;
  store<u32>(ep, <u32>key);
  store<u32>(ep, <u32>value, 4);
  store<u32>(ep, 0, 8);
  store<u32>(c, <u32>(n + 1), 4);
  let table = <usize>load<u32>(c, 16);
  if (table != 0) {
    let h = valueHash(key);
    store<u32>(ep, h, 8);
    let mask = <usize>load<u32>(c, 20);
    if ((n + 1) * 2 > mask + 1) rebuildTable(c, (mask + 1) << 1);
    else tableInsert(table, mask, h, n);
  } else if (n + 1 > SMALL) {
    rebuildTable(c, 32);
  }
}

function tableInsert(table: usize, mask: usize, h: u32, e: usize): void {
  let slot = <usize>h & mask;
  while (load<u32>(table + (slot << 2)) != 0) slot = (slot + 1) & mask;
  store<u32>(table + (slot << 2), <u32>(e + 1));
}

/** (Re)builds the hash index with `size` slots (a power of two > 2 * count). */
function rebuildTable(c: usize, size: usize): void {
  let n = collCount(c);
  while (size < n * 2 + 2) size <<= 1;
  let table = allocZeroed(size << 2);
  let mask = size - 1;
  let entries = collEntries(c);
  for (let e: usize = 0; e < n; e++) {
    let ep = entries + e * ENTRY;
    let h = load<u32>(ep, 8);
    if (h == 0) {
      h = valueHash(<usize>load<u32>(ep));
      store<u32>(ep, h, 8);
    }
    tableInsert(table, mask, h, e);
  }
  store<u32>(c, <u32>table, 16);
  store<u32>(c, <u32>mask, 20);
}

/** obj[key] = value, replacing. */
export function objectInsert(c: usize, key: usize, value: usize): void {
  let e = collFind(c, key);
  if (e >= 0) setEntryValue(c, <usize>e, value);
  else collAppend(c, key, value);
}

/** Adds an element unless an equal one is present. */
export function setAdd(c: usize, v: usize): void {
  if (collFind(c, v) < 0) collAppend(c, v, v);
}

/** Removes key if present (entries shift down, the hash index is rebuilt). */
export function collRemove(c: usize, key: usize): void {
  let e = collFind(c, key);
  if (e < 0) return;
  let n = collCount(c);
  let entries = collEntries(c);
  let at = entries + <usize>e * ENTRY;
  memory.copy(at, at + ENTRY, (n - 1 - <usize>e) * ENTRY);
  store<u32>(c, <u32>(n - 1), 4);
  store<u32>(c, 0, 24);
  if (load<u32>(c, 16) != 0) {
    if (n - 1 > SMALL) rebuildTable(c, <usize>load<u32>(c, 20) + 1);
    else store<u64>(c, 0, 16);
  }
}

/**
 * Entry index at sorted position i. Call collPrepareOrder first (iteration, dump and compare do),
 * so that the order index is current.
 */
// @ts-ignore: decorator
@inline export function orderedEntry(c: usize, i: usize): usize {
  let order = <usize>load<u32>(c, 24);
  return order == 0 ? i : <usize>load<u32>(order + (i << 2));
}

/** Makes sure orderedEntry works: builds the sorted index unless entries are already in order. */
export function collPrepareOrder(c: usize): void {
  if ((load<u8>(c, 1) & IN_ORDER) != 0) return;
  if (load<u32>(c, 24) != 0) {
    let e = load<u32>(c, 28);
    if (e == 0 || e == heapEpoch()) return;
  }
  buildOrder(c, heapEpoch());
}

/** Builds the sorted index now, as part of the value (parser, data patching). */
export function collFreezeOrder(c: usize): void {
  if ((load<u8>(c, 1) & IN_ORDER) != 0 || (load<u32>(c, 24) != 0 && load<u32>(c, 28) == 0)) return;
  buildOrder(c, 0);
}

function buildOrder(c: usize, epoch: u32): void {
  let n = collCount(c);
  let order = alloc(n << 2);
  for (let i: usize = 0; i < n; i++) store<u32>(order + (i << 2), <u32>i);
  sortEntryOrder(order, n, collEntries(c));
  store<u32>(c, <u32>order, 24);
  store<u32>(c, epoch, 28);
}

/** Shallow copy: same keys and values, own entries (and index) so it can be changed. */
export function collCopy(c: usize): usize {
  let n = collCount(c);
  let d = collNew(load<u8>(c), n < 4 ? 4 : n);
  memory.copy(collEntries(d), collEntries(c), n * ENTRY);
  store<u8>(d, load<u8>(c, 1), 1);
  store<u32>(d, <u32>n, 4);
  store<u64>(d, load<u64>(c, 24), 24); // the order index (and its epoch) is immutable once built: share it
  if (load<u32>(c, 16) != 0) rebuildTable(d, <usize>load<u32>(c, 20) + 1);
  return d;
}
