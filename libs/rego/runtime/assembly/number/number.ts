// Number values. Every number has exactly one representation, so equality and hashing can work
// on the representation (1 == 1.0, and they hash the same):
//   int    i64, for every integer in int64 range
//   big    sign + magnitude limbs, only for integers outside int64 range
//   float  f64, only for values that are not integers (so |x| < 2^52)
//   wide   64-bit mantissa and exponent, only for non-integers that f64 cannot hold exactly
//          (quotients of integers and arithmetic on wide values: wide.ts)
// Integral floats (from arithmetic or literals like 1.0, 1e3) become int or big, exactly.
//
// A number read from text that is not a plain integer (`1.0`, `1e400`, `0.10`,
// `1.0000000000000000000001`) keeps that text, as OPA keeps the text of numbers it did not
// compute: dump prints it, everything else sees the value. The flag is bit 0 of byte 3; the text
// (pointer, length) sits in the 8 bytes before the value. Equality, order and hashing ignore it.
import { alloc } from "../rt/heap";
import { T_NUMBER } from "../values/layout";
import { mix64, hashBytes } from "../values/hash";
import { magTrim, magCompare } from "./bigint";
import { wideCompare, wideToF64 } from "./wide";

// @ts-ignore: decorator
@inline export const K_INT: u8 = 0;
// @ts-ignore: decorator
@inline export const K_FLOAT: u8 = 1;
// @ts-ignore: decorator
@inline export const K_BIG: u8 = 2;
// @ts-ignore: decorator
@inline export const K_WIDE: u8 = 3;

// @ts-ignore: decorator
@inline export function numKind(v: usize): u8 { return load<u8>(v, 1); }
// @ts-ignore: decorator
@inline export function intOf(v: usize): i64 { return load<i64>(v, 8); }
// @ts-ignore: decorator
@inline export function floatOf(v: usize): f64 { return load<f64>(v, 8); }
// @ts-ignore: decorator
@inline export function bigNeg(v: usize): bool { return load<u8>(v, 2) != 0; }
// @ts-ignore: decorator
@inline export function bigLen(v: usize): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function bigLimbs(v: usize): usize { return v + 8; }
// @ts-ignore: decorator
@inline export function wideNeg(v: usize): bool { return load<u8>(v, 2) != 0; }
// @ts-ignore: decorator
@inline export function wideExp(v: usize): i32 { return load<i32>(v, 4); }
// @ts-ignore: decorator
@inline export function wideMant(v: usize): u64 { return load<u64>(v, 8); }

// @ts-ignore: decorator
@inline const NUM_TEXT: u8 = 1;

/** True when v keeps the text it was read from. */
// @ts-ignore: decorator
@inline export function numHasText(v: usize): bool { return (load<u8>(v, 3) & NUM_TEXT) != 0; }
// @ts-ignore: decorator
@inline export function numTextPtr(v: usize): usize { return <usize>load<u32>(v - 8); }
// @ts-ignore: decorator
@inline export function numTextLen(v: usize): usize { return <usize>load<u32>(v - 4); }

/** Bytes of a number's struct (after the optional text header). */
function numSize(v: usize): usize {
  return numKind(v) == K_BIG ? 8 + (bigLen(v) << 2) + 4 : 16;
}

/** A copy of number v that keeps the text [p, p+n) it was read from (which must outlive it). */
export function numWithText(v: usize, p: usize, n: usize): usize {
  let size = numSize(v);
  let h = alloc(8 + size);
  store<u32>(h, <u32>p);
  store<u32>(h, <u32>n, 4);
  let c = h + 8;
  memory.copy(c, v, size);
  store<u8>(c, load<u8>(c, 3) | NUM_TEXT, 3);
  return c;
}

// Preallocated small integers (filled by vg_init, so they sit below every evaluation's heap).
// @ts-ignore: decorator
@inline const SMALL_MIN: i64 = -16;
// @ts-ignore: decorator
@inline const SMALL_MAX: i64 = 1024;
let smallInts: usize = 0;

export function initSmallInts(): void {
  let n = <usize>(SMALL_MAX - SMALL_MIN);
  let base = alloc(n << 4);
  for (let i: usize = 0; i < n; i++) {
    let v = base + (i << 4);
    store<u64>(v, <u64>T_NUMBER);
    store<i64>(v, <i64>i + SMALL_MIN, 8);
  }
  smallInts = base;
}

