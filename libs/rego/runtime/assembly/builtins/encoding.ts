// base64.*, base64url.*, hex.*, urlquery.* with Go's rules and error texts (OPA passes them on):
// base64 decoding skips CR/LF and wants exact padding ("illegal base64 data at input byte N"),
// hex wants pairs ("encoding/hex: invalid byte: U+0067 'g'"), url.QueryEscape/QueryUnescape.
// Decoded bytes are kept as they are, as OPA keeps them (they may not be UTF-8).
import { T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, strLen, strData, arrLen, arrAt } from "../values/layout";
import { boolV } from "../values/scalars";
import { arrayNew, arrayAppend } from "../values/array";
import { collNew, collCount, collGet, collAppend, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { CODE_BUILTIN, msgStr, msgByte, msgU32, msgBytes, failBuiltin } from "../abort";
import { alloc } from "../rt/heap";
import { failBegin, operandFail } from "./fail";
import { strOk, outBegin, outByte, outString, decodeAt, cpWidth } from "./text";
import { operandError } from "./errors";

const STD: usize = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);

/** The 6-bit value of c in the standard (url = false) or URL alphabet, or -1. */
function b64Value(c: u32, url: bool): i32 {
  if (c >= 0x41 && c <= 0x5A) return <i32>(c - 0x41);
  if (c >= 0x61 && c <= 0x7A) return <i32>(c - 0x61 + 26);
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30 + 52);
  if (c == (url ? 0x2D : 0x2B)) return 62;
  if (c == (url ? 0x5F : 0x2F)) return 63;
  return -1;
}

function b64Encode(s: usize, url: bool, pad: bool): usize {
  let p = strData(s);
  let n = strLen(s);
  outBegin((n + 2) / 3 * 4);
  let i: usize = 0;
  for (; i + 3 <= n; i += 3) {
    let w = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    for (let k = 18; k >= 0; k -= 6) outByte(b64Char((w >> <u32>k) & 63, url));
  }
  let rest = n - i;
  if (rest > 0) {
    let w = <u32>load<u8>(p + i) << 16;
    if (rest == 2) w |= <u32>load<u8>(p + i + 1) << 8;
    outByte(b64Char(w >> 18, url));
    outByte(b64Char((w >> 12) & 63, url));
    if (rest == 2) outByte(b64Char((w >> 6) & 63, url));
    else if (pad) outByte(0x3D);
    if (pad) outByte(0x3D);
  }
  return outString();
}

// @ts-ignore: decorator
@inline function b64Char(v: u32, url: bool): u32 {
  let c = <u32>load<u8>(STD + <usize>v);
  if (url && v == 62) return 0x2D;
  if (url && v == 63) return 0x5F;
  return c;
}

/** Byte offset of the decoding error, or -1 when [p, p+n) decodes (then the bytes are in out*). */
let badAt: isize = -1;

function b64Decode(p: usize, n: usize, url: bool): bool {
  outBegin(n / 4 * 3 + 3);
  badAt = -1;
  let q: u32 = 0;
  let k: u32 = 0; // symbols in the current quantum
  let i: usize = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x0D || c == 0x0A) continue;
    if (c == 0x3D) break;
    let v = b64Value(c, url);
    if (v < 0) { badAt = <isize>i; return false; }
    q = (q << 6) | <u32>v;
    if (++k == 4) {
      outByte(q >> 16);
      outByte((q >> 8) & 0xFF);
      outByte(q & 0xFF);
      q = 0;
      k = 0;
    }
  }
  if (i < n) {
    // Padding: only after 2 or 3 symbols, exactly filling the quantum, then only CR/LF.
    if (k < 2) { badAt = <isize>i; return false; }
    let need: u32 = 4 - k;
    let pads: u32 = 0;
    let j = i;
    for (; j < n && pads < need; j++) {
      let c = load<u8>(p + j);
      if (c == 0x0D || c == 0x0A) continue;
      if (c != 0x3D) { badAt = <isize>j - 1; return false; }
      pads++;
    }
    if (pads < need) { badAt = <isize>n; return false; }
    for (; j < n; j++) {
      let c = load<u8>(p + j);
      if (c != 0x0D && c != 0x0A) { badAt = <isize>j; return false; }
    }
  } else if (k != 0) {
    badAt = <isize>(n - <usize>k); // Go reports where the unfinished quantum starts
    return false;
  }
  if (k >= 2) outByte((q >> (k == 2 ? 4 : 10)) & 0xFF);
  if (k == 3) outByte((q >> 2) & 0xFF);
  return true;
}

