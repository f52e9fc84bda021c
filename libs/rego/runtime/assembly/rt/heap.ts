// The heap: a bump allocator whose whole state is one pointer. The OPA SDK resets that pointer
// between evaluations (opa_heap_ptr_set / the heapPtr argument of opa_eval), so nothing is ever
// freed one by one. Memory size is read on every growth check, never cached: the SDK grows memory
// itself to copy input text in.
import { abortStatic } from "../abort";

// 0 until first use: a global initialised from __heap_base would make AssemblyScript emit a start
// function, and the linker needs the start section for its own init.
let hp: usize = 0;

// @ts-ignore: decorator
@inline export const ALIGN: usize = 8;

// Largest single request; keeps `ptr + size` from wrapping around 4 GiB.
// @ts-ignore: decorator
@inline const MAX_REQUEST: usize = 0x7FFF_0000;

// @ts-ignore: decorator
@inline function heapBase(): usize {
  return (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
}

export function heapPtr(): usize {
  return hp != 0 ? hp : heapBase();
}

/** Internal scratch release (no epoch change): only for memory nothing else points into. */
export function setHeapPtr(p: usize): void {
  hp = p;
}

// Epoch: incremented by every external heap reset (opa_heap_ptr_set, vg_eval_begin). A cache that
// is built lazily inside an existing value is allocated above it, so a reset can discard the cache
// while the value survives (data parsed before the reset). Such caches record the epoch they were
// built in and are trusted only within it. Starts at 1; 0 marks caches built with their value.
let epoch: u32 = 1;

export function heapEpoch(): u32 {
  return epoch;
}

/** A reset by the host: moves the heap pointer and starts a new epoch. */
export function resetHeap(p: usize): void {
  hp = p;
  epoch = epoch == 0xFFFFFFFF ? 1 : epoch + 1;
}

/** Returns `size` bytes, 8-aligned, memory grown to cover them. Contents are not zeroed. */
export function alloc(size: usize): usize {
  let p = hp;
  if (p == 0) p = heapBase();
  p = (p + ALIGN - 1) & ~(ALIGN - 1);
  if (size > MAX_REQUEST) abortStatic("opa_malloc: failed");
  let end = p + size;
  if (<u64>end > (<u64>memory.size() << 16)) grow(end);
  hp = end;
  return p;
}

/** Like alloc, zero-filled. */
export function allocZeroed(size: usize): usize {
  let p = alloc(size);
  memory.fill(p, 0, size);
  return p;
}

/** Makes memory cover [0, end). A little slack avoids one grow per page; falls back to the exact need. */
function grow(end: usize): void {
  let have = <u64>memory.size() << 16;
  let need = <i32>((<u64>end - have + 0xFFFF) >> 16);
  let slack = need < 8 ? 8 : need;
  if (memory.grow(slack) < 0 && memory.grow(need) < 0) abortStatic("opa_malloc: failed");
}

/**
 * Extends the block [p, p+oldSize) to newSize bytes in place when it is the last allocation;
 * returns false (and does nothing) otherwise.
 */
export function tryExtend(p: usize, oldSize: usize, newSize: usize): bool {
  if (p + oldSize != hp || newSize > MAX_REQUEST) return false;
  let end = p + newSize;
  if (<u64>end > (<u64>memory.size() << 16)) grow(end);
  hp = end;
  return true;
}

/** Grows a buffer: in place when it is the last block, else by copying into a new block. */
export function realloc(p: usize, oldSize: usize, newSize: usize): usize {
  if (newSize <= oldSize) return p;
  if (tryExtend(p, oldSize, newSize)) return p;
  let q = alloc(newSize);
  memory.copy(q, p, oldSize);
  return q;
}
