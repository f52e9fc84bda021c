// A growable output buffer on the heap, for JSON/value dumps and number formatting. There is one
// current writer; it grows in place while it is the last heap block, else it moves (doubling).
import { alloc, realloc } from "../rt/heap";

let wbuf: usize = 0;
let wpos: usize = 0;
let wcap: usize = 0;

export function wBegin(cap: usize): void {
  wbuf = alloc(cap);
  wpos = 0;
  wcap = cap;
}

// @ts-ignore: decorator
@inline export function wPos(): usize { return wpos; }
// @ts-ignore: decorator
@inline export function wBuf(): usize { return wbuf; }
// @ts-ignore: decorator
@inline export function wTruncate(pos: usize): void { wpos = pos; }

/** Makes room for n more bytes; returns the address to write them at. */
export function wReserve(n: usize): usize {
  if (wpos + n > wcap) {
    let cap = wcap << 1;
    if (cap < wpos + n) cap = wpos + n + 64;
    wbuf = realloc(wbuf, wcap, cap);
    wcap = cap;
  }
  return wbuf + wpos;
}

// @ts-ignore: decorator
@inline export function wAdvance(n: usize): void { wpos += n; }

export function wByte(b: u32): void {
  store<u8>(wReserve(1), <u8>b);
  wpos++;
}

export function wBytes(p: usize, n: usize): void {
  memory.copy(wReserve(n), p, n);
  wpos += n;
}

/** Appends an ASCII AS string literal. */
export function wAscii(s: string): void {
  let n = <usize>s.length;
  let p = changetype<usize>(s);
  let d = wReserve(n);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(p + (i << 1)));
  wpos += n;
}

/** NUL-terminates and returns the text's address. */
export function wFinish(): usize {
  wByte(0);
  return wbuf;
}
