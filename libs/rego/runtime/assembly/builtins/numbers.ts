// numbers.range, numbers.range_step, to_number, format_int and the deprecated cast_* builtins.
// Integers of any size are exact; int64 ranges take a fast path without big arithmetic.
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt, arrElems,
  strLen, strData,
} from "../values/layout";
import { boolOf, stringAlloc, setCodePoints } from "../values/scalars";
import { numInt, numKind, intOf, numCompare, numToF64, floatOf, bigNeg, bigLen, bigLimbs, K_INT, K_FLOAT } from "../number/number";
import { numAdd, numSub } from "../number/arith";
import { parseNumber } from "../number/parse";
import { magToDecimal } from "../number/format";
import { magTrim, magDivSmall } from "../number/bigint";
import { alloc } from "../rt/heap";
import { arrayNew, arrayAppend } from "../values/array";
import { collNew, collCount, collFind, collAppend, collPrepareOrder, orderedEntry, entryKey } from "../values/collection";
import { CODE_BUILTIN, msgStr, msgBytes, failBuiltin } from "../abort";
import { operandError } from "./errors";
import { failBegin, operandFail, plainFail } from "./fail";
import { arrayOfLen, asciiString, bigIntOperandOk } from "./common";

// --- numbers.range / numbers.range_step ---------------------------------------------------------------

// More elements than a 4 GiB memory can hold (4-byte slots plus numbers): a builtin error at
// once, instead of growing memory until it runs out (OPA's evaluator would run out or time out).
// @ts-ignore: decorator
@inline const MAX_RANGE: f64 = 268435456;

/** [from, to] by step (> 0), counting down when from > to. */
function range(name: string, from: usize, to: usize, step: usize): usize {
  let down = numCompare(from, to) > 0;
  let span = down ? numSub(from, to) : numSub(to, from);
  if (numToF64(span) / numToF64(step) >= MAX_RANGE) return plainFail(name, "result too large");
  if (numKind(from) == K_INT && numKind(to) == K_INT && numKind(step) == K_INT) {
    let a = intOf(from);
    let b = intOf(to);
    let s = intOf(step);
    let span = <u64>(down ? a - b : b - a); // fits u64 even for the extremes
    let n = <usize>(span / <u64>s + 1);
    let r = arrayOfLen(n);
    let p = arrElems(r);
    let x = a;
    for (let i: usize = 0; i < n; i++) {
      store<u32>(p + (i << 2), <u32>numInt(x));
      x = down ? x - s : x + s;
    }
    return r;
  }
  let r = arrayNew(8);
  let x = from;
  while (down ? numCompare(x, to) >= 0 : numCompare(x, to) <= 0) {
    arrayAppend(r, x);
    x = down ? numSub(x, step) : numAdd(x, step);
  }
  return r;
}

export function vg_builtin_numbers_range(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (!bigIntOperandOk("numbers.range", a, 1) || !bigIntOperandOk("numbers.range", b, 2)) return 0;
  return range("numbers.range", a, b, numInt(1));
}

export function vg_builtin_numbers_range_step(a: usize, b: usize, step: usize): usize {
  if (a == 0 || b == 0 || step == 0) return 0;
  let name = "numbers.range_step";
  if (!bigIntOperandOk(name, a, 1) || !bigIntOperandOk(name, b, 2) || !bigIntOperandOk(name, step, 3)) return 0;
  if (numCompare(step, numInt(0)) <= 0) return plainFail(name, "step must be a positive number above zero");
  return range(name, a, b, step);
}

// --- to_number ----------------------------------------------------------------------------------------------

/**
 * A number from text in the syntax Go's strconv.ParseFloat accepts for decimals (optional sign,
 * digits with an optional fraction, either side of the point may be empty, optional exponent).
 * Returns 0 for anything else; sets `rangeError` when the value is beyond float64's range.
 */
let rangeError = false;

function parseDecimalText(s: usize): usize {
  rangeError = false;
  let p = strData(s);
  let n = strLen(s);
  let i: usize = 0;
  let neg = false;
  if (i < n && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) neg = load<u8>(p + i++) == 0x2D;
  let intStart = i;
  while (i < n && isDigit(load<u8>(p + i))) i++;
  let intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < n && load<u8>(p + i) == 0x2E) {
    fracStart = ++i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    fracEnd = i;
  }
  if (intEnd == intStart && fracEnd == fracStart) return 0;
  let expStart = i;
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    if (i < n && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) i++;
    let digits = i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    if (i == digits) return 0;
  }
  if (i != n) return 0;
  // Rewrite as JSON number text: no '+', no leading zeros, a digit on both sides of the point.
  let buf = alloc(n + 3);
  let o: usize = 0;
  if (neg) store<u8>(buf + o++, 0x2D);
  let z = intStart;
  while (z + 1 < intEnd && load<u8>(p + z) == 0x30) z++;
  if (z == intEnd) store<u8>(buf + o++, 0x30);
  for (let k = z; k < intEnd; k++) store<u8>(buf + o++, load<u8>(p + k));
  if (fracEnd > fracStart) {
    store<u8>(buf + o++, 0x2E);
    for (let k = fracStart; k < fracEnd; k++) store<u8>(buf + o++, load<u8>(p + k));
  }
  for (let k = expStart; k < n; k++) store<u8>(buf + o++, load<u8>(p + k));
  let v = parseNumber(buf, o);
  if (v == 0 || !isFinite(numToF64(v))) {
    rangeError = true;
    return 0;
  }
  return v;
}

// @ts-ignore: decorator
@inline function isDigit(c: u8): bool {
  return <u32>(c - 0x30) < 10;
}

