// Exact arithmetic on number values: int64 fast paths, big integers beyond (exact + - * and
// integer division/remainder), f64 as soon as a non-integer is involved; a quotient of integers
// that is not an integer, and anything with a wide operand, in 64-bit-mantissa arithmetic as OPA's
// big.Float (wide.ts). Errors are reported in `arithError` (the builtin wrappers turn them into
// OPA's messages) with a 0 result.
import { alloc } from "../rt/heap";
import {
  K_INT, K_FLOAT, K_BIG, numKind, intOf, floatOf, bigNeg, bigLen, bigLimbs, numInt, numFloat, bigAlloc,
  bigNormalize, numToF64,
} from "./number";
import { magAdd, magSub, magMul, magCompare, magDivMod, magTrim } from "./bigint";
import { K_WIDE, wideNeg, wideExp, wideMant } from "./number";
import { involvesWide, wideAdd, wideMul, wideDiv, wideTrunc, numFromBinary, wideOverflow, clearWideOverflow } from "./wide";

// @ts-ignore: decorator
@inline export const E_NONE: i32 = 0;
// @ts-ignore: decorator
@inline export const E_DIV_ZERO: i32 = 1;
// @ts-ignore: decorator
@inline export const E_MOD_FLOAT: i32 = 2;
// @ts-ignore: decorator
@inline export const E_MOD_ZERO: i32 = 3;
// @ts-ignore: decorator
@inline export const E_NOT_FINITE: i32 = 4;

export let arithError: i32 = E_NONE;

// @ts-ignore: decorator
@inline function isZero(v: usize): bool {
  return numKind(v) == K_INT && intOf(v) == 0;
}

/** Wide result, or 0 with E_NOT_FINITE when it lies beyond the f64 range. */
function wideResult(v: usize): usize {
  if (wideOverflow) {
    clearWideOverflow();
    arithError = E_NOT_FINITE;
    return 0;
  }
  return v;
}

/** f64 result, or 0 with E_NOT_FINITE. */
function floatResult(x: f64): usize {
  let v = numFloat(x);
  if (v == 0) arithError = E_NOT_FINITE;
  return v;
}

// Magnitude view of an integer operand: returns the limb pointer, sets viewLen/viewNeg.
let viewLen: usize = 0;
let viewNeg: bool = false;

function magView(v: usize): usize {
  if (numKind(v) == K_BIG) {
    viewLen = bigLen(v);
    viewNeg = bigNeg(v);
    return bigLimbs(v);
  }
  let x = intOf(v);
  let m: u64 = x < 0 ? 0 - <u64>x : <u64>x;
  let p = alloc(8);
  store<u64>(p, m);
  viewLen = 2;
  viewNeg = x < 0;
  return p;
}

/** a + b (negate = false) or a - b (negate = true) of integers, exactly. */
function bigAddSub(a: usize, b: usize, negate: bool): usize {
  let ap = magView(a);
  let an = viewLen;
  let aneg = viewNeg;
  let bp = magView(b);
  let bn = viewLen;
  let bneg = viewNeg != negate;
  if (aneg == bneg) {
    let n = (an > bn ? an : bn) + 1;
    let r = bigAlloc(n, aneg);
    magAdd(ap, an, bp, bn, bigLimbs(r));
    return bigNormalize(r);
  }
  let c = magCompare(ap, an, bp, bn);
  if (c == 0) return numInt(0);
  if (c > 0) {
    let r = bigAlloc(an, aneg);
    magSub(ap, an, bp, bn, bigLimbs(r));
    return bigNormalize(r);
  }
  let r = bigAlloc(bn, bneg);
  magSub(bp, bn, ap, an, bigLimbs(r));
  return bigNormalize(r);
}

export function numAdd(a: usize, b: usize): usize {
  let ka = numKind(a);
  let kb = numKind(b);
  if (ka == K_INT && kb == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    let r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return numInt(r);
    return bigAddSub(a, b, false);
  }
  if (involvesWide(a, b)) return wideResult(wideAdd(a, b, false));
  if (ka == K_FLOAT || kb == K_FLOAT) return floatResult(numToF64(a) + numToF64(b));
  return bigAddSub(a, b, false);
}

export function numSub(a: usize, b: usize): usize {
  let ka = numKind(a);
  let kb = numKind(b);
  if (ka == K_INT && kb == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    let r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return numInt(r);
    return bigAddSub(a, b, true);
  }
  if (involvesWide(a, b)) return wideResult(wideAdd(a, b, true));
  if (ka == K_FLOAT || kb == K_FLOAT) return floatResult(numToF64(a) - numToF64(b));
  return bigAddSub(a, b, true);
}

