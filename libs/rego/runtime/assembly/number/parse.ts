// Number literal text → number value, exactly: integral literals (12345678901234567890123, 1.0,
// 1e3) become integers; the others become the correctly rounded f64, or with more than 17
// significant digits the value rounded to a 64-bit mantissa (wide.ts), as OPA reads numbers. Also decimal → f64 for the
// float formatter's round-trip check.
import { alloc, allocZeroed, heapPtr, setHeapPtr } from "../rt/heap";
import { numInt, numFloat, bigAlloc, bigNormalize, bigLimbs, magToF64, numWithText } from "./number";
import { magMulSmall, magTrim, magBitLen, magShl, magDivMod } from "./bigint";
import { roundMag, roundedMant, roundedExp, numFromBinary } from "./wide";

// Literals whose integer value would have more digits than this are rejected (0): a guard
// against inputs like 1e999999999 that would need gigabytes.
// @ts-ignore: decorator
@inline const MAX_INT_DIGITS: i32 = 10000;
// Digits beyond this cannot change a correctly rounded f64 except through a sticky bit.
// @ts-ignore: decorator
@inline const MAX_FLOAT_DIGITS: i32 = 800;

/** Length of the JSON number at [p, end), or 0 if there is none. */
export function scanNumber(p: usize, end: usize): usize {
  let q = p;
  if (q < end && load<u8>(q) == 0x2D) q++;
  if (q >= end) return 0;
  let c = load<u8>(q);
  if (c == 0x30) {
    q++;
  } else if (c >= 0x31 && c <= 0x39) {
    while (q < end && isDigit(load<u8>(q))) q++;
  } else {
    return 0;
  }
  if (q < end && load<u8>(q) == 0x2E) {
    q++;
    if (q >= end || !isDigit(load<u8>(q))) return 0;
    while (q < end && isDigit(load<u8>(q))) q++;
  }
  if (q < end && (load<u8>(q) | 0x20) == 0x65) {
    q++;
    if (q < end && (load<u8>(q) == 0x2B || load<u8>(q) == 0x2D)) q++;
    if (q >= end || !isDigit(load<u8>(q))) return 0;
    while (q < end && isDigit(load<u8>(q))) q++;
  }
  return q - p;
}

// @ts-ignore: decorator
@inline export function isDigit(c: u8): bool {
  return <u32>(c - 0x30) < 10;
}

/**
 * Number value of the literal text [p, p+n) (JSON syntax); 0 if malformed or too large. A text
 * that is not a plain integer is kept with the value (number.ts numWithText): it must outlive it.
 */
export function parseNumber(p: usize, n: usize): usize {
  let v = parseNumberValue(p, n);
  if (v == 0) return 0;
  for (let q = p; q < p + n; q++) {
    let c = load<u8>(q);
    if (c == 0x2E || (c | 0x20) == 0x65) return numWithText(v, p, n);
  }
  return v;
}

function parseNumberValue(p: usize, n: usize): usize {
  if (n == 0 || scanNumber(p, p + n) != n) return 0;
  let end = p + n;
  let neg = load<u8>(p) == 0x2D;
  if (neg) p++;
  // Collect the significant digits (values 0-9) into a scratch buffer.
  let digits = alloc(n);
  let nd: i32 = 0;
  let fracLen: i32 = 0;
  let inFrac = false;
  while (p < end) {
    let c = load<u8>(p);
    if (c == 0x2E) {
      inFrac = true;
    } else if (isDigit(c)) {
      if (nd > 0 || c != 0x30) { store<u8>(digits + <usize>nd, c - 0x30); nd++; }
      if (inFrac) fracLen++;
    } else {
      break;
    }
    p++;
  }
  let exp: i32 = 0;
  if (p < end) {
    p++; // e or E
    let eneg = false;
    if (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D) eneg = load<u8>(p++) == 0x2D;
    while (p < end) {
      if (exp < 100000000) exp = exp * 10 + <i32>(load<u8>(p) - 0x30);
      p++;
    }
    if (eneg) exp = -exp;
  }
  if (nd == 0) return numInt(0);
  let e10 = exp - fracLen;
  while (load<u8>(digits + <usize>(nd - 1)) == 0) {
    nd--;
    e10++;
  }
  if (e10 >= 0) return integerFromDigits(digits, nd, e10, neg);
  if (nd > 17) {
    // More digits than an f64 holds: read at 64 bits, as OPA reads numbers (and prints wide ones).
    decimalToWide(digits, nd, e10);
    return numFromBinary(neg, roundedMant(), roundedExp());
  }
  let f = decimalToF64(digits, nd, e10);
  return numFloat(neg ? -f : f);
}

function integerFromDigits(d: usize, nd: i32, e10: i32, neg: bool): usize {
  let total = nd + e10;
  if (total <= 18) {
    let x: i64 = 0;
    for (let i: i32 = 0; i < nd; i++) x = x * 10 + <i64>load<u8>(d + <usize>i);
    for (let i: i32 = 0; i < e10; i++) x *= 10;
    return numInt(neg ? -x : x);
  }
  if (total > MAX_INT_DIGITS) return 0;
  let limbs = limbsForDigits(total);
  let v = bigAlloc(limbs, neg);
  let n = digitsToMag(d, nd, e10, bigLimbs(v));
  memory.fill(bigLimbs(v) + (n << 2), 0, (limbs - n) << 2);
  return bigNormalize(v);
}

