// json.marshal, json.marshal_with_options, json.unmarshal, json.is_valid. Marshalling reuses the
// runtime's JSON dump (sorted keys, sets as sorted arrays, OPA's number text) and then applies
// what Go's encoding/json adds: HTML-safe escapes (<, >, & and U+2028/U+2029), and for pretty
// output Go's Indent rules on the compact text. Unmarshalling uses the runtime's parser, so big
// numbers stay exact.
import { T_STRING, T_BOOLEAN, T_OBJECT, tagOf, typeNameOf, strLen, strData } from "../values/layout";
import { boolV, boolOf } from "../values/scalars";
import { collCount, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { heapPtr, setHeapPtr } from "../rt/heap";
import { dumpJson } from "../json/dump";
import { parseText } from "../json/parse";
import { CODE_TYPE, CODE_BUILTIN, msgStr, msgByte, msgBytes, failBuiltin, clearLastError, lastErrorPtr } from "../abort";
import { failBegin } from "./fail";
import { strOk, outBegin, outBytes, outByte, outString } from "./text";
import { operandError } from "./errors";

/** Writes the NUL-terminated compact JSON at p with Go's HTML-safe escapes into the output buffer. */
function htmlSafe(p: usize): void {
  let i: usize = 0;
  let run: usize = 0;
  while (true) {
    let b = <u32>load<u8>(p + i);
    if (b == 0) break;
    let esc: u32 = 0;
    if (b == 0x3C || b == 0x3E || b == 0x26) esc = b;
    else if (b == 0xE2 && load<u8>(p + i + 1) == 0x80 && (load<u8>(p + i + 2) == 0xA8 || load<u8>(p + i + 2) == 0xA9)) esc = 0x2000 | load<u8>(p + i + 2) - 0x80;
    if (esc == 0) {
      i++;
      continue;
    }
    // These bytes only occur inside strings in JSON text, so escaping them in place is safe.
    outBytes(p + run, i - run);
    outByte(0x5C);
    outByte(0x75);
    for (let k = 12; k >= 0; k -= 4) {
      let d = (esc >> <u32>k) & 15;
      outByte(d < 10 ? 0x30 + d : 0x61 + d - 10);
    }
    i += esc >= 0x2000 ? 3 : 1;
    run = i;
  }
  outBytes(p + run, i - run);
}

export function vg_builtin_json_marshal(v: usize): usize {
  if (v == 0) return 0;
  let text = dumpJson(v);
  outBegin(64);
  htmlSafe(text);
  return outString();
}

// --- pretty printing (Go's json.Indent over compact text) ----------------------------------------------------

// The running pretty-print's prefix and indent, as byte ranges.
let preP: usize = 0;
let preN: usize = 0;
let indP: usize = 0;
let indN: usize = 0;
const TAB: usize = memory.data<u8>([9]);

function newline(depth: i32): void {
  outByte(0x0A);
  outBytes(preP, preN);
  for (let d: i32 = 0; d < depth; d++) outBytes(indP, indN);
}

/** Indents the compact JSON text [p, p+n) into the output buffer (Go's json.Indent). */
function indentJson(p: usize, n: usize): void {
  let depth: i32 = 0;
  let i: usize = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x22) {
      // a string: copied as is, escapes included
      let j = i + 1;
      while (j < n && load<u8>(p + j) != 0x22) j += load<u8>(p + j) == 0x5C ? 2 : 1;
      outBytes(p + i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c == 0x7B || c == 0x5B) {
      let close = c + 2; // '}' or ']'
      if (i + 1 < n && <u32>load<u8>(p + i + 1) == close) {
        outByte(c);
        outByte(close);
        i += 2;
        continue;
      }
      outByte(c);
      depth++;
      newline(depth);
    } else if (c == 0x7D || c == 0x5D) {
      depth--;
      newline(depth);
      outByte(c);
    } else if (c == 0x2C) {
      outByte(c);
      newline(depth);
    } else if (c == 0x3A) {
      outByte(c);
      outByte(0x20);
    } else {
      outByte(c);
    }
    i++;
  }
}

/** "operand 2 <text>" as OPA's NewOperandErr words the options errors. */
function optionFail(text: string, key: usize, tail: string): usize {
  failBegin(CODE_TYPE, "json.marshal_with_options");
  msgStr("operand 2 ");
  msgStr(text);
  if (key != 0) {
    msgByte(0x22);
    msgBytes(strData(key), strLen(key));
    msgByte(0x22);
  }
  msgStr(tail);
  return failBuiltin();
}

