// null, booleans (static singletons, so "is false" is a pointer compare) and strings.
import { alloc } from "../rt/heap";
import { T_STRING, STR_SIZE, strLen, strData } from "./layout";
import { hashBytes } from "./hash";
import { runeCount } from "./utf8";

export const NULL_V: usize = memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
export const TRUE_V: usize = memory.data<u8>([2, 0, 0, 0, 1, 0, 0, 0], 8);
export const FALSE_V: usize = memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);

// @ts-ignore: decorator
@inline export function boolV(b: bool): usize {
  return b ? TRUE_V : FALSE_V;
}

// @ts-ignore: decorator
@inline export function boolOf(v: usize): bool {
  return load<u32>(v, 4) != 0;
}

// @ts-ignore: decorator
@inline const SEED_STRING: u32 = 0x5354524E;

/** A string value over bytes that must outlive it (static data, the parsed text). */
export function stringRef(data: usize, len: usize): usize {
  let s = alloc(STR_SIZE);
  store<u64>(s, <u64>T_STRING | (<u64>len << 32));
  store<u64>(s, <u64>data, 8); // data, hash = 0
  store<i32>(s, -1, 16);
  return s;
}

/** A string value with room for len bytes right after the header; the caller fills them. */
export function stringAlloc(len: usize): usize {
  let s = alloc(STR_SIZE + len);
  store<u64>(s, <u64>T_STRING | (<u64>len << 32));
  store<u64>(s, <u64>(s + STR_SIZE), 8);
  store<i32>(s, -1, 16);
  return s;
}

export function stringCopy(data: usize, len: usize): usize {
  let s = stringAlloc(len);
  memory.copy(s + STR_SIZE, data, len);
  return s;
}

/** A string value from an AS string literal (ASCII/BMP text only, used for builtin results). */
export function stringFromLiteral(lit: string): usize {
  let n = <usize>lit.length;
  let p = changetype<usize>(lit);
  let s = stringAlloc(n);
  let d = strData(s);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(p + (i << 1)));
  store<i32>(s, <i32>n, 16);
  return s;
}

/** Marks a string as known to have `cps` code points (the parser knows it for ASCII text). */
// @ts-ignore: decorator
@inline export function setCodePoints(s: usize, cps: i32): void {
  store<i32>(s, cps, 16);
}

export function strHash(s: usize): u32 {
  let h = load<u32>(s, 12);
  if (h != 0) return h;
  h = hashBytes(strData(s), strLen(s), SEED_STRING);
  if (h == 0) h = 1;
  store<u32>(s, h, 12);
  return h;
}

/** Number of Unicode code points (counted once, then cached). */
export function strCodePoints(s: usize): i32 {
  let c = load<i32>(s, 16);
  if (c >= 0) return c;
  let count = runeCount(strData(s), strLen(s));
  store<i32>(s, count, 16);
  return count;
}

/** Byte-wise comparison (Go's string order): -1, 0, 1. */
export function strCompare(a: usize, b: usize): i32 {
  let la = strLen(a);
  let lb = strLen(b);
  let n = la < lb ? la : lb;
  let c = memory.compare(strData(a), strData(b), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

// Inlined: string equality is the hottest comparison (rule tests, object key lookups).
// @ts-ignore: decorator
@inline export function strEqual(a: usize, b: usize): bool {
  let n = strLen(a);
  if (n != strLen(b)) return false;
  let ha = load<u32>(a, 12);
  let hb = load<u32>(b, 12);
  if (ha != 0 && hb != 0 && ha != hb) return false;
  let pa = strData(a);
  let pb = strData(b);
  return pa == pb || memory.compare(pa, pb, n) == 0;
}
