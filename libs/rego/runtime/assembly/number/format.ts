// Number → text, as OPA prints numbers: integers in full (no fraction, no exponent), floats as
// Go's strconv.FormatFloat(f, 'g', -1, 64): the shortest digits that read back to the same f64,
// in %e form when the exponent is < -4 or >= 6 (0.1, 123456.7, 1.2345675e+06, 1.5e-07, 1e+21).
// Wide values (64-bit mantissa) as Go's big.Float Text('g', -1): the same format, with the shortest
// digits that read back to the same 64-bit value (1.769903999999999999e+09, 0.3333333333333333333).
import { alloc, heapPtr, setHeapPtr } from "../rt/heap";
import { wByte, wReserve, wAdvance } from "../json/writer";
import { K_INT, K_FLOAT, K_WIDE, numKind, intOf, floatOf, bigNeg, bigLen, bigLimbs, wideNeg, wideExp, wideMant } from "./number";
import { magDivSmall, magMulSmall, magTrim, magShl } from "./bigint";
import { decimalToF64, decimalToWide } from "./parse";
import { roundedMant, roundedExp } from "./wide";

export function writeNumber(v: usize): void {
  let k = numKind(v);
  if (k == K_INT) writeI64(intOf(v));
  else if (k == K_FLOAT) writeF64(floatOf(v));
  else if (k == K_WIDE) writeWide(v);
  else writeBig(v);
}

export function writeI64(x: i64): void {
  let m: u64 = x < 0 ? 0 - <u64>x : <u64>x;
  let n = decimalLen(m) + (x < 0 ? 1 : 0);
  let p = wReserve(n);
  let q = p + n;
  do {
    store<u8>(--q, <u8>(0x30 + m % 10));
    m /= 10;
  } while (m != 0);
  if (x < 0) store<u8>(p, 0x2D);
  wAdvance(n);
}

function decimalLen(m: u64): usize {
  let n: usize = 1;
  while (m >= 10) {
    m /= 10;
    n++;
  }
  return n;
}

function writeBig(v: usize): void {
  if (bigNeg(v)) wByte(0x2D);
  let digits = alloc(bigLen(v) * 10 + 10);
  let nd = magToDecimal(bigLimbs(v), bigLen(v), digits);
  let p = wReserve(nd);
  for (let i: usize = 0; i < nd; i++) store<u8>(p + i, load<u8>(digits + i) + 0x30);
  wAdvance(nd);
}

/**
 * Decimal digit values (0-9, most significant first, no leading zeros; "0" for zero) of a
 * magnitude, written at out (room for 10 digits per limb + 10). The magnitude is not modified.
 */
export function magToDecimal(p: usize, n: usize, out: usize): usize {
  n = magTrim(p, n);
  let cap = n * 10 + 10;
  let tmp = alloc((n + 1) << 2);
  memory.copy(tmp, p, n << 2);
  let end = out + cap;
  let q = end;
  while (n > 0) {
    let chunk = magDivSmall(tmp, n, 1000000000);
    n = magTrim(tmp, n);
    for (let i = 0; i < 9; i++) {
      store<u8>(--q, <u8>(chunk % 10));
      chunk /= 10;
      if (n == 0 && chunk == 0) break;
    }
  }
  if (q == end) store<u8>(--q, 0);
  let nd = end - q;
  memory.copy(out, q, nd);
  return nd;
}

/** Writes an f64 (finite) in Go's shortest 'g' format. */
export function writeF64(f: f64): void {
  if (f == 0) {
    if (reinterpret<u64>(f) >> 63) wByte(0x2D);
    wByte(0x30);
    return;
  }
  if (f < 0) {
    wByte(0x2D);
    f = -f;
  }
  // The search's scratch memory is released before writing: the writer may move its buffer.
  let mark = heapPtr();
  let bits = reinterpret<u64>(f);
  let be = <i32>((bits >> 52) & 0x7FF);
  let m = bits & 0xFFFFFFFFFFFFF;
  let e2: i32 = -1074;
  if (be != 0) {
    m |= 0x10000000000000;
    e2 = be - 1075;
  }
  let dp = shortestDigits(m, e2, f, digitBuf);
  setHeapPtr(mark);
  writeShortest(dp);
}