function b64Fail(name: string): usize {
  failBegin(CODE_BUILTIN, name);
  msgStr("illegal base64 data at input byte ");
  msgU32(<u32>badAt);
  return failBuiltin();
}

export function vg_builtin_base64_encode(s: usize): usize {
  if (s == 0 || !strOk("base64.encode", s, 1)) return 0;
  return b64Encode(s, false, true);
}

export function vg_builtin_base64_decode(s: usize): usize {
  if (s == 0 || !strOk("base64.decode", s, 1)) return 0;
  return b64Decode(strData(s), strLen(s), false) ? outString() : b64Fail("base64.decode");
}

export function vg_builtin_base64_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (tagOf(s) != T_STRING) return boolV(false);
  return boolV(b64Decode(strData(s), strLen(s), false));
}

export function vg_builtin_base64url_encode(s: usize): usize {
  if (s == 0 || !strOk("base64url.encode", s, 1)) return 0;
  return b64Encode(s, true, true);
}

export function vg_builtin_base64url_encode_no_pad(s: usize): usize {
  if (s == 0 || !strOk("base64url.encode_no_pad", s, 1)) return 0;
  return b64Encode(s, true, false);
}

/** Unpadded input is padded first (RFC 7515 appendix C); a length of 1 mod 4 cannot be. */
export function vg_builtin_base64url_decode(s: usize): usize {
  if (s == 0 || !strOk("base64url.decode", s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  if (n == 0 || load<u8>(p + n - 1) != 0x3D) {
    let rem = n & 3;
    if (rem == 1) {
      failBegin(CODE_BUILTIN, "base64url.decode");
      msgStr("illegal base64url string: ");
      msgBytes(p, n);
      return failBuiltin();
    }
    if (rem != 0) {
      let q = alloc(n + 2);
      memory.copy(q, p, n);
      store<u8>(q + n, 0x3D);
      store<u8>(q + n + 1, 0x3D);
      p = q;
      n += 4 - rem;
    }
  }
  return b64Decode(p, n, true) ? outString() : b64Fail("base64url.decode");
}

// --- hex -------------------------------------------------------------------------------------------------------

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export function vg_builtin_hex_encode(s: usize): usize {
  if (s == 0 || !strOk("hex.encode", s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  outBegin(n * 2);
  for (let i: usize = 0; i < n; i++) {
    let b = <usize>load<u8>(p + i);
    outByte(load<u8>(HEX + (b >> 4)));
    outByte(load<u8>(HEX + (b & 15)));
  }
  return outString();
}

function hexValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x61 + 10);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x41 + 10);
  return -1;
}

/** Go's InvalidByteError text: %#U of the byte as a code point. */
function hexBadByte(b: u32): usize {
  failBegin(CODE_BUILTIN, "hex.decode");
  msgStr("encoding/hex: invalid byte: U+");
  for (let k = 12; k >= 0; k -= 4) msgByte(upperHex((b >> <u32>k) & 15));
  let printable = (b >= 0x20 && b < 0x7F) || (b >= 0xA1 && b != 0xAD);
  if (printable) {
    msgStr(" '");
    if (b < 0x80) msgByte(b);
    else {
      msgByte(0xC0 | (b >> 6));
      msgByte(0x80 | (b & 0x3F));
    }
    msgByte(0x27);
  }
  return failBuiltin();
}

export function vg_builtin_hex_decode(s: usize): usize {
  if (s == 0 || !strOk("hex.decode", s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  outBegin(n / 2);
  let j: usize = 1;
  for (; j < n; j += 2) {
    let a = hexValue(load<u8>(p + j - 1));
    let b = hexValue(load<u8>(p + j));
    if (a < 0) return hexBadByte(load<u8>(p + j - 1));
    if (b < 0) return hexBadByte(load<u8>(p + j));
    outByte(<u32>((a << 4) | b));
  }
  if ((n & 1) != 0) {
    if (hexValue(load<u8>(p + j - 1)) < 0) return hexBadByte(load<u8>(p + j - 1));
    failBegin(CODE_BUILTIN, "hex.decode");
    msgStr("encoding/hex: odd length hex string");
    return failBuiltin();
  }
  return outString();
}

/** Upper-case hex digit of v (0-15). */
// @ts-ignore: decorator
@inline function upperHex(v: u32): u32 {
  return v < 10 ? 0x30 + v : 0x41 + v - 10;
}

// --- urlquery ------------------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function unreserved(c: u32): bool {
  return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x7E;
}

/** Appends Go's url.QueryEscape of [p, p+n) to the output buffer. */
function queryEscapeInto(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (unreserved(c)) outByte(c);
    else if (c == 0x20) outByte(0x2B);
    else {
      outByte(0x25);
      outByte(upperHex(c >> 4));
      outByte(upperHex(c & 15));
    }
  }
}

export function vg_builtin_urlquery_encode(s: usize): usize {
  if (s == 0 || !strOk("urlquery.encode", s, 1)) return 0;
  outBegin(strLen(s) + 8);
  queryEscapeInto(strData(s), strLen(s));
  return outString();
}

// Where the last failed unescape found its bad escape (the text Go quotes: up to 3 bytes).
let escAt: usize = 0;
let escLen: usize = 0;

/** Go's url.QueryUnescape of [p, p+n) as a new string, or 0 (escAt/escLen tell where). */
function queryUnescape(p: usize, n: usize): usize {
  outBegin(n);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x25) {
      let ok = i + 2 < n && hexValue(load<u8>(p + i + 1)) >= 0 && hexValue(load<u8>(p + i + 2)) >= 0;
      if (!ok) {
        escAt = p + i;
        escLen = n - i < 3 ? n - i : 3;
        return 0;
      }
      outByte(<u32>((hexValue(load<u8>(p + i + 1)) << 4) | hexValue(load<u8>(p + i + 2))));
      i += 2;
    } else {
      outByte(c == 0x2B ? 0x20 : c);
    }
  }
  return outString();
}