export function numMul(a: usize, b: usize): usize {
  let ka = numKind(a);
  let kb = numKind(b);
  if (ka == K_INT && kb == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    if (x == 0 || y == 0) return numInt(0);
    // (MIN * -1 overflows, and checking it by division would trap: test those first)
    if (!(x == -1 && y == i64.MIN_VALUE) && !(y == -1 && x == i64.MIN_VALUE)) {
      let r = x * y;
      if (r / y == x) return numInt(r);
    }
  } else if (involvesWide(a, b)) {
    return wideResult(wideMul(a, b));
  } else if (ka == K_FLOAT || kb == K_FLOAT) {
    return floatResult(numToF64(a) * numToF64(b));
  }
  let ap = magView(a);
  let an = viewLen;
  let aneg = viewNeg;
  let bp = magView(b);
  let bn = viewLen;
  let r = bigAlloc(an + bn, aneg != viewNeg);
  magMul(ap, an, bp, bn, bigLimbs(r));
  return bigNormalize(r);
}

// Quotient and remainder of integers, truncated toward zero (Go's Quo/Rem).
let divRem: usize = 0;

function intDivMod(a: usize, b: usize): usize {
  if (numKind(a) == K_INT && numKind(b) == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    if (!(x == i64.MIN_VALUE && y == -1)) {
      divRem = numInt(x % y);
      return numInt(x / y);
    }
  }
  let ap = magView(a);
  let an = magTrim(ap, viewLen);
  let aneg = viewNeg;
  let bp = magView(b);
  let bn = magTrim(bp, viewLen);
  let bneg = viewNeg;
  let qn = an >= bn ? an - bn + 1 : 1;
  let q = bigAlloc(qn, aneg != bneg);
  let r = bigAlloc(bn, aneg);
  let work = alloc((an + 1 + bn) << 2);
  magDivMod(ap, an, bp, bn, bigLimbs(q), bigLimbs(r), work);
  divRem = bigNormalize(r);
  return bigNormalize(q);
}

export function numDiv(a: usize, b: usize): usize {
  if (isZero(b)) {
    arithError = E_DIV_ZERO;
    return 0;
  }
  if (isIntegral(a) && isIntegral(b)) {
    let q = intDivMod(a, b);
    if (isZero(divRem)) return q;
    return wideResult(wideDiv(a, b)); // not an integer: as OPA's 64-bit big.Float quotient
  }
  if (involvesWide(a, b)) return wideResult(wideDiv(a, b));
  return floatResult(numToF64(a) / numToF64(b));
}

// @ts-ignore: decorator
@inline function isIntegral(v: usize): bool {
  let k = numKind(v);
  return k == K_INT || k == K_BIG;
}

export function numRem(a: usize, b: usize): usize {
  if (!isIntegral(a) || !isIntegral(b)) {
    arithError = E_MOD_FLOAT;
    return 0;
  }
  if (isZero(b)) {
    arithError = E_MOD_ZERO;
    return 0;
  }
  intDivMod(a, b);
  return divRem;
}

export function numNeg(a: usize): usize {
  return numSub(numInt(0), a);
}

export function numAbs(a: usize): usize {
  let k = numKind(a);
  if (k == K_FLOAT) return numFloat(Math.abs(floatOf(a)));
  if (k == K_WIDE) return wideNeg(a) ? numFromBinary(false, wideMant(a), wideExp(a)) : a;
  if (k == K_INT && intOf(a) >= 0) return a;
  if (k == K_BIG && !bigNeg(a)) return a;
  return numNeg(a);
}

/** mode 0: round half away from zero, 1: ceil, 2: floor. Integers are returned unchanged. */
export function numRound(a: usize, mode: i32): usize {
  if (numKind(a) == K_WIDE) return wideRound(a, mode);
  if (numKind(a) != K_FLOAT) return a;
  let x = floatOf(a);
  let t = Math.trunc(x); // |x| < 2^52, so x - t is exact
  let r: f64;
  if (mode == 1) r = t < x ? t + 1 : t;
  else if (mode == 2) r = t > x ? t - 1 : t;
  else r = Math.abs(x - t) >= 0.5 ? t + (x < 0 ? -1 : 1) : t;
  return numFloat(r);
}

/** numRound of a wide value (never integral; |a| < 2^63), exactly. */
function wideRound(a: usize, mode: i32): usize {
  let t = wideTrunc(a);
  let neg = wideNeg(a);
  let away = numAdd(numInt(t), numInt(neg ? -1 : 1)); // |t| + 1 may leave int64 (then big)
  if (mode == 1) return neg ? numInt(t) : away;
  if (mode == 2) return neg ? away : numInt(t);
  let s = -wideExp(a); // fraction bits
  let halfOrMore = s <= 64 && ((wideMant(a) >> <u64>(s - 1)) & 1) != 0;
  return halfOrMore ? away : numInt(t);
}