/** Writes a wide value in big.Float's shortest 'g' format. */
function writeWide(v: usize): void {
  if (wideNeg(v)) wByte(0x2D);
  let mark = heapPtr();
  let dp = shortestDigits(wideMant(v), wideExp(v), 0, digitBuf);
  setHeapPtr(mark);
  writeShortest(dp);
}

/**
 * The shortest decimal digits of the 64-bit value m × 2^e2 (m odd): their count; the digit values
 * are at shortestDigitsAt() and the point position at shortestPoint(). Allocates scratch memory:
 * the caller releases it.
 */
export function wideShortestDigits(m: u64, e2: i32): i32 {
  lastDp = shortestDigits(m, e2, 0, digitBuf);
  return <i32>load<u8>(digitBuf, 23);
}

let lastDp: i32 = 0;

// @ts-ignore: decorator
@inline export function shortestDigitsAt(): usize {
  return digitBuf;
}

// @ts-ignore: decorator
@inline export function shortestPoint(): i32 {
  return lastDp;
}

function writeShortest(dp: i32): void {
  let nd = <i32>load<u8>(digitBuf, 23);
  let exp = dp - 1;
  if (exp < -4 || exp >= 6) writeE(digitBuf, nd, exp);
  else writeFixed(digitBuf, nd, dp);
}

const digitBuf: usize = memory.data(24);

function writeE(d: usize, nd: i32, exp: i32): void {
  wByte(0x30 + load<u8>(d));
  if (nd > 1) {
    wByte(0x2E);
    for (let i = 1; i < nd; i++) wByte(0x30 + load<u8>(d + <usize>i));
  }
  wByte(0x65);
  wByte(exp < 0 ? 0x2D : 0x2B);
  if (exp < 0) exp = -exp;
  if (exp < 10) wByte(0x30);
  writeI64(exp);
}

function writeFixed(d: usize, nd: i32, dp: i32): void {
  if (dp <= 0) {
    wByte(0x30);
    wByte(0x2E);
    for (let i = 0; i < -dp; i++) wByte(0x30);
    for (let i = 0; i < nd; i++) wByte(0x30 + load<u8>(d + <usize>i));
    return;
  }
  for (let i = 0; i < dp; i++) wByte(i < nd ? 0x30 + load<u8>(d + <usize>i) : 0x30);
  if (dp < nd) {
    wByte(0x2E);
    for (let i = dp; i < nd; i++) wByte(0x30 + load<u8>(d + <usize>i));
  }
}

/**
 * Shortest decimal digits (values) of m × 2^e2 > 0 that read back to the same value: to the f64 `f`
 * when f is not 0, else (a wide value) to the same 64-bit mantissa. At each length the correctly
 * rounded candidate is tried first, then the neighbour on the other side (which can be the only
 * one inside the rounding interval when the value is a power of two), as Go's shortest formatting
 * does. Writes the digits at out[0..], their count at out[23], returns the decimal point position
 * dp: value = 0.d1d2.. × 10^dp.
 */
function shortestDigits(m: u64, e2: i32, f: f64, out: usize): i32 {
  let exact = alloc(1200);
  let nd = exactDigits(m, e2, exact);
  let dp = exactDp;
  let most: i32 = f != 0 ? 17 : 21; // digits that always identify an f64 / a 64-bit mantissa
  for (let p: i32 = 1; p < nd && p <= most; p++) {
    let up = roundsUp(exact, nd, p);
    let cdp = candidate(exact, p, dp, up, out);
    if (readsBack(out, cdp, m, e2, f)) return finish(out, cdp);
    cdp = candidate(exact, p, dp, !up, out);
    if (readsBack(out, cdp, m, e2, f)) return finish(out, cdp);
  }
  memory.copy(out, exact, <usize>min<i32>(nd, most)); // the exact digits (at most `most` by now)
  candLen = min<i32>(nd, most);
  return finish(out, dp);
}