export function vg_builtin_json_marshal_with_options(v: usize, opts: usize): usize {
  if (v == 0 || opts == 0) return 0;
  if (tagOf(opts) != T_OBJECT) return operandError("json.marshal_with_options", 2, "object", opts);
  let prefix: usize = 0;
  let indent: usize = 0;
  let implicit = false;
  let explicit = false;
  let pretty = false;
  collPrepareOrder(opts);
  let n = collCount(opts);
  for (let i: usize = 0; i < n; i++) {
    let e = orderedEntry(opts, i);
    let k = entryKey(opts, e);
    let x = entryValue(opts, e);
    if (tagOf(k) != T_STRING) return optionFail("failed to stringify key", 0, "");
    let isPrefix = keyIs(k, 0x78696665_72700006); // "prefix"
    let isIndent = keyIs(k, 0x746E6564_6E690006); // "indent"
    let isPretty = keyIs(k, 0x79747465_72700006); // "pretty"
    if (isPrefix || isIndent) {
      if (tagOf(x) != T_STRING) {
        failBegin(CODE_TYPE, "json.marshal_with_options");
        msgStr("operand 2 key ");
        msgStr(isPrefix ? "\"prefix\"" : "\"indent\"");
        msgStr(" failed cast to string: operand ");
        msgByte(0x30 + <u32>i);
        msgStr(" must be string but got ");
        msgStr(typeNameOf(x));
        return failBuiltin();
      }
      if (isPrefix) prefix = x;
      else indent = x;
      implicit = true;
    } else if (isPretty) {
      explicit = true;
      if (tagOf(x) != T_BOOLEAN) return optionFail("key ", k, " failed cast to bool");
      pretty = boolOf(x);
    } else {
      return optionFail("object contained unknown key ", k, "");
    }
  }
  if (!explicit) pretty = implicit;
  let text = dumpJson(v);
  outBegin(64);
  htmlSafe(text);
  let compact = outString();
  if (!pretty) return compact;
  preP = prefix != 0 ? strData(prefix) : 0;
  preN = prefix != 0 ? strLen(prefix) : 0;
  indP = indent != 0 ? strData(indent) : TAB; // Go's default indent is a tab
  indN = indent != 0 ? strLen(indent) : 1;
  outBegin(strLen(compact) * 2 + 16);
  outBytes(preP, preN); // OPA puts the prefix before the first line too
  indentJson(strData(compact), strLen(compact));
  return outString();
}

/** True when the string k equals the 6-byte ASCII word packed as (bytes 5..2) << 32 | (bytes 1..0) << 16 | len. */
function keyIs(k: usize, packed: u64): bool {
  let n = <usize>(packed & 0xFFFF);
  if (strLen(k) != n) return false;
  let p = strData(k);
  let lo = <u32>(packed >> 16) & 0xFFFF;
  let hi = <u32>(packed >> 32);
  return load<u16>(p) == <u16>lo && load<u32>(p + 2) == hi;
}

// --- unmarshal, is_valid ---------------------------------------------------------------------------------------

export function vg_builtin_json_unmarshal(s: usize): usize {
  if (s == 0 || !strOk("json.unmarshal", s, 1)) return 0;
  let saved = lastErrorPtr();
  let v = parseText(strData(s), strLen(s), false);
  if (v != 0) return v;
  if (lastErrorPtr() != saved) return 0; // the parser reported (too deep)
  failBegin(CODE_BUILTIN, "json.unmarshal");
  jsonErrorText(strData(s), strLen(s));
  return failBuiltin();
}

/**
 * A short version of Go's syntax error text: "unexpected end of JSON input" for empty or cut-off
 * input, else "invalid character 'c' looking for beginning of value" naming the first byte that
 * cannot start a value.
 */
function jsonErrorText(p: usize, n: usize): void {
  let i: usize = 0;
  while (i < n && isWs(load<u8>(p + i))) i++;
  if (i == n) {
    msgStr("unexpected end of JSON input");
    return;
  }
  let c = <u32>load<u8>(p + i);
  let starts = c == 0x7B || c == 0x5B || c == 0x22 || c == 0x2D || (c >= 0x30 && c <= 0x39) || c == 0x74 || c == 0x66 || c == 0x6E;
  if (starts) {
    msgStr("unexpected end of JSON input");
    return;
  }
  msgStr("invalid character '");
  msgByte(c);
  msgStr("' looking for beginning of value");
}

// @ts-ignore: decorator
@inline function isWs(c: u8): bool {
  return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09;
}

export function vg_builtin_json_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (tagOf(s) != T_STRING) return boolV(false);
  let mark = heapPtr();
  let saved = lastErrorPtr();
  let ok = parseText(strData(s), strLen(s), false) != 0;
  // Nothing refers to the parsed value: release it, unless the parser recorded an error (the
  // nesting limit) whose text lives there; that error is not one for is_valid anyway.
  if (lastErrorPtr() == saved) setHeapPtr(mark);
  else if (saved == 0) clearLastError();
  return boolV(ok);
}
