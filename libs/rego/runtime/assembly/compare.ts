// OPA's total order and equality over values, and a hash consistent with equality.
// Order: undefined < null < boolean < number < string < array < object < set. Numbers compare
// exactly, strings by UTF-8 bytes, arrays element-wise then by length, objects by their sorted
// (key, value) pairs then size, sets by their sorted elements then size.
// Scalars are handled at once; composites are walked with an explicit stack (rt/frames.ts), so
// values nested 10,000 levels compare, hash and test equal without deep wasm recursion.
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, arrLen, arrAt } from "./values/layout";
import { strCompare, strEqual, strHash, boolOf } from "./values/scalars";
import { numCompare, numEqual, numHash } from "./number/number";
import { collCount, collFind, collPrepareOrder, orderedEntry, entryKey, entryValue } from "./values/collection";
import { fmix32, combine } from "./values/hash";
import { framePush, framePop, framesTop, framesPop, deepEnter, deepLeave } from "./rt/frames";

export function valueCompare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = load<u8>(a);
  let tb = load<u8>(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  if (ta < T_ARRAY) return scalarCompare(ta, a, b);
  return compareComposites(a, b);
}

// @ts-ignore: decorator
@inline function scalarCompare(t: u8, a: usize, b: usize): i32 {
  switch (t) {
    case T_BOOLEAN: {
      let x = boolOf(a);
      return x == boolOf(b) ? 0 : x ? 1 : -1;
    }
    case T_NUMBER: return numCompare(a, b);
    case T_STRING: return strCompare(a, b);
  }
  return 0; // null
}

/** Elements of an array, entries of an object or set (of type t). */
// @ts-ignore: decorator
@inline function childCount(t: u8, v: usize): usize {
  return t == T_ARRAY ? arrLen(v) : collCount(v);
}

/** Children compared pairwise before the sizes: elements; objects' keys and values alternating. */
// @ts-ignore: decorator
@inline function pairCount(t: u8, a: usize, b: usize): usize {
  let na = childCount(t, a);
  let nb = childCount(t, b);
  let n = na < nb ? na : nb;
  return t == T_OBJECT ? n << 1 : n;
}

// @ts-ignore: decorator
@inline function prepareOrder(v: usize): void {
  if (load<u8>(v) != T_ARRAY) collPrepareOrder(v); // may compare (set elements) in a nested walk
}

/**
 * The pair being compared is in locals (x, y, next child i); a composite child pair suspends it
 * on the frame stack ([x][y][i][-]) until the child pair is done, like a call would.
 */
function compareComposites(a: usize, b: usize): i32 {
  deepEnter();
  let mark = framesTop();
  prepareOrder(a);
  prepareOrder(b);
  let x = a;
  let y = b;
  let i: usize = 0;
  let t = load<u8>(a);
  let n = pairCount(t, x, y);
  let r: i32 = 0;
  while (true) {
    if (i < n) {
      let cx: usize;
      let cy: usize;
      if (t == T_ARRAY) {
        cx = arrAt(x, i);
        cy = arrAt(y, i);
      } else {
        let ex = orderedEntry(x, t == T_OBJECT ? i >> 1 : i);
        let ey = orderedEntry(y, t == T_OBJECT ? i >> 1 : i);
        let value = t == T_OBJECT && (i & 1) != 0;
        cx = value ? entryValue(x, ex) : entryKey(x, ex);
        cy = value ? entryValue(y, ey) : entryKey(y, ey);
      }
      i++;
      if (cx == cy) continue;
      if (cx == 0 || cy == 0) {
        r = cx == 0 ? -1 : 1;
        break;
      }
      let tx = load<u8>(cx);
      let ty = load<u8>(cy);
      if (tx != ty) {
        r = tx < ty ? -1 : 1;
        break;
      }
      if (tx < T_ARRAY) {
        r = scalarCompare(tx, cx, cy);
        if (r != 0) break;
        continue;
      }
      prepareOrder(cx);
      prepareOrder(cy);
      framePush(<u32>x, <u32>y, <u32>i, 0);
      x = cx;
      y = cy;
      i = 0;
      t = tx;
      n = pairCount(t, x, y);
      continue;
    }
    let na = childCount(t, x);
    let nb = childCount(t, y);
    if (na != nb) {
      r = na < nb ? -1 : 1;
      break;
    }
    if (framesTop() == mark) break;
    let f = framePop();
    x = <usize>load<u32>(f);
    y = <usize>load<u32>(f, 4);
    i = <usize>load<u32>(f, 8);
    t = load<u8>(x);
    n = pairCount(t, x, y);
  }
  framesPop(mark);
  deepLeave();
  return r;
}

export function valueEqual(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let t = load<u8>(a);
  if (t != load<u8>(b)) return false;
  if (t < T_ARRAY) return scalarEqual(t, a, b);
  return sameSize(t, a, b) && equalComposites(a, b);
}

// @ts-ignore: decorator
@inline function scalarEqual(t: u8, a: usize, b: usize): bool {
  switch (t) {
    case T_BOOLEAN: return boolOf(a) == boolOf(b);
    case T_NUMBER: return numEqual(a, b);
    case T_STRING: return strEqual(a, b);
  }
  return true; // null
}