/** True when the candidate digits (candLen of them, point at dp) read back to the value. */
function readsBack(d: usize, dp: i32, m: u64, e2: i32, f: f64): bool {
  if (f != 0) return decimalToF64(d, candLen, dp - candLen) == f;
  decimalToWide(d, candLen, dp - candLen);
  let rm = roundedMant();
  if (rm == 0) return false;
  let tz = <i32>ctz<u64>(rm);
  return rm >> <u64>tz == m && roundedExp() + tz == e2; // m is odd (canonical wide mantissa)
}

let candLen: i32 = 0;

function finish(out: usize, dp: i32): i32 {
  store<u8>(out, <u8>candLen, 23);
  return dp;
}

/** The first p exact digits, rounded up or truncated; sets candLen, returns the point position. */
function candidate(exact: usize, p: i32, dp: i32, up: bool, out: usize): i32 {
  memory.copy(out, exact, <usize>p);
  let n = p;
  if (up) {
    let i = p - 1;
    while (i >= 0 && load<u8>(out + <usize>i) == 9) {
      store<u8>(out + <usize>i, 0);
      i--;
    }
    if (i < 0) {
      store<u8>(out, 1);
      n = 1;
      dp++;
    } else {
      store<u8>(out + <usize>i, load<u8>(out + <usize>i) + 1);
    }
  }
  while (n > 1 && load<u8>(out + <usize>(n - 1)) == 0) n--;
  candLen = n;
  return dp;
}

/** Round half to even at digit p of the exact expansion. */
function roundsUp(d: usize, nd: i32, p: i32): bool {
  let next = load<u8>(d + <usize>p);
  if (next != 5) return next > 5;
  for (let i = p + 1; i < nd; i++) if (load<u8>(d + <usize>i) != 0) return true;
  return (load<u8>(d + <usize>(p - 1)) & 1) != 0;
}

let exactDp: i32 = 0;

/**
 * The exact decimal expansion of m × 2^e2 > 0 (at most ~1,100 significant digits): for e2 < 0 it
 * is m * 5^-e2 / 10^-e2. Writes digit values (no trailing zeros) at out and returns their count;
 * the decimal point position goes to exactDp.
 */
function exactDigits(m: u64, e2: i32, out: usize): i32 {
  let tz = <i32>ctz<u64>(m);
  m >>= <u64>tz;
  e2 += tz;
  let k = e2 < 0 ? -e2 : e2;
  let limbs = ((((<usize>k * 2322) >> 10) + 64) >> 5) + 3; // log2(5) ≈ 2.322 >= 1 bit per shift
  let mag = alloc(limbs << 2);
  store<u32>(mag, <u32>m);
  store<u32>(mag, <u32>(m >> 32), 4);
  let n: usize = 2;
  if (e2 > 0) {
    let shifted = alloc(limbs << 2);
    n = magShl(mag, 2, <usize>e2, shifted);
    mag = shifted;
  } else {
    while (k > 0) {
      let s = k < 13 ? k : 13; // 5^13 < 2^32
      let mul: u32 = 1;
      for (let j = 0; j < s; j++) mul *= 5;
      let carry = magMulSmall(mag, n, mul, 0);
      if (carry != 0) store<u32>(mag + (n++ << 2), carry);
      k -= s;
    }
  }
  let digits = alloc(n * 10 + 10);
  let nd = <i32>magToDecimal(mag, n, digits);
  exactDp = nd + (e2 < 0 ? e2 : 0);
  while (nd > 1 && load<u8>(digits + <usize>(nd - 1)) == 0) nd--;
  memory.copy(out, digits, <usize>nd);
  return nd;
}