export function numInt(x: i64): usize {
  if (smallInts != 0 && x >= SMALL_MIN && x < SMALL_MAX) return smallInts + (<usize>(x - SMALL_MIN) << 4);
  let v = alloc(16);
  store<u64>(v, <u64>T_NUMBER);
  store<i64>(v, x, 8);
  return v;
}

/** A number from an f64; 0 (undefined) for NaN and infinities. */
export function numFloat(x: f64): usize {
  if (!isFinite(x)) return 0;
  if (x == Math.trunc(x)) {
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) return numInt(<i64>x);
    return bigFromIntegralF64(x);
  }
  let v = alloc(16);
  store<u64>(v, <u64>T_NUMBER | (<u64>K_FLOAT << 8));
  store<f64>(v, x, 8);
  return v;
}

/** A big number with n uninitialised limbs (to be filled, then bigNormalize'd). */
export function bigAlloc(n: usize, neg: bool): usize {
  let v = alloc(8 + (n << 2) + 4);
  store<u32>(v, <u32>T_NUMBER | (<u32>K_BIG << 8) | (neg ? 1 << 16 : 0));
  store<u32>(v, <u32>n, 4);
  return v;
}

/** Restores the canonical form: trims zero limbs and turns int64-range values into ints. */
export function bigNormalize(v: usize): usize {
  let n = magTrim(bigLimbs(v), bigLen(v));
  store<u32>(v, <u32>n, 4);
  let neg = bigNeg(v);
  if (n <= 2) {
    let mag: u64 = n == 0 ? 0 : <u64>load<u32>(v, 8);
    if (n == 2) mag |= <u64>load<u32>(v, 12) << 32;
    if (!neg && mag <= <u64>i64.MAX_VALUE) return numInt(<i64>mag);
    if (neg && mag <= 0x8000000000000000) return numInt(<i64>(0 - mag));
  }
  return v;
}

function bigFromIntegralF64(x: f64): usize {
  let bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7FF) - 1075; // x = m * 2^e, e > 0 here
  let m = (bits & 0xFFFFFFFFFFFFF) | 0x10000000000000;
  let limbs = <usize>((53 + e + 31) >> 5);
  let v = bigAlloc(limbs, x < 0);
  let p = bigLimbs(v);
  memory.fill(p, 0, limbs << 2);
  let word = <usize>(e >> 5);
  let sh = <u64>(e & 31);
  // m << sh fits in 85 bits: spread over three limbs
  let lo = m << sh;
  let hi = sh == 0 ? 0 : m >> (64 - sh);
  store<u32>(p + (word << 2), <u32>lo);
  if (word + 1 < limbs) store<u32>(p + ((word + 1) << 2), <u32>(lo >> 32));
  if (word + 2 < limbs) store<u32>(p + ((word + 2) << 2), <u32>hi);
  return v;
}

