// Wide numbers: non-integral values with a 64-bit mantissa, as OPA computes them. OPA divides (and
// does arithmetic on non-integers) with Go's big.Float, whose default precision is a 64-bit
// mantissa: 1769903999999999999 / 1000000000 is 1769903999.999999999 there, while an f64 quotient
// rounds to 1769904000 and `time.now_ns() / 1e9 < exp` fails in the last second before exp.
//
// A quotient of integers that is not an integer, and any arithmetic with a wide operand, is
// computed exactly and rounded once to 64 bits (nearest, ties to even), as big.Float does. The
// result takes the narrowest exact form (number.ts keeps one representation per value): int or
// big when integral, f64 when 53 bits hold it or its shortest text has at most 17 digits (see
// numFromBinary), wide otherwise. Literals of more than 17 significant digits are read at 64 bits
// (parse.ts), so a wide value's text reads back to it; other literals and float arithmetic keep
// their f64 semantics.
//
// Layout: [tag][K_WIDE @1][sign @2][0 @3][i32 exponent @4][u64 mantissa @8], value =
// ±mantissa × 2^exponent with an odd mantissa (so equal values have equal bytes) and exponent < 0.
import { alloc, heapPtr, setHeapPtr } from "../rt/heap";
import { T_NUMBER } from "../values/layout";
import {
  K_INT, K_FLOAT, K_WIDE, numKind, intOf, floatOf, bigNeg, bigLen, bigLimbs, numInt, numFloat, bigAlloc,
  bigNormalize, wideNeg, wideExp, wideMant,
} from "./number";
import { magAdd, magSub, magMul, magCompare, magDivMod, magTrim, magBitLen, magShl } from "./bigint";
import { wideShortestDigits, shortestDigitsAt, shortestPoint } from "./format";
import { decimalToF64 } from "./parse";

/** Set when an operation's result lies beyond the f64 range (OPA keeps it; we report it as arithmetic does for floats). */
export let wideOverflow = false;

export function clearWideOverflow(): void {
  wideOverflow = false;
}

// Binary operands and results: ±m × 2^e (m == 0 for zero). Module state: AS has no tuples.
let aNeg = false;
let aM: u64 = 0;
let aE: i32 = 0;
let bNeg = false;
let bM: u64 = 0;
let bE: i32 = 0;
let rM: u64 = 0;
let rE: i32 = 0;

/** True when an arithmetic operation on a and b must go through wide arithmetic. */
// @ts-ignore: decorator
@inline export function involvesWide(a: usize, b: usize): bool {
  return numKind(a) == K_WIDE || numKind(b) == K_WIDE;
}

// --- operands ---------------------------------------------------------------------------------

/** Loads v into operand a (first) or b: ints, floats and wides exactly, big integers rounded to 64 bits. */
function loadOperand(v: usize, first: bool): void {
  let neg = false;
  let m: u64 = 0;
  let e: i32 = 0;
  let k = numKind(v);
  if (k == K_INT) {
    let x = intOf(v);
    neg = x < 0;
    m = neg ? 0 - <u64>x : <u64>x;
  } else if (k == K_FLOAT) {
    let f = floatOf(v);
    let bits = reinterpret<u64>(f);
    neg = (bits >> 63) != 0;
    let be = <i32>((bits >> 52) & 0x7FF);
    m = bits & 0xFFFFFFFFFFFFF;
    if (be == 0) e = -1074;
    else {
      m |= 0x10000000000000;
      e = be - 1075;
    }
  } else if (k == K_WIDE) {
    neg = wideNeg(v);
    m = wideMant(v);
    e = wideExp(v);
  } else {
    neg = bigNeg(v);
    roundMag(bigLimbs(v), bigLen(v), 0, false);
    m = rM;
    e = rE;
  }
  if (first) {
    aNeg = neg;
    aM = m;
    aE = e;
  } else {
    bNeg = neg;
    bM = m;
    bE = e;
  }
}

// --- rounding ---------------------------------------------------------------------------------

/** Bits [from, from + count) of a magnitude (count <= 64). */
function magBits(p: usize, n: usize, from: usize, count: usize): u64 {
  let r: u64 = 0;
  for (let i: usize = 0; i < count; i++) {
    let bit = from + i;
    let w = bit >> 5;
    if (w < n && ((load<u32>(p + (w << 2)) >> <u32>(bit & 31)) & 1) != 0) r |= <u64>1 << <u64>i;
  }
  return r;
}

/** True when any bit below `below` is set. */
function magAnyBelow(p: usize, n: usize, below: usize): bool {
  let full = below >> 5;
  for (let i: usize = 0; i < full && i < n; i++) if (load<u32>(p + (i << 2)) != 0) return true;
  let rest = below & 31;
  return rest != 0 && full < n && (load<u32>(p + (full << 2)) & ((1 << <u32>rest) - 1)) != 0;
}