// @ts-ignore: decorator
@inline function sameSize(t: u8, a: usize, b: usize): bool {
  return childCount(t, a) == childCount(t, b);
}

/**
 * The pair in locals (x, y of one type and size, next child i); composite child pairs suspend it on
 * the frame stack ([x][y][i][-]). Objects and sets look each key of x up in y (composite keys
 * compare in a nested walk).
 */
function equalComposites(a: usize, b: usize): bool {
  deepEnter();
  let mark = framesTop();
  let x = a;
  let y = b;
  let i: usize = 0;
  let t = load<u8>(a);
  let n = childCount(t, a);
  let ok = true;
  while (true) {
    if (i < n) {
      let cx: usize;
      let cy: usize;
      if (t == T_ARRAY) {
        cx = arrAt(x, i);
        cy = arrAt(y, i);
        i++;
      } else {
        let e = collFind(y, entryKey(x, i));
        if (e < 0) {
          ok = false;
          break;
        }
        cx = entryValue(x, i);
        cy = entryValue(y, <usize>e);
        i++;
        if (t == T_SET) continue;
      }
      if (cx == cy) continue;
      if (cx == 0 || cy == 0) {
        ok = false;
        break;
      }
      let tc = load<u8>(cx);
      if (tc != load<u8>(cy)) {
        ok = false;
        break;
      }
      if (tc < T_ARRAY) {
        if (!scalarEqual(tc, cx, cy)) {
          ok = false;
          break;
        }
        continue;
      }
      if (!sameSize(tc, cx, cy)) {
        ok = false;
        break;
      }
      framePush(<u32>x, <u32>y, <u32>i, 0);
      x = cx;
      y = cy;
      i = 0;
      t = tc;
      n = childCount(t, x);
      continue;
    }
    if (framesTop() == mark) break;
    let f = framePop();
    x = <usize>load<u32>(f);
    y = <usize>load<u32>(f, 4);
    i = <usize>load<u32>(f, 8);
    t = load<u8>(x);
    n = childCount(t, x);
  }
  framesPop(mark);
  deepLeave();
  return ok;
}

/** Never 0 (0 marks "not computed" in caches). Objects and sets hash independently of order. */
export function valueHash(v: usize): u32 {
  let t = tagOfNonZero(v);
  return t < T_ARRAY ? scalarHash(t, v) : hashComposite(v);
}

// @ts-ignore: decorator
@inline function scalarHash(t: u8, v: usize): u32 {
  let h: u32 = 0;
  switch (t) {
    case T_NULL: h = 0x6E756C6C; break;
    case T_BOOLEAN: h = boolOf(v) ? 0x74727565 : 0x66616C73; break;
    case T_NUMBER: h = numHash(v); break;
    case T_STRING: return strHash(v);
  }
  return h == 0 ? 1 : h;
}

// @ts-ignore: decorator
@inline function hashSeed(t: u8): u32 {
  return t == T_ARRAY ? 0x41525259 : t == T_OBJECT ? 0x4F424A54 : 0x53455420;
}

/**
 * The value in locals (x, next child i, hash so far h, pending key hash kh); children are array
 * elements, object keys and values alternating, set elements. A composite child suspends its
 * parent on the frame stack ([x][i][h][kh]); its finished hash then joins the parent's.
 */
function hashComposite(v: usize): u32 {
  deepEnter();
  let mark = framesTop();
  let x = v;
  let i: usize = 0;
  let t = load<u8>(v);
  let h = hashSeed(t);
  let kh: u32 = 0;
  let result: u32 = 0;
  while (true) {
    let count = childCount(t, x);
    let ch: u32;
    if (i < (t == T_OBJECT ? count << 1 : count)) {
      let c = t == T_ARRAY ? arrAt(x, i) : t == T_SET ? entryKey(x, i) : (i & 1) == 0 ? entryKey(x, i >> 1) : entryValue(x, i >> 1);
      i++;
      let tc = tagOfNonZero(c);
      if (tc >= T_ARRAY) {
        framePush(<u32>x, <u32>i, h, kh);
        x = c;
        i = 0;
        t = tc;
        h = hashSeed(tc);
        kh = 0;
        continue;
      }
      ch = scalarHash(tc, c);
    } else {
      ch = fmix32(h ^ <u32>count);
      if (ch == 0) ch = 1;
      if (framesTop() == mark) {
        result = ch;
        break;
      }
      let f = framePop();
      x = <usize>load<u32>(f);
      i = <usize>load<u32>(f, 4);
      h = load<u32>(f, 8);
      kh = load<u32>(f, 12);
      t = load<u8>(x);
    }
    // child i - 1 of x hashed to ch
    if (t == T_ARRAY) h = combine(h, ch);
    else if (t == T_SET) h += fmix32(ch);
    else if (((i - 1) & 1) == 0) kh = ch; // a key's hash waits for its value's
    else h += fmix32(combine(kh, ch));
  }
  framesPop(mark);
  deepLeave();
  return result;
}

// @ts-ignore: decorator
@inline function tagOfNonZero(v: usize): u8 {
  return v == 0 ? 0 : load<u8>(v);
}