// @ts-ignore: decorator
@inline function limbsForDigits(digits: i32): usize {
  return <usize>((<i64>digits * 107) >> 10) + 2; // log2(10)/32 ≈ 0.1038 < 107/1024
}

/** Writes the magnitude of digits * 10^e10 (e10 >= 0) at out; returns the limb count. */
function digitsToMag(d: usize, nd: i32, e10: i32, out: usize): usize {
  let n: usize = 0;
  let i: i32 = 0;
  while (i < nd) {
    let chunk: u32 = 0;
    let mul: u32 = 1;
    for (let k = 0; k < 9 && i < nd; k++, i++) {
      chunk = chunk * 10 + <u32>load<u8>(d + <usize>i);
      mul *= 10;
    }
    // With n == 0 the "carry" is the chunk itself (0 * 10^k + chunk).
    let carry = magMulSmall(out, n, mul, chunk);
    if (carry != 0) store<u32>(out + (n++ << 2), carry);
  }
  while (e10 > 0) {
    let k = e10 < 9 ? e10 : 9;
    let mul: u32 = 1;
    for (let j = 0; j < k; j++) mul *= 10;
    let carry = magMulSmall(out, n, mul, 0);
    if (carry != 0) store<u32>(out + (n++ << 2), carry);
    e10 -= k;
  }
  return n;
}

/**
 * D * 10^e10 rounded to a 64-bit mantissa (wide.ts roundMag: roundedMant/roundedExp), D given as
 * nd decimal digit values (no leading zero). The float formatter's round-trip check for wide values.
 */
export function decimalToWide(d: usize, nd: i32, e10: i32): void {
  let truncated = false;
  if (nd > MAX_FLOAT_DIGITS) {
    e10 += nd - MAX_FLOAT_DIGITS;
    nd = MAX_FLOAT_DIGITS;
    truncated = true;
  }
  let mark = heapPtr();
  if (e10 >= 0) {
    let out = alloc(limbsForDigits(nd + e10) << 2);
    let n = digitsToMag(d, nd, e10, out);
    roundMag(out, n, 0, truncated);
  } else {
    quotientOf(d, nd, e10);
    roundMag(quotP, quotN, quotE, quotSticky || truncated);
  }
  setHeapPtr(mark);
}

// D / 10^-e10 as a magnitude of at least 66 bits times 2^quotE, and whether a remainder was left.
let quotP: usize = 0;
let quotN: usize = 0;
let quotE: i32 = 0;
let quotSticky = false;

function quotientOf(d: usize, nd: i32, e10: i32): void {
  let dl = alloc(limbsForDigits(nd) << 2);
  let dn = digitsToMag(d, nd, 0, dl);
  let ml = alloc(limbsForDigits(-e10 + 1) << 2);
  let mn = pow10Into(ml, -e10);
  let s = <i32>magBitLen(ml, mn) - <i32>magBitLen(dl, dn) + 68;
  if (s < 0) s = 0;
  let an = dn + (<usize>s >> 5) + 1;
  let a = alloc(an << 2);
  magShl(dl, dn, <usize>s, a);
  let qn = an - mn + 1;
  let q = allocZeroed(qn << 2); // the quotient may have fewer limbs than qn
  let r = alloc(mn << 2);
  let work = alloc((an + 1 + mn) << 2);
  magDivMod(a, an, ml, mn, q, r, work);
  quotP = q;
  quotN = qn;
  quotE = -s;
  quotSticky = magTrim(r, mn) != 0;
}

/** Correctly rounded f64 of D * 10^e10, D given as nd decimal digit values (no leading zero). */
export function decimalToF64(d: usize, nd: i32, e10: i32): f64 {
  if (nd <= 15 && e10 >= -22 && e10 <= 22) {
    // Clinger's fast path: D and 10^|e10| are exact doubles, one operation rounds correctly.
    let x: f64 = 0;
    for (let i: i32 = 0; i < nd; i++) x = x * 10 + <f64>load<u8>(d + <usize>i);
    let pw: f64 = 1;
    let k = e10 < 0 ? -e10 : e10;
    for (let i: i32 = 0; i < k; i++) pw *= 10;
    return e10 < 0 ? x / pw : x * pw;
  }
  if (nd + e10 > 310) return Infinity;
  if (nd + e10 < -330) return 0;
  let truncated = false;
  if (nd > MAX_FLOAT_DIGITS) {
    e10 += nd - MAX_FLOAT_DIGITS;
    nd = MAX_FLOAT_DIGITS;
    truncated = true; // trailing zeros were stripped, so the cut-off part is non-zero
  }
  let mark = heapPtr(); // everything below is scratch
  let f: f64;
  if (e10 >= 0) {
    let out = alloc(limbsForDigits(nd + e10) << 2);
    let n = digitsToMag(d, nd, e10, out);
    f = magToF64(out, n, 0, truncated);
  } else {
    quotientOf(d, nd, e10);
    f = magToF64(quotP, quotN, quotE, quotSticky || truncated);
  }
  setHeapPtr(mark);
  return f;
}

/** out = 10^k; out has room for limbsForDigits(k + 1) limbs. Returns the limb count. */
function pow10Into(out: usize, k: i32): usize {
  store<u32>(out, 1);
  let n: usize = 1;
  while (k > 0) {
    let s = k < 9 ? k : 9;
    let mul: u32 = 1;
    for (let j = 0; j < s; j++) mul *= 10;
    let carry = magMulSmall(out, n, mul, 0);
    if (carry != 0) store<u32>(out + (n++ << 2), carry);
    k -= s;
  }
  return n;
}