/**
 * Rounds magnitude × 2^e2 to a 64-bit mantissa (nearest, ties to even) into (rM, rE). `sticky`
 * says a non-zero tail was cut off below the magnitude's last bit; callers that pass it make sure
 * the magnitude has more than 65 bits, so the tail only breaks ties.
 */
export function roundMag(p: usize, n: usize, e2: i32, sticky: bool): void {
  n = magTrim(p, n);
  let bits = magBitLen(p, n);
  if (bits <= 64) {
    rM = magBits(p, n, 0, bits);
    rE = e2;
    return;
  }
  let cut = bits - 64;
  let top = magBits(p, n, cut, 64);
  let half = magBits(p, n, cut - 1, 1) != 0;
  let rest = sticky || magAnyBelow(p, n, cut - 1);
  rE = e2 + <i32>cut;
  if (half && (rest || (top & 1) != 0)) {
    top++;
    if (top == 0) {
      top = <u64>1 << 63;
      rE++;
    }
  }
  rM = top;
}

/** The mantissa and exponent roundMag produced. */
// @ts-ignore: decorator
@inline export function roundedMant(): u64 {
  return rM;
}

// @ts-ignore: decorator
@inline export function roundedExp(): i32 {
  return rE;
}

/** A 2-limb magnitude of m, shifted left by `shift` bits, in fresh scratch memory; sets magOutLen. */
let magOutLen: usize = 0;

function magOf(m: u64, shift: usize): usize {
  let src = alloc(8);
  store<u64>(src, m);
  let out = alloc(((shift + 64) >> 5) * 4 + 8);
  magOutLen = shift == 0 ? 2 : magShl(src, 2, shift, out);
  if (shift == 0) memory.copy(out, src, 8);
  return out;
}

// --- results ----------------------------------------------------------------------------------

/** The number ±m × 2^e in its canonical representation (see the file comment). */
export function numFromBinary(neg: bool, m: u64, e: i32): usize {
  if (m == 0) return numInt(0);
  let tz = <i32>ctz<u64>(m);
  m >>= <u64>tz;
  e += tz;
  let bl = 64 - <i32>clz<u64>(m);
  let msb = e + bl - 1;
  if (msb > 1023) {
    wideOverflow = true; // beyond f64 as for float arithmetic
    return 0;
  }
  if (msb < -1075) return numInt(0); // below the smallest f64, as float arithmetic underflows
  if (e >= 0) {
    if (msb < 63) return numInt(neg ? -<i64>(m << <u64>e) : <i64>(m << <u64>e));
    let limbs = (<usize>e >> 5) + 3; // magShl writes 2 + e/32 + 1 limbs
    let v = bigAlloc(limbs, neg);
    memory.fill(bigLimbs(v), 0, limbs << 2);
    let src = alloc(8);
    store<u64>(src, m);
    magShl(src, 2, <usize>e, bigLimbs(v));
    return bigNormalize(v);
  }
  if (bl <= 53 && e >= -1074) {
    let f = <f64>m;
    // m < 2^53 and the scale is a power of two: exact (two steps keep the factor finite)
    if (e < -1000) f = f * reinterpret<f64>(<u64>(1023 - 1000) << 52) * reinterpret<f64>(<u64>(1023 + e + 1000) << 52);
    else f *= reinterpret<f64>(<u64>(1023 + e) << 52);
    return numFloat(neg ? -f : f);
  }
  // OPA's result is the shortest decimal that reads back to the 64-bit value. Up to 17 digits, a
  // literal of that decimal is an f64 here (parse.ts), so the result is that f64 too: 1 / 10 equals
  // 0.1. Longer decimals are what wide values are for (and read back to the same wide value).
  let mark = heapPtr();
  let nd = wideShortestDigits(m, e);
  if (nd <= 17) {
    let f = decimalToF64(shortestDigitsAt(), nd, shortestPoint() - nd);
    setHeapPtr(mark);
    return numFloat(neg ? -f : f);
  }
  setHeapPtr(mark);
  let v = alloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>K_WIDE << 8) | (neg ? 1 << 16 : 0));
  store<i32>(v, e, 4);
  store<u64>(v, m, 8);
  return v;
}

// --- arithmetic ---------------------------------------------------------------------------------

/** a + b, or a - b when `subtract`, rounded to 64 bits. */
export function wideAdd(a: usize, b: usize, subtract: bool): usize {
  let mark = heapPtr();
  loadOperand(a, true);
  loadOperand(b, false);
  if (subtract) bNeg = !bNeg;
  if (bM == 0) return result(mark, aNeg, aM, aE);
  if (aM == 0) return result(mark, bNeg, bM, bE);
  // An operand more than 2,400 binary places below the other cannot move the rounded sum.
  if (aE - bE > 2400) return result(mark, aNeg, aM, aE);
  if (bE - aE > 2400) return result(mark, bNeg, bM, bE);
  let e = aE < bE ? aE : bE;
  let ap = magOf(aM, <usize>(aE - e));
  let an = magOutLen;
  let bp = magOf(bM, <usize>(bE - e));
  let bn = magOutLen;
  let n = (an > bn ? an : bn) + 1;
  let out = alloc(n << 2);
  memory.fill(out, 0, n << 2);
  let neg = aNeg;
  if (aNeg == bNeg) {
    magAdd(ap, an, bp, bn, out);
  } else {
    let c = magCompare(ap, magTrim(ap, an), bp, magTrim(bp, bn));
    if (c == 0) return result(mark, false, 0, 0);
    if (c > 0) magSub(ap, an, bp, bn, out);
    else {
      magSub(bp, bn, ap, an, out);
      neg = bNeg;
    }
  }
  roundMag(out, n, e, false);
  return result(mark, neg, rM, rE);
}