function escapeFail(name: string, at: usize, len: usize): usize {
  failBegin(CODE_BUILTIN, name);
  msgStr("invalid URL escape \"");
  for (let i: usize = 0; i < len; i++) {
    // strconv.Quote's escapes for what can follow a '%' here
    let c = <u32>load<u8>(at + i);
    if (c >= 0x80) {
      // A whole code point inside the 3 quoted bytes stays; a cut one is \xNN, as Go quotes it.
      decodeAt(at + i, at + len);
      if (cpWidth > 1) {
        msgBytes(at + i, cpWidth);
        i += cpWidth - 1;
      } else {
        msgByte(0x5C);
        msgByte(0x78);
        msgByte(c >> 4 < 10 ? 0x30 + (c >> 4) : 0x57 + (c >> 4));
        msgByte((c & 15) < 10 ? 0x30 + (c & 15) : 0x57 + (c & 15));
      }
      continue;
    }
    if (c == 0x22 || c == 0x5C) msgByte(0x5C);
    if (c == 0x0A || c == 0x0D || c == 0x09) {
      msgByte(0x5C);
      c = c == 0x0A ? 0x6E : c == 0x0D ? 0x72 : 0x74;
    }
    msgByte(c);
  }
  msgByte(0x22);
  return failBuiltin();
}

export function vg_builtin_urlquery_decode(s: usize): usize {
  if (s == 0 || !strOk("urlquery.decode", s, 1)) return 0;
  let r = queryUnescape(strData(s), strLen(s));
  return r != 0 ? r : escapeFail("urlquery.decode", escAt, escLen);
}

