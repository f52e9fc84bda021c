// JSON text → value (RFC 8259, strict), and the same parser in "value" mode (opa_value_parse),
// which also reads Rego set literals ({1, 2}, set()) and non-string object keys.
// Iterative, with an explicit stack of open containers, so deep nesting cannot overflow the wasm
// stack. Nesting is capped at 10,000 levels, the limit of Go's decoder that OPA inherits (dump,
// compare, hash and walk go that deep with explicit stacks too, rt/frames.ts).
// Strings without escapes reference the source text instead of copying it: the text must live as
// long as the values (the SDK keeps input and data text below the values parsed from it).
import { alloc } from "../rt/heap";
import { T_STRING, tagOf } from "../values/layout";
import { NULL_V, TRUE_V, FALSE_V, stringRef, stringAlloc, setCodePoints } from "../values/scalars";
import { numInt } from "../number/number";
import { parseNumber, scanNumber, isDigit } from "../number/parse";
import { arrayNew, arrayAppend } from "../values/array";
import { objectNew, setNew, objectInsert, setAdd, collFreezeOrder } from "../values/collection";
import { utf8SeqLen, utf8Encode } from "./utf8";
import { msgBegin, msgStr, failBuiltin, CODE_BUILTIN } from "../abort";

// @ts-ignore: decorator
@inline export const MAX_DEPTH: usize = 10000;

// Frame states
// @ts-ignore: decorator
@inline const F_ARRAY: u32 = 0;
// @ts-ignore: decorator
@inline const F_KEY: u32 = 1; // object, the value just read is a key
// @ts-ignore: decorator
@inline const F_VALUE: u32 = 2; // object, the value just read belongs to the pending key
// @ts-ignore: decorator
@inline const F_SET: u32 = 3;
// @ts-ignore: decorator
@inline const F_BRACE: u32 = 4; // value mode: `{` whose first element decides object or set

// @ts-ignore: decorator
@inline const FRAME: usize = 12; // [container][pending key][state]
// @ts-ignore: decorator
@inline const STATIC_FRAMES: usize = 64;
const staticFrames: usize = memory.data(<i32>(STATIC_FRAMES * FRAME), 8);

let p: usize = 0;
let end: usize = 0;
let valueMode: bool = false;

/** Parses [start, start+len); 0 when the text is not a single valid value. */
export function parseText(start: usize, len: usize, vmode: bool): usize {
  if (len == 0) return 0;
  p = start;
  end = start + len;
  valueMode = vmode;
  let frames = staticFrames;
  let cap = STATIC_FRAMES;
  let depth: usize = 0;
  let value: usize = 0;
  while (true) {
    // Read the start of a value: a scalar, or open a container.
    skipWs();
    if (p >= end) return 0;
    let c = load<u8>(p);
    if (c == 0x7B || c == 0x5B) {
      p++;
      if (depth == MAX_DEPTH) return tooDeep();
      if (depth == cap) {
        let nf = alloc(cap * 2 * FRAME);
        memory.copy(nf, frames, cap * FRAME);
        frames = nf;
        cap *= 2;
      }
      let f = frames + depth * FRAME;
      let isArray = c == 0x5B;
      let container: usize = isArray ? arrayNew(4) : valueMode ? 0 : objectNew();
      store<u32>(f, <u32>container);
      store<u32>(f, isArray ? F_ARRAY : valueMode ? F_BRACE : F_KEY, 8);
      depth++;
      skipWs();
      if (p < end && load<u8>(p) == (isArray ? 0x5D : 0x7D)) {
        p++;
        depth--;
        value = container != 0 ? container : objectNew();
      } else {
        continue;
      }
    } else {
      value = parseScalar(c);
      if (value == 0) return 0;
    }
    // A value is complete: hand it to the enclosing containers, closing those that end here.
    while (true) {
      if (depth == 0) {
        skipWs();
        return p == end ? value : 0;
      }
      let f = frames + (depth - 1) * FRAME;
      let container = <usize>load<u32>(f);
      let state = load<u32>(f, 8);
      skipWs();
      if (p >= end) return 0;
      let d = load<u8>(p++);
      if (state == F_BRACE) {
        if (d == 0x3A) {
          container = objectNew();
          state = F_KEY;
        } else {
          container = setNew();
          state = F_SET;
        }
        store<u32>(f, <u32>container);
        store<u32>(f, state, 8);
      }
      if (state == F_KEY) {
        if (d != 0x3A || (!valueMode && tagOf(value) != T_STRING)) return 0;
        store<u32>(f, <u32>value, 4);
        store<u32>(f, F_VALUE, 8);
        break;
      }
      let close: u8 = 0x7D;
      if (state == F_ARRAY) {
        arrayAppend(container, value);
        close = 0x5D;
      } else if (state == F_VALUE) {
        objectInsert(container, <usize>load<u32>(f, 4), value);
        store<u32>(f, F_KEY, 8);
      } else {
        setAdd(container, value);
      }
      if (d == 0x2C) break; // next element
      if (d != close) return 0;
      depth--;
      if (state != F_ARRAY) collFreezeOrder(container); // sorted index allocated with the value
      value = container;
    }
  }
  return 0;
}

function tooDeep(): usize {
  msgBegin(CODE_BUILTIN);
  msgStr("json: nesting deeper than 10000 levels");
  failBuiltin();
  return 0;
}

// @ts-ignore: decorator
@inline function skipWs(): void {
  while (p < end) {
    let c = load<u8>(p);
    if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) break;
    p++;
  }
}

