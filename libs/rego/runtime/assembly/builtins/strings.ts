// String builtins that search and slice: concat, contains, startswith, endswith, split, indexof,
// indexof_n, substring, strings.reverse, strings.count, strings.any_prefix_match,
// strings.any_suffix_match. Comparisons are on UTF-8 bytes (as Go's strings package); positions
// and lengths count code points (as OPA does). Results that are pieces of an operand share its
// bytes instead of copying them.
import { T_STRING, T_ARRAY, T_SET, tagOf, strLen, strData, arrLen, arrAt, arrElems } from "../values/layout";
import { boolV, strCodePoints, setCodePoints, stringAlloc } from "../values/scalars";
import { numInt, intOf } from "../number/number";
import { arrayNew, arrayAppend } from "../values/array";
import { collCount, collPrepareOrder, orderedEntry, entryKey } from "../values/collection";
import { operandError } from "./errors";
import { elementFail, plainFail, intOperandOk } from "./fail";
import { arrayOfLen } from "./common";
import { strOk, decodeAt, cpWidth, indexBytes, countCodePoints, sliceOf, outBegin, outCodePoint, outString } from "./text";

// --- concat ------------------------------------------------------------------------------------------------

export function vg_builtin_concat(delim: usize, coll: usize): usize {
  if (delim == 0 || coll == 0) return 0;
  if (!strOk("concat", delim, 1)) return 0;
  let t = tagOf(coll);
  if (t != T_ARRAY && t != T_SET) return operandError("concat", 2, "one of {set, array}", coll);
  let n = t == T_ARRAY ? arrLen(coll) : collCount(coll);
  if (t == T_SET) collPrepareOrder(coll); // sets join in sorted order
  let total: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let s = t == T_ARRAY ? arrAt(coll, i) : entryKey(coll, orderedEntry(coll, i));
    if (tagOf(s) != T_STRING) return elementFail("concat", 2, coll, s, "string");
    total += strLen(s);
  }
  if (n == 1) return t == T_ARRAY ? arrAt(coll, 0) : entryKey(coll, orderedEntry(coll, 0));
  let dl = strLen(delim);
  if (n > 1) total += dl * (n - 1);
  let r = stringAlloc(total);
  let q = strData(r);
  for (let i: usize = 0; i < n; i++) {
    if (i > 0) {
      memory.copy(q, strData(delim), dl);
      q += dl;
    }
    let s = t == T_ARRAY ? arrAt(coll, i) : entryKey(coll, orderedEntry(coll, i));
    memory.copy(q, strData(s), strLen(s));
    q += strLen(s);
  }
  return r;
}

// --- contains, startswith, endswith ----------------------------------------------------------------------------

function twoStrings(name: string, a: usize, b: usize): bool {
  return a != 0 && b != 0 && strOk(name, a, 1) && strOk(name, b, 2);
}

export function vg_builtin_contains(s: usize, sub: usize): usize {
  if (!twoStrings("contains", s, sub)) return 0;
  if (strLen(sub) == 0) return boolV(true);
  return boolV(indexBytes(strData(s), strLen(s), 0, strData(sub), strLen(sub)) >= 0);
}

export function vg_builtin_startswith(s: usize, p: usize): usize {
  if (!twoStrings("startswith", s, p)) return 0;
  let n = strLen(p);
  return boolV(n <= strLen(s) && memory.compare(strData(s), strData(p), n) == 0);
}

export function vg_builtin_endswith(s: usize, p: usize): usize {
  if (!twoStrings("endswith", s, p)) return 0;
  let n = strLen(p);
  let m = strLen(s);
  return boolV(n <= m && memory.compare(strData(s) + m - n, strData(p), n) == 0);
}

// --- split --------------------------------------------------------------------------------------------------------

/** Go's strings.Split: an empty separator splits into code points; pieces share the operand's bytes. */
export function vg_builtin_split(s: usize, d: usize): usize {
  if (!twoStrings("split", s, d)) return 0;
  let p = strData(s);
  let n = strLen(s);
  let dn = strLen(d);
  let r = arrayNew(4);
  if (dn == 0) {
    let i: usize = 0;
    while (i < n) {
      decodeAt(p + i, p + n);
      let piece = sliceOf(p + i, cpWidth);
      setCodePoints(piece, 1);
      arrayAppend(r, piece);
      i += cpWidth;
    }
    return r;
  }
  let start: usize = 0;
  while (true) {
    let at = indexBytes(p, n, start, strData(d), dn);
    if (at < 0) break;
    arrayAppend(r, sliceOf(p + start, <usize>at - start));
    start = <usize>at + dn;
  }
  arrayAppend(r, start == 0 ? s : sliceOf(p + start, n - start));
  return r;
}

// --- indexof, indexof_n ------------------------------------------------------------------------------------------

function searchOk(name: string, s: usize, sub: usize): bool {
  if (!twoStrings(name, s, sub)) return false;
  if (strLen(sub) == 0) {
    plainFail(name, "empty search character");
    return false;
  }
  return true;
}

export function vg_builtin_indexof(s: usize, sub: usize): usize {
  if (!searchOk("indexof", s, sub)) return 0;
  let at = indexBytes(strData(s), strLen(s), 0, strData(sub), strLen(sub));
  if (at < 0) return numInt(-1);
  return numInt(<i64>countCodePoints(strData(s), <usize>at));
}

