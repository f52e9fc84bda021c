// Value → text. JSON (opa_json_dump): object keys sorted, sets as sorted arrays, non-string keys
// written as their JSON text inside a string, control characters escaped (NUL included: the SDK
// stops reading at the first NUL byte), everything else raw UTF-8. Value syntax (opa_value_dump):
// sets as {..} or set(), keys of any type.
import { alloc } from "../rt/heap";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, arrLen, arrAt, strLen, strData } from "../values/layout";
import { boolOf } from "../values/scalars";
import { collCount, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { writeNumber } from "../number/format";
import { wBegin, wByte, wBytes, wReserve, wAdvance, wPos, wBuf, wTruncate, wFinish } from "./writer";

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

// Recursive writers avoid AS string literals: a function holding managed references uses
// AssemblyScript's shadow stack, whose overflow would trap on deep values.
export function writeValue(v: usize, json: bool): void {
  if (v == 0) {
    wWord(0x6C6C756E, 4); // null
    return;
  }
  switch (load<u8>(v)) {
    case T_NULL: wWord(0x6C6C756E, 4); break;
    case T_BOOLEAN: if (boolOf(v)) wWord(0x65757274, 4); else { wWord(0x736C6166, 4); wByte(0x65); } break;
    case T_NUMBER: writeNumber(v); break;
    case T_STRING: writeString(strData(v), strLen(v)); break;
    case T_ARRAY: {
      wByte(0x5B);
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) {
        if (i > 0) wByte(0x2C);
        writeValue(arrAt(v, i), json);
      }
      wByte(0x5D);
      break;
    }
    case T_OBJECT: writeObject(v, json); break;
    case T_SET: writeSet(v, json); break;
  }
}

function writeObject(v: usize, json: bool): void {
  collPrepareOrder(v);
  let n = collCount(v);
  wByte(0x7B);
  for (let i: usize = 0; i < n; i++) {
    if (i > 0) wByte(0x2C);
    let e = orderedEntry(v, i);
    let k = entryKey(v, e);
    if (load<u8>(k) == T_STRING || !json) writeValue(k, json);
    else writeKeyAsString(k);
    wByte(0x3A);
    writeValue(entryValue(v, e), json);
  }
  wByte(0x7D);
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

function writeSet(v: usize, json: bool): void {
  collPrepareOrder(v);
  let n = collCount(v);
  if (n == 0 && !json) {
    wWord(0x28746573, 4); // set(
    wByte(0x29);
    return;
  }
  wByte(json ? 0x5B : 0x7B);
  for (let i: usize = 0; i < n; i++) {
    if (i > 0) wByte(0x2C);
    writeValue(entryKey(v, orderedEntry(v, i)), json);
  }
  wByte(json ? 0x5D : 0x7D);
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