function parseScalar(c: u8): usize {
  if (c == 0x22) return parseString();
  if (c == 0x2D || isDigit(c)) return parseNumberToken();
  if (c == 0x74 && matchWord(0x65757274, 4)) return TRUE_V; // "true"
  if (c == 0x66 && p + 5 <= end && load<u8>(p + 4) == 0x65 && matchWord(0x736C6166, 5)) return FALSE_V; // "false"
  if (c == 0x6E && matchWord(0x6C6C756E, 4)) return NULL_V; // "null"
  if (valueMode && c == 0x73 && p + 5 <= end && load<u32>(p) == 0x28746573 && load<u8>(p + 4) == 0x29) { // "set()"
    p += 5;
    return setNew();
  }
  return 0;
}

/** Matches the 4 bytes of `word` (little-endian) at p; on success advances by `len`. */
function matchWord(word: u32, len: usize): bool {
  if (p + len > end || load<u32>(p) != word) return false;
  p += len;
  return true;
}

function parseNumberToken(): usize {
  // Fast path: an integer of up to 18 digits.
  let q = p;
  let neg = load<u8>(q) == 0x2D;
  if (neg) q++;
  let first = q;
  let x: i64 = 0;
  while (q < end && isDigit(load<u8>(q)) && q - first < 19) {
    x = x * 10 + <i64>(load<u8>(q) - 0x30);
    q++;
  }
  let nd = q - first;
  if (nd > 0 && nd <= 18 && (load<u8>(first) != 0x30 || nd == 1)) {
    let next: u8 = q < end ? load<u8>(q) : 0;
    if (next != 0x2E && (next | 0x20) != 0x65 && !isDigit(next)) {
      p = q;
      return numInt(neg ? -x : x);
    }
  }
  let n = scanNumber(p, end);
  if (n == 0) return 0;
  let v = parseNumber(p, n);
  p += n;
  return v;
}

// @ts-ignore: decorator
@inline function needsCare8(w: u64): bool {
  // any byte that is '"', '\\', < 0x20 or >= 0x80
  let hi: u64 = 0x8080808080808080;
  let ones: u64 = 0x0101010101010101;
  let q = w ^ 0x2222222222222222;
  let b = w ^ 0x5C5C5C5C5C5C5C5C;
  return ((((q - ones) & ~q) | ((b - ones) & ~b) | (w - 0x2020202020202020) | w) & hi) != 0;
}

function parseString(): usize {
  let start = ++p;
  let ascii = true;
  while (p < end) {
    if (p + 8 <= end && !needsCare8(load<u64>(p))) {
      p += 8;
      continue;
    }
    let b = load<u8>(p);
    if (b == 0x22) {
      let s = stringRef(start, p - start);
      if (ascii) setCodePoints(s, <i32>(p - start));
      p++;
      return s;
    }
    if (b == 0x5C) return parseEscapedString(start);
    if (b < 0x20) return 0;
    if (b >= 0x80) {
      let n = utf8SeqLen(p, end);
      if (n == 0) return 0;
      p += n;
      ascii = false;
    } else {
      p++;
    }
  }
  return 0;
}

/** A string with escapes: decoded into a new buffer (never longer than the raw text). */
function parseEscapedString(start: usize): usize {
  let q = start;
  while (q < end && load<u8>(q) != 0x22) q += load<u8>(q) == 0x5C ? 2 : 1;
  if (q >= end) return 0;
  let s = stringAlloc(q - start);
  let out = s + 24;
  let o = out;
  let cps: i32 = 0;
  p = start;
  while (true) {
    let b = load<u8>(p);
    if (b == 0x22) break;
    cps++;
    if (b == 0x5C) {
      let e = load<u8>(p + 1);
      p += 2;
      let ch: u32 = 0;
      switch (e) {
        case 0x22: ch = 0x22; break;
        case 0x5C: ch = 0x5C; break;
        case 0x2F: ch = 0x2F; break;
        case 0x62: ch = 0x08; break;
        case 0x66: ch = 0x0C; break;
        case 0x6E: ch = 0x0A; break;
        case 0x72: ch = 0x0D; break;
        case 0x74: ch = 0x09; break;
        case 0x75: {
          ch = readHex4();
          if (ch > 0xFFFF) return 0;
          if (ch >= 0xD800 && ch < 0xDC00) {
            // a high surrogate needs a following \u low surrogate; alone it becomes U+FFFD (as Go)
            let lo: u32 = 0x110000;
            if (p + 6 <= end && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75) {
              let save = p;
              p += 2;
              lo = readHex4();
              if (lo >= 0xDC00 && lo < 0xE000) ch = 0x10000 + ((ch - 0xD800) << 10) + (lo - 0xDC00);
              else {
                p = save;
                ch = 0xFFFD;
              }
            } else {
              ch = 0xFFFD;
            }
          } else if (ch >= 0xDC00 && ch < 0xE000) {
            ch = 0xFFFD;
          }
          break;
        }
        default: return 0;
      }
      o += utf8Encode(o, ch);
    } else if (b < 0x20) {
      return 0;
    } else if (b < 0x80) {
      store<u8>(o++, b);
      p++;
    } else {
      let n = utf8SeqLen(p, end);
      if (n == 0) return 0;
      memory.copy(o, p, n);
      o += n;
      p += n;
    }
  }
  p++; // closing quote
  store<u32>(s, <u32>(o - out), 4);
  setCodePoints(s, cps);
  return s;
}

/** Four hex digits at p (advances); 0x110000 (never a valid unit) when malformed. */
function readHex4(): u32 {
  if (p + 4 > end) return 0x110000;
  let v: u32 = 0;
  for (let i = 0; i < 4; i++) {
    let c = <u32>load<u8>(p + <usize>i);
    let d: u32;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    else return 0x110000;
    v = (v << 4) | d;
  }
  p += 4;
  return v;
}