/** -1, 0, 1 by exact numeric value. */
export function numCompare(a: usize, b: usize): i32 {
  let ka = numKind(a);
  let kb = numKind(b);
  if (ka == K_INT && kb == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka == K_BIG || kb == K_BIG) {
    // |big| > 2^63 > |int|, |float|, |wide|: the big one's sign decides unless both are big.
    if (ka == K_BIG && kb == K_BIG) {
      let na = bigNeg(a);
      if (na != bigNeg(b)) return na ? -1 : 1;
      let c = magCompare(bigLimbs(a), bigLen(a), bigLimbs(b), bigLen(b));
      return na ? -c : c;
    }
    if (ka == K_BIG) return bigNeg(a) ? -1 : 1;
    return bigNeg(b) ? 1 : -1;
  }
  if (ka == K_WIDE) return wideCompare(a, b);
  if (kb == K_WIDE) return -wideCompare(b, a);
  // int vs float or float vs float: an int beyond 2^53 converts inexactly, but then its magnitude
  // still exceeds any non-integral float, so the order is right; they are never equal.
  let x = ka == K_INT ? <f64>intOf(a) : floatOf(a);
  let y = kb == K_INT ? <f64>intOf(b) : floatOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numEqual(a: usize, b: usize): bool {
  let k = numKind(a);
  if (k != numKind(b)) return false;
  if (k == K_BIG) {
    let n = bigLen(a);
    return n == bigLen(b) && bigNeg(a) == bigNeg(b) && memory.compare(bigLimbs(a), bigLimbs(b), n << 2) == 0;
  }
  if (k == K_WIDE && (load<u8>(a, 2) != load<u8>(b, 2) || wideExp(a) != wideExp(b))) return false;
  return load<u64>(a, 8) == load<u64>(b, 8);
}

export function numHash(v: usize): u32 {
  let k = numKind(v);
  if (k == K_BIG) return hashBytes(bigLimbs(v), bigLen(v) << 2, bigNeg(v) ? 0x2D : 0x2B);
  if (k == K_WIDE) return mix64(load<u64>(v, 8) ^ (<u64>(<u32>wideExp(v) ^ (<u32>load<u8>(v, 2) << 31)) * 0xC2B2AE3D27D4EB4F));
  return mix64(load<u64>(v, 8) ^ (k == K_FLOAT ? 0x9E3779B97F4A7C15 : 0));
}

/** Nearest f64 (big integers round to nearest even). */
export function numToF64(v: usize): f64 {
  let k = numKind(v);
  if (k == K_INT) return <f64>intOf(v);
  if (k == K_FLOAT) return floatOf(v);
  if (k == K_WIDE) return wideToF64(v);
  let f = magToF64(bigLimbs(v), bigLen(v), 0, false);
  return bigNeg(v) ? -f : f;
}

/** 1 when v is an integer (int or big). */
// @ts-ignore: decorator
@inline export function numIsIntegral(v: usize): bool {
  let k = numKind(v);
  return k == K_INT || k == K_BIG;
}

/**
 * Correctly rounded f64 of magnitude * 2^e2, where `sticky` says that something non-zero below the
 * magnitude's last bit was cut off. Handles subnormals and overflow (→ Infinity).
 */
export function magToF64(p: usize, n: usize, e2: i32, sticky: bool): f64 {
  n = magTrim(p, n);
  if (n == 0) return 0;
  let bits = <i32>((n << 5) - <usize>clz<u32>(load<u32>(p + ((n - 1) << 2))));
  // Take the top 64 bits (or fewer) into `top`; everything below feeds the sticky bit.
  let top: u64 = 0;
  let cut = bits > 64 ? bits - 64 : 0;
  for (let i = bits - 1; i >= cut; i--) {
    top = (top << 1) | <u64>((load<u32>(p + (<usize>(i >> 5) << 2)) >> <u32>(i & 31)) & 1);
  }
  if (!sticky && cut > 0) {
    let full = <usize>(cut >> 5);
    for (let i: usize = 0; i < full && !sticky; i++) sticky = load<u32>(p + (i << 2)) != 0;
    let rest = cut & 31;
    if (!sticky && rest != 0) sticky = (load<u32>(p + (full << 2)) & ((1 << <u32>rest) - 1)) != 0;
  }
  return roundToF64(top, e2 + cut, sticky);
}

/** Correctly rounded f64 of (m + sticky*tiny) * 2^e2 (m != 0). */
export function roundToF64(m: u64, e2: i32, sticky: bool): f64 {
  let bl = 64 - <i32>clz<u64>(m);
  let msb = bl - 1 + e2; // binary exponent of the leading bit
  if (msb > 1023) return Infinity;
  let prec = 53;
  if (msb < -1022) prec = 53 - (-1022 - msb); // subnormal: fewer bits
  if (prec <= 0) {
    // Below half of the smallest subnormal, or exactly at/above it.
    if (prec == 0 && (m != (<u64>1 << <u64>(bl - 1)) || sticky)) return 4.9406564584124654e-324;
    return 0;
  }
  let shift = bl - prec;
  if (shift > 0) {
    let half = <u64>1 << <u64>(shift - 1);
    let low = m & ((half << 1) - 1);
    m >>= <u64>shift;
    if (low > half || (low == half && (sticky || (m & 1) != 0))) {
      m++;
      if (m == (<u64>1 << <u64>prec) && prec == 53) {
        m >>= 1;
        shift++;
      }
    }
    e2 += shift;
  }
  return scale2(<f64>m, e2);
}

/** x * 2^e exactly (x is an integer below 2^54 and the result is representable). */
function scale2(x: f64, e: i32): f64 {
  while (e > 1000) { x *= 8.98846567431158e307; e -= 1023; } // 2^1023
  while (e < -1000) { x *= 2.2250738585072014e-308; e += 1022; } // 2^-1022
  return x * reinterpret<f64>(<u64>(e + 1023) << 52);
}