/** Every match position in code points, overlapping matches included (OPA tries each position). */
export function vg_builtin_indexof_n(s: usize, sub: usize): usize {
  if (!searchOk("indexof_n", s, sub)) return 0;
  let p = strData(s);
  let n = strLen(s);
  let r = arrayNew(4);
  let from: usize = 0;
  let cps: i32 = 0; // code points in [0, counted)
  let counted: usize = 0;
  while (true) {
    let at = indexBytes(p, n, from, strData(sub), strLen(sub));
    if (at < 0) break;
    cps += countCodePoints(p + counted, <usize>at - counted);
    counted = <usize>at;
    arrayAppend(r, numInt(<i64>cps));
    decodeAt(p + <usize>at, p + n);
    from = <usize>at + cpWidth; // next code point
  }
  return r;
}

// --- substring -------------------------------------------------------------------------------------------------------

/** Byte offset of code point index k in [p, p+n) (n when past the end). */
function byteOffsetOf(p: usize, n: usize, k: i64): usize {
  let i: usize = 0;
  while (k > 0 && i < n) {
    i++;
    while (i < n && (load<u8>(p + i) & 0xC0) == 0x80) i++;
    k--;
  }
  return i;
}

export function vg_builtin_substring(s: usize, start: usize, length: usize): usize {
  if (s == 0 || start == 0 || length == 0) return 0;
  if (!strOk("substring", s, 1)) return 0;
  if (!intOperandOk("substring", start, 2) || !intOperandOk("substring", length, 3)) return 0;
  let from = intOf(start);
  let len = intOf(length);
  if (from < 0) return plainFail("substring", "negative offset");
  let p = strData(s);
  let n = strLen(s);
  let a = byteOffsetOf(p, n, from);
  if (a >= n) return sliceOf(p, 0);
  let b = len < 0 ? n : a + byteOffsetOf(p + a, n - a, len);
  if (a == 0 && b == n) return s;
  return sliceOf(p + a, b - a);
}

// --- strings.reverse, strings.count -------------------------------------------------------------------------------

export function vg_builtin_strings_reverse(s: usize): usize {
  if (s == 0) return 0;
  if (!strOk("strings.reverse", s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  let r = stringAlloc(n);
  let q = strData(r) + n;
  let i: usize = 0;
  let valid = true;
  while (i < n) {
    decodeAt(p + i, p + n);
    let w = cpWidth;
    if (w == 1 && load<u8>(p + i) >= 0x80) valid = false;
    q -= w;
    memory.copy(q, p + i, w);
    i += w;
  }
  if (valid) return r;
  // Invalid bytes: Go decodes them as U+FFFD and writes that (3 bytes) instead.
  outBegin(n + 8);
  let j = n;
  while (j > 0) {
    let k = j - 1;
    while (k > 0 && (load<u8>(p + k) & 0xC0) == 0x80 && j - k < 4) k--;
    let c = decodeAt(p + k, p + j);
    if (k + cpWidth != j) {
      k = j - 1;
      c = 0xFFFD;
    }
    outCodePoint(c);
    j = k;
  }
  return outString();
}

export function vg_builtin_strings_count(s: usize, sub: usize): usize {
  if (!twoStrings("strings.count", s, sub)) return 0;
  let m = strLen(sub);
  if (m == 0) return numInt(<i64>strCodePoints(s) + 1);
  let c: i64 = 0;
  let from: usize = 0;
  while (true) {
    let at = indexBytes(strData(s), strLen(s), from, strData(sub), m);
    if (at < 0) break;
    c++;
    from = <usize>at + m;
  }
  return numInt(c);
}

// --- strings.any_prefix_match, strings.any_suffix_match -------------------------------------------------------------

/** A string, or an array/set of strings, as an array of strings; 0 after reporting. */
function stringsOperand(name: string, v: usize, pos: i32): usize {
  let t = tagOf(v);
  if (t == T_STRING) {
    let a = arrayOfLen(1);
    store<u32>(arrElems(a), <u32>v);
    return a;
  }
  if (t != T_ARRAY && t != T_SET) return operandError(name, pos, "one of {string, set, array}", v);
  let n = t == T_ARRAY ? arrLen(v) : collCount(v);
  let a = arrayOfLen(n);
  for (let i: usize = 0; i < n; i++) {
    let x = t == T_ARRAY ? arrAt(v, i) : entryKey(v, i);
    if (tagOf(x) != T_STRING) return elementFail(name, pos, v, x, "string");
    store<u32>(arrElems(a) + (i << 2), <u32>x);
  }
  return a;
}

function anyAffix(name: string, a: usize, b: usize, suffix: bool): usize {
  if (a == 0 || b == 0) return 0;
  let strs = stringsOperand(name, a, 1);
  if (strs == 0) return 0;
  let affixes = stringsOperand(name, b, 2);
  if (affixes == 0) return 0;
  let n = arrLen(strs);
  let m = arrLen(affixes);
  for (let i: usize = 0; i < n; i++) {
    let s = arrAt(strs, i);
    for (let j: usize = 0; j < m; j++) {
      let x = arrAt(affixes, j);
      let k = strLen(x);
      if (k > strLen(s)) continue;
      let at = suffix ? strData(s) + strLen(s) - k : strData(s);
      if (memory.compare(at, strData(x), k) == 0) return boolV(true);
    }
  }
  return boolV(false);
}

export function vg_builtin_strings_any_prefix_match(a: usize, b: usize): usize {
  return anyAffix("strings.any_prefix_match", a, b, false);
}

export function vg_builtin_strings_any_suffix_match(a: usize, b: usize): usize {
  return anyAffix("strings.any_suffix_match", a, b, true);
}
