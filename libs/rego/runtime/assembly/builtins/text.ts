// Text helpers shared by the string builtins: operand checks, UTF-8 decoding (Go's rules: an
// invalid byte decodes as U+FFFD of width 1), byte search, and string results that point into
// their source (values are immutable, so a slice of a string's bytes can be shared).
import { T_STRING, tagOf, strLen, strData } from "../values/layout";
import { stringRef, stringAlloc, setCodePoints } from "../values/scalars";
import { alloc, realloc } from "../rt/heap";
import { runeCount } from "../values/utf8";
import { operandError } from "./errors";

/** OPA's StringOperand: false after reporting "operand <pos> must be string but got <type>". */
export function strOk(name: string, v: usize, pos: i32): bool {
  if (tagOf(v) == T_STRING) return true;
  operandError(name, pos, "string", v);
  return false;
}

/** Width of the code point decoded by the last decodeAt. */
export let cpWidth: usize = 0;

/** The code point at p (p < end); sets cpWidth. Invalid or truncated sequences give U+FFFD, width 1. */
export function decodeAt(p: usize, end: usize): u32 {
  let b0 = <u32>load<u8>(p);
  if (b0 < 0x80) {
    cpWidth = 1;
    return b0;
  }
  let n: usize;
  let cp: u32;
  let min: u32;
  if (b0 >= 0xC2 && b0 <= 0xDF) { n = 2; cp = b0 & 0x1F; min = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 3; cp = b0 & 0x0F; min = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 4; cp = b0 & 0x07; min = 0x10000; }
  else { cpWidth = 1; return 0xFFFD; }
  if (p + n > end) { cpWidth = 1; return 0xFFFD; }
  for (let i: usize = 1; i < n; i++) {
    let b = <u32>load<u8>(p + i);
    if ((b & 0xC0) != 0x80) { cpWidth = 1; return 0xFFFD; }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) { cpWidth = 1; return 0xFFFD; }
  cpWidth = n;
  return cp;
}

/** Start of the code point that ends at end (p < end). */
export function prevStart(p: usize, end: usize): usize {
  let q = end - 1;
  let limit = end - 4 > p ? end - 4 : p; // a code point has at most 4 bytes
  while (q > limit && (load<u8>(q) & 0xC0) == 0x80) q--;
  // Only a valid sequence spanning exactly [q, end) counts; otherwise the last byte stands alone.
  decodeAt(q, end);
  return q + cpWidth == end ? q : end - 1;
}

/** First byte offset >= from where needle [np, np+nn) occurs in [hp, hp+hn), or -1 (nn > 0). */
export function indexBytes(hp: usize, hn: usize, from: usize, np: usize, nn: usize): isize {
  if (nn > hn) return -1;
  let first = load<u8>(np);
  let last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(hp + i) == first && memory.compare(hp + i, np, nn) == 0) return <isize>i;
  }
  return -1;
}

/** Number of code points in [p, p+n), Go's way (an invalid byte is one code point). */
export function countCodePoints(p: usize, n: usize): i32 {
  return runeCount(p, n);
}

/** A string sharing the bytes [p, p+n) of an existing (immutable) string. */
export function sliceOf(p: usize, n: usize): usize {
  return stringRef(p, n);
}

/** A fresh string of n bytes copied from p. */
export function copyOf(p: usize, n: usize): usize {
  let s = stringAlloc(n);
  memory.copy(strData(s), p, n);
  return s;
}

// --- a growable output buffer for string results ------------------------------------------------------------

let obuf: usize = 0;
let olen: usize = 0;
let ocap: usize = 0;

/** Starts a result of about `cap` bytes (it grows as needed). */
export function outBegin(cap: usize): void {
  ocap = cap < 16 ? 16 : cap;
  obuf = alloc(ocap);
  olen = 0;
}

function outReserve(n: usize): usize {
  if (olen + n > ocap) {
    let cap = ocap << 1;
    if (cap < olen + n) cap = olen + n + 16;
    obuf = realloc(obuf, ocap, cap);
    ocap = cap;
  }
  return obuf + olen;
}

export function outBytes(p: usize, n: usize): void {
  if (n == 0) return;
  memory.copy(outReserve(n), p, n);
  olen += n;
}

export function outByte(b: u32): void {
  store<u8>(outReserve(1), <u8>b);
  olen++;
}

/** Appends code point c as UTF-8. */
export function outCodePoint(c: u32): void {
  let q = outReserve(4);
  if (c < 0x80) {
    store<u8>(q, <u8>c);
    olen += 1;
  } else if (c < 0x800) {
    store<u8>(q, <u8>(0xC0 | (c >> 6)));
    store<u8>(q + 1, <u8>(0x80 | (c & 0x3F)));
    olen += 2;
  } else if (c < 0x10000) {
    store<u8>(q, <u8>(0xE0 | (c >> 12)));
    store<u8>(q + 1, <u8>(0x80 | ((c >> 6) & 0x3F)));
    store<u8>(q + 2, <u8>(0x80 | (c & 0x3F)));
    olen += 3;
  } else {
    store<u8>(q, <u8>(0xF0 | (c >> 18)));
    store<u8>(q + 1, <u8>(0x80 | ((c >> 12) & 0x3F)));
    store<u8>(q + 2, <u8>(0x80 | ((c >> 6) & 0x3F)));
    store<u8>(q + 3, <u8>(0x80 | (c & 0x3F)));
    olen += 4;
  }
}

// @ts-ignore: decorator
@inline export function outLen(): usize { return olen; }

/** The result as a string value (sharing the buffer, no copy). */
export function outString(): usize {
  return stringRef(obuf, olen);
}

/** Like outString, when the code point count is known. */
export function outStringCounted(cps: i32): usize {
  let s = stringRef(obuf, olen);
  setCodePoints(s, cps);
  return s;
}
