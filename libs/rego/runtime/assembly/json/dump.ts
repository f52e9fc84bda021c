// Value → text. JSON (opa_json_dump): object keys sorted, sets as sorted arrays, non-string keys
// written as their JSON text inside a string, control characters escaped (NUL included: the SDK
// stops reading at the first NUL byte), everything else raw UTF-8. Value syntax (opa_value_dump):
// sets as {..} or set(), keys of any type.
import { alloc } from "../rt/heap";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, arrLen, arrAt, strLen, strData } from "../values/layout";
import { boolOf } from "../values/scalars";
import { collCount, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { writeNumber } from "../number/format";
import { numHasText, numTextPtr, numTextLen } from "../number/number";
import { wBegin, wByte, wBytes, wReserve, wAdvance, wPos, wBuf, wTruncate, wFinish } from "./writer";
import { framePush, framePop, framesTop, framesPop, deepEnter, deepLeave } from "../rt/frames";

/** NUL-terminated JSON text of v. */
export function dumpJson(v: usize): usize {
  wBegin(128);
  writeValue(v, true);
  return wFinish();
}

/** NUL-terminated Rego value text of v. */
export function dumpValue(v: usize): usize {
  wBegin(128);
  writeValue(v, false);
  return wFinish();
}

/** Text of v: scalars at once, composites walked with an explicit stack (rt/frames.ts). */
export function writeValue(v: usize, json: bool): void {
  if (v == 0 || load<u8>(v) < T_ARRAY) writeScalar(v);
  else writeComposite(v, json);
}

function writeScalar(v: usize): void {
  switch (v == 0 ? T_NULL : load<u8>(v)) {
    case T_NULL: wWord(0x6C6C756E, 4); break; // null (undefined inside a composite too)
    case T_BOOLEAN: if (boolOf(v)) wWord(0x65757274, 4); else { wWord(0x736C6166, 4); wByte(0x65); } break;
    case T_NUMBER: if (numHasText(v)) wBytes(numTextPtr(v), numTextLen(v)); else writeNumber(v); break; // OPA keeps read text
    case T_STRING: writeString(strData(v), strLen(v)); break;
  }
}

/** Writes the opening of a composite; false for an empty set in value syntax, written whole (`set()`). */
function open(v: usize, t: u8, json: bool): bool {
  if (t != T_ARRAY) collPrepareOrder(v); // may compare (set elements) in a nested walk
  if (t == T_SET && !json && collCount(v) == 0) {
    wWord(0x28746573, 4); // set(
    wByte(0x29);
    return false;
  }
  wByte(t == T_OBJECT || (t == T_SET && !json) ? 0x7B : 0x5B);
  return true;
}

// @ts-ignore: decorator
@inline function childCount(t: u8, v: usize): usize {
  return t == T_ARRAY ? arrLen(v) : t == T_SET ? collCount(v) : collCount(v) << 1;
}

/**
 * The composite being written is in locals (v, next child i). Children: array and set elements;
 * object keys and values alternating (a key is followed by `:`; JSON writes a non-string key as a
 * string). A composite child suspends its parent on the frame stack ([v][i][-][-]).
 */
function writeComposite(root: usize, json: bool): void {
  deepEnter();
  let mark = framesTop();
  let v = root;
  let t = load<u8>(root);
  let i: usize = 0;
  let n = open(v, t, json) ? childCount(t, v) : 0;
  while (true) {
    if (i < n) {
      let c: usize;
      if (t == T_ARRAY) {
        if (i > 0) wByte(0x2C);
        c = arrAt(v, i);
      } else if (t == T_SET) {
        if (i > 0) wByte(0x2C);
        c = entryKey(v, orderedEntry(v, i));
      } else if ((i & 1) == 0) {
        if (i > 0) wByte(0x2C);
        c = entryKey(v, orderedEntry(v, i >> 1));
        if (json && load<u8>(c) != T_STRING) {
          i++;
          writeKeyAsString(c);
          continue;
        }
      } else {
        wByte(0x3A);
        c = entryValue(v, orderedEntry(v, i >> 1));
      }
      i++;
      if (c == 0 || load<u8>(c) < T_ARRAY) {
        writeScalar(c);
        continue;
      }
      let tc = load<u8>(c);
      if (!open(c, tc, json)) continue;
      framePush(<u32>v, <u32>i, 0, 0);
      v = c;
      t = tc;
      i = 0;
      n = childCount(t, v);
      continue;
    }
    if (!(t == T_SET && !json && n == 0)) wByte( // an empty set in value syntax was written whole
      t == T_OBJECT || (t == T_SET && !json) ? 0x7D : 0x5D);
    if (framesTop() == mark) break;
    let f = framePop();
    v = <usize>load<u32>(f);
    i = <usize>load<u32>(f, 4);
    t = load<u8>(v);
    n = childCount(t, v);
  }
  framesPop(mark);
  deepLeave();
}

/** A non-string key in JSON: its JSON text, as a JSON string. */
function writeKeyAsString(k: usize): void {
  let start = wPos();
  writeValue(k, true);
  let n = wPos() - start;
  let tmp = alloc(n);
  memory.copy(tmp, wBuf() + start, n);
  wTruncate(start);
  writeString(tmp, n);
}

/** Writes the first len (<= 4) bytes of a little-endian word. */
function wWord(w: u32, len: usize): void {
  store<u32>(wReserve(4), w);
  wAdvance(len);
}

/** A JSON string literal of UTF-8 bytes [p, p+n). */
export function writeString(p: usize, n: usize): void {
  wByte(0x22);
  let run = p;
  let end = p + n;
  let q = p;
  while (q < end) {
    let b = <u32>load<u8>(q);
    if (b >= 0x20 && b != 0x22 && b != 0x5C) {
      q++;
      continue;
    }
    if (q > run) wBytes(run, q - run);
    writeEscape(b);
    q++;
    run = q;
  }
  if (q > run) wBytes(run, q - run);
  wByte(0x22);
}

function writeEscape(b: u32): void {
  let c: u32 = 0;
  switch (b) {
    case 0x22: c = 0x22; break;
    case 0x5C: c = 0x5C; break;
    case 0x0A: c = 0x6E; break;
    case 0x0D: c = 0x72; break;
    case 0x09: c = 0x74; break;
    case 0x08: c = 0x62; break;
    case 0x0C: c = 0x66; break;
  }
  if (c != 0) {
    let d = wReserve(2);
    store<u8>(d, 0x5C);
    store<u8>(d + 1, <u8>c);
    wAdvance(2);
    return;
  }
  let d = wReserve(6);
  store<u32>(d, 0x3030755C); // \u00
  store<u8>(d + 4, <u8>hexDigit(b >> 4));
  store<u8>(d + 5, <u8>hexDigit(b & 15));
  wAdvance(6);
}

// @ts-ignore: decorator
@inline function hexDigit(x: u32): u32 {
  return x < 10 ? 0x30 + x : 0x61 + x - 10;
}