/** ASCII-lowercase s (after leading signs) is one of inf, infinity, nan. */
function isNonFiniteWord(s: usize): bool {
  let p = strData(s);
  let n = strLen(s);
  let i: usize = 0;
  while (i < n && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) i++;
  let m = n - i;
  if (m != 3 && m != 8) return false;
  let w: u64 = 0;
  for (let k: usize = 0; k < m && k < 8; k++) w |= <u64>(load<u8>(p + i + k) | 0x20) << (<u64>k << 3);
  return w == 0x666E69 || w == 0x6E616E || w == 0x7974696E69666E69; // "inf", "nan", "infinity"
}

export function vg_builtin_to_number(v: usize): usize {
  switch (tagOf(v)) {
    case 0: return 0;
    case T_NULL: return numInt(0);
    case T_BOOLEAN: return numInt(boolOf(v) ? 1 : 0);
    case T_NUMBER: return v;
    case T_STRING: {
      if (isNonFiniteWord(v)) return operandError("to_number", 1, "valid number string", v);
      let r = parseDecimalText(v);
      if (r != 0) return r;
      failBegin(CODE_BUILTIN, "to_number");
      msgStr("strconv.ParseFloat: parsing \"");
      msgBytes(strData(v), strLen(v));
      msgStr(rangeError ? "\": value out of range" : "\": invalid syntax");
      return failBuiltin();
    }
  }
  return operandError("to_number", 1, "one of {null, boolean, number, string}", v);
}

// --- format_int -----------------------------------------------------------------------------------------------

const DIGITS: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export function vg_builtin_format_int(v: usize, base: usize): usize {
  if (v == 0 || base == 0) return 0;
  if (tagOf(v) != T_NUMBER) return operandError("format_int", 1, "number", v);
  if (tagOf(base) != T_NUMBER) return operandError("format_int", 2, "number", base);
  let b: u32 = numKind(base) == K_INT ? <u32>intOf(base) : 0;
  if (numKind(base) != K_INT || (b != 2 && b != 8 && b != 10 && b != 16)) {
    return operandFail("format_int", 2, "must be one of {2, 8, 10, 16}");
  }
  let k = numKind(v);
  if (k != 2) {
    // int, or a float truncated toward zero (|x| < 2^53 for non-integral floats)
    let x: i64 = k == K_INT ? intOf(v) : <i64>floatOf(v);
    let neg = x < 0;
    let m: u64 = neg ? 0 - <u64>x : <u64>x;
    let buf = alloc(72);
    let end = buf + 72;
    let q = end;
    do {
      store<u8>(--q, load<u8>(DIGITS + <usize>(m % <u64>b)));
      m /= <u64>b;
    } while (m != 0);
    if (neg) store<u8>(--q, 0x2D);
    return asciiString(q, end - q);
  }
  return formatBig(v, b);
}

function formatBig(v: usize, b: u32): usize {
  let n = magTrim(bigLimbs(v), bigLen(v));
  let neg = bigNeg(v);
  if (b == 10) {
    let digits = alloc(n * 10 + 10);
    let nd = magToDecimal(bigLimbs(v), n, digits);
    let s = stringAlloc(nd + (neg ? 1 : 0));
    let d = strData(s);
    if (neg) store<u8>(d++, 0x2D);
    for (let i: usize = 0; i < nd; i++) store<u8>(d + i, load<u8>(digits + i) + 0x30);
    setCodePoints(s, <i32>(nd + (neg ? 1 : 0)));
    return s;
  }
  // Powers of two: repeated small division works for every base and stays short.
  let tmp = alloc(n << 2);
  memory.copy(tmp, bigLimbs(v), n << 2);
  let cap = n * 32 + 2;
  let buf = alloc(cap);
  let end = buf + cap;
  let q = end;
  while (n > 0) {
    let r = magDivSmall(tmp, n, b);
    store<u8>(--q, load<u8>(DIGITS + <usize>r));
    n = magTrim(tmp, n);
  }
  if (neg) store<u8>(--q, 0x2D);
  return asciiString(q, end - q);
}

// --- cast_* (deprecated) ------------------------------------------------------------------------------------------

export function vg_builtin_cast_array(v: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return v;
  if (t != T_SET) return operandError("cast_array", 1, "one of {array, set}", v);
  collPrepareOrder(v);
  let n = collCount(v);
  let r = arrayOfLen(n);
  for (let i: usize = 0; i < n; i++) store<u32>(arrElems(r) + (i << 2), <u32>entryKey(v, orderedEntry(v, i)));
  return r;
}

export function vg_builtin_cast_set(v: usize): usize {
  let t = tagOf(v);
  if (t == T_SET) return v;
  if (t != T_ARRAY) return operandError("cast_set", 1, "one of {array, set}", v);
  let n = arrLen(v);
  let s = collNew(T_SET, n < 4 ? 4 : n);
  for (let i: usize = 0; i < n; i++) {
    let x = arrAt(v, i);
    if (collFind(s, x) < 0) collAppend(s, x, x);
  }
  return s;
}

function castTo(name: string, v: usize, tag: u8, want: string): usize {
  return tagOf(v) == tag ? v : operandError(name, 1, want, v);
}

export function vg_builtin_cast_string(v: usize): usize { return castTo("cast_string", v, T_STRING, "string"); }
export function vg_builtin_cast_boolean(v: usize): usize { return castTo("cast_boolean", v, T_BOOLEAN, "boolean"); }
export function vg_builtin_cast_null(v: usize): usize { return castTo("cast_null", v, T_NULL, "null"); }
export function vg_builtin_cast_object(v: usize): usize { return castTo("cast_object", v, T_OBJECT, "object"); }