/** url.Values.Encode of an object: keys sorted, each value (a string, or an array/set of strings) as k=v. */
export function vg_builtin_urlquery_encode_object(o: usize): usize {
  if (o == 0) return 0;
  let name = "urlquery.encode_object";
  if (tagOf(o) != T_OBJECT) return operandError(name, 1, "object", o);
  collPrepareOrder(o);
  let n = collCount(o);
  // Check first: the output buffer is shared with nothing else, but errors must not leave half a result.
  for (let i: usize = 0; i < n; i++) {
    let e = orderedEntry(o, i);
    if (tagOf(entryKey(o, e)) != T_STRING || !stringsValue(entryValue(o, e))) {
      return operandFail(name, 1, "values must be string, array[string], or set[string]");
    }
  }
  outBegin(16);
  let first = true;
  for (let i: usize = 0; i < n; i++) {
    let e = orderedEntry(o, i);
    let k = entryKey(o, e);
    let v = entryValue(o, e);
    let t = tagOf(v);
    let m: usize = t == T_STRING ? 1 : t == T_ARRAY ? arrLen(v) : collCount(v);
    if (t == T_SET) collPrepareOrder(v);
    for (let j: usize = 0; j < m; j++) {
      let x = t == T_STRING ? v : t == T_ARRAY ? arrAt(v, j) : entryKey(v, orderedEntry(v, j));
      if (!first) outByte(0x26);
      first = false;
      queryEscapeInto(strData(k), strLen(k));
      outByte(0x3D);
      queryEscapeInto(strData(x), strLen(x));
    }
  }
  return outString();
}

function stringsValue(v: usize): bool {
  let t = tagOf(v);
  if (t == T_STRING) return true;
  if (t != T_ARRAY && t != T_SET) return false;
  let m = t == T_ARRAY ? arrLen(v) : collCount(v);
  for (let j: usize = 0; j < m; j++) if (tagOf(t == T_ARRAY ? arrAt(v, j) : entryKey(v, j)) != T_STRING) return false;
  return true;
}

/**
 * url.ParseQuery: "&"-separated k=v pairs, values collected per key in order. A ";" in a pair is
 * an error (that pair is skipped); so is a bad escape (the first one is kept); Go reports the
 * last semicolon error, else the first escape error.
 */
export function vg_builtin_urlquery_decode_object(s: usize): usize {
  let name = "urlquery.decode_object";
  if (s == 0 || !strOk(name, s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  let r = collNew(T_OBJECT, 4);
  let err = 0; // 1: semicolon, 2: escape (the first one, at firstAt/firstLen)
  let firstAt: usize = 0;
  let firstLen: usize = 0;
  let start: usize = 0;
  while (start <= n) {
    let end = start;
    while (end < n && load<u8>(p + end) != 0x26) end++;
    let semi = false;
    for (let i = start; i < end; i++) if (load<u8>(p + i) == 0x3B) semi = true;
    if (semi) {
      err = 1;
    } else if (end > start) {
      let eq = start;
      while (eq < end && load<u8>(p + eq) != 0x3D) eq++;
      let k = queryUnescape(p + start, eq - start);
      let v = k == 0 ? 0 : queryUnescape(p + (eq < end ? eq + 1 : end), eq < end ? end - eq - 1 : 0);
      if (k == 0 || v == 0) {
        if (err == 0) {
          err = 2;
          firstAt = escAt;
          firstLen = escLen;
        }
      } else {
        let list = collGet(r, k);
        if (list == 0) {
          list = arrayNew(2);
          collAppend(r, k, list);
        }
        arrayAppend(list, v);
      }
    }
    start = end + 1;
  }
  if (err == 1) {
    failBegin(CODE_BUILTIN, name);
    msgStr("invalid semicolon separator in query");
    return failBuiltin();
  }
  if (err == 2) return escapeFail(name, firstAt, firstLen);
  return r;
}