/** a × b rounded to 64 bits. */
export function wideMul(a: usize, b: usize): usize {
  let mark = heapPtr();
  loadOperand(a, true);
  loadOperand(b, false);
  if (aM == 0 || bM == 0) return result(mark, false, 0, 0);
  let ap = magOf(aM, 0);
  let bp = magOf(bM, 0);
  let out = alloc(16);
  memory.fill(out, 0, 16);
  magMul(ap, 2, bp, 2, out);
  roundMag(out, 4, aE + bE, false);
  return result(mark, aNeg != bNeg, rM, rE);
}

/** a / b (b not zero) rounded to 64 bits. */
export function wideDiv(a: usize, b: usize): usize {
  let mark = heapPtr();
  loadOperand(a, true);
  loadOperand(b, false);
  if (aM == 0) return result(mark, false, 0, 0);
  // Scale the dividend so the quotient has at least 66 bits: the remainder then only breaks ties.
  let abl = 64 - <i32>clz<u64>(aM);
  let bbl = 64 - <i32>clz<u64>(bM);
  let k = 67 + bbl - abl;
  if (k < 0) k = 0;
  let num = magOf(aM, <usize>k);
  let nn = magTrim(num, magOutLen);
  let den = magOf(bM, 0);
  let dn = magTrim(den, 2);
  let qn = nn >= dn ? nn - dn + 1 : 1;
  let q = alloc(qn << 2);
  memory.fill(q, 0, qn << 2);
  let r = alloc(dn << 2);
  let work = alloc((nn + 1 + dn) << 2);
  magDivMod(num, nn, den, dn, q, r, work);
  let rem = magTrim(r, dn) != 0;
  roundMag(q, qn, aE - bE - k, rem);
  return result(mark, aNeg != bNeg, rM, rE);
}

/** Releases the scratch memory above `mark`, then builds the result value. */
function result(mark: usize, neg: bool, m: u64, e: i32): usize {
  setHeapPtr(mark);
  return numFromBinary(neg, m, e);
}

// --- conversions ------------------------------------------------------------------------------

/** -1, 0, 1: wide v against any number w that is not big (exactly, as binary values). */
export function wideCompare(v: usize, w: usize): i32 {
  loadOperand(v, true);
  loadOperand(w, false);
  if (aM == 0 && bM == 0) return 0;
  let sa: i32 = aM == 0 ? 0 : aNeg ? -1 : 1;
  let sb: i32 = bM == 0 ? 0 : bNeg ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  // Same sign, both non-zero: compare magnitudes by leading-bit exponent, then aligned mantissas.
  let la = aE + 63 - <i32>clz<u64>(aM);
  let lb = bE + 63 - <i32>clz<u64>(bM);
  let c: i32;
  if (la != lb) c = la < lb ? -1 : 1;
  else {
    let x = aM << clz<u64>(aM);
    let y = bM << clz<u64>(bM);
    c = x == y ? 0 : x < y ? -1 : 1;
  }
  return sa < 0 ? -c : c;
}

/** Nearest f64 of a wide value. */
export function wideToF64(v: usize): f64 {
  let m = wideMant(v);
  let e = wideExp(v);
  // m has at most 64 bits: round it to 53 (ties to even), then scale exactly.
  let bl = 64 - <i32>clz<u64>(m);
  if (bl > 53) {
    let shift = bl - 53;
    let half = <u64>1 << <u64>(shift - 1);
    let low = m & ((half << 1) - 1);
    m >>= <u64>shift;
    e += shift;
    if (low > half || (low == half && (m & 1) != 0)) m++;
  }
  let f = <f64>m;
  while (e < -1000) {
    f *= reinterpret<f64>(<u64>(1023 - 1000) << 52);
    e += 1000;
  }
  f *= reinterpret<f64>(<u64>(1023 + e) << 52);
  return wideNeg(v) ? -f : f;
}

/**
 * The integer part of a wide value, truncated toward zero, and whether a fraction was cut
 * (always, since wide values are not integral). |v| < 2^63, so it fits an i64.
 */
export function wideTrunc(v: usize): i64 {
  let s = -wideExp(v);
  let ip: u64 = s >= 64 ? 0 : wideMant(v) >> <u64>s;
  return wideNeg(v) ? -<i64>ip : <i64>ip;
}
