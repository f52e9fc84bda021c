// AssemblyScript runtime hooks (selected with `--runtime assembly/rt/allocator`). Managed objects
// (AS String, ArrayBuffer, ...) get the header layout AS's standard library reads (rtId at -8,
// rtSize at -4, block size at -20) and come from our bump heap, so the SDK's heap reset frees them
// too. The runtime proper avoids managed objects; these hooks exist so stray std code still works.
import { alloc, realloc } from "./heap";

// @ts-ignore: decorator
@inline const HEADER: usize = 24; // 4 pad + mmInfo + gcInfo + gcInfo2 + rtId + rtSize, payload 8-aligned

// @ts-ignore: decorator
@global @unsafe
export function __alloc(size: usize): usize {
  return alloc(size);
}

// @ts-ignore: decorator
@global @unsafe
export function __new(size: usize, id: u32): usize {
  let block = alloc(HEADER + size);
  let obj = block + HEADER;
  store<u32>(obj - 20, <u32>size);
  store<u32>(obj - 16, 0);
  store<u32>(obj - 12, 0);
  store<u32>(obj - 8, id);
  store<u32>(obj - 4, <u32>size);
  return obj;
}

// @ts-ignore: decorator
@global @unsafe
export function __renew(oldPtr: usize, size: usize): usize {
  let oldSize = <usize>load<u32>(oldPtr - 4);
  let block = realloc(oldPtr - HEADER, HEADER + oldSize, HEADER + size);
  let obj = block + HEADER;
  store<u32>(obj - 20, <u32>size);
  store<u32>(obj - 4, <u32>size);
  return obj;
}

// @ts-ignore: decorator
@global @unsafe
export function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {}

// @ts-ignore: decorator
@global @unsafe
export function __collect(): void {}

// @ts-ignore: decorator
@global @unsafe
export function __pin(ptr: usize): usize {
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
export function __unpin(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
export function __visit(ptr: usize, cookie: u32): void {}
