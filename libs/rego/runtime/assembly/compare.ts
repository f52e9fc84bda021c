// OPA's total order and equality over values, and a hash consistent with equality.
// Order: undefined < null < boolean < number < string < array < object < set. Numbers compare
// exactly, strings by UTF-8 bytes, arrays element-wise then by length, objects by their sorted
// (key, value) pairs then size, sets by their sorted elements then size.
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, arrLen, arrAt } from "./values/layout";
import { strCompare, strEqual, strHash, boolOf } from "./values/scalars";
import { numCompare, numEqual, numHash } from "./number/number";
import { collCount, collFind, collPrepareOrder, orderedEntry, entryKey, entryValue } from "./values/collection";
import { fmix32, combine } from "./values/hash";

export function valueCompare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = load<u8>(a);
  let tb = load<u8>(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_NULL: return 0;
    case T_BOOLEAN: {
      let x = boolOf(a);
      return x == boolOf(b) ? 0 : x ? 1 : -1;
    }
    case T_NUMBER: return numCompare(a, b);
    case T_STRING: return strCompare(a, b);
    case T_ARRAY: return arrayCompare(a, b);
    case T_OBJECT: return collectionCompare(a, b, true);
    case T_SET: return collectionCompare(a, b, false);
  }
  return 0;
}

function arrayCompare(a: usize, b: usize): i32 {
  let na = arrLen(a);
  let nb = arrLen(b);
  let n = na < nb ? na : nb;
  for (let i: usize = 0; i < n; i++) {
    let c = valueCompare(arrAt(a, i), arrAt(b, i));
    if (c != 0) return c;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function collectionCompare(a: usize, b: usize, withValues: bool): i32 {
  collPrepareOrder(a);
  collPrepareOrder(b);
  let na = collCount(a);
  let nb = collCount(b);
  let n = na < nb ? na : nb;
  for (let i: usize = 0; i < n; i++) {
    let ea = orderedEntry(a, i);
    let eb = orderedEntry(b, i);
    let c = valueCompare(entryKey(a, ea), entryKey(b, eb));
    if (c != 0) return c;
    if (withValues) {
      c = valueCompare(entryValue(a, ea), entryValue(b, eb));
      if (c != 0) return c;
    }
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function valueEqual(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let t = load<u8>(a);
  if (t != load<u8>(b)) return false;
  switch (t) {
    case T_NULL: return true;
    case T_BOOLEAN: return boolOf(a) == boolOf(b);
    case T_NUMBER: return numEqual(a, b);
    case T_STRING: return strEqual(a, b);
    case T_ARRAY: {
      let n = arrLen(a);
      if (n != arrLen(b)) return false;
      for (let i: usize = 0; i < n; i++) if (!valueEqual(arrAt(a, i), arrAt(b, i))) return false;
      return true;
    }
    case T_OBJECT:
    case T_SET: {
      let n = collCount(a);
      if (n != collCount(b)) return false;
      for (let e: usize = 0; e < n; e++) {
        let f = collFind(b, entryKey(a, e));
        if (f < 0) return false;
        if (t == T_OBJECT && !valueEqual(entryValue(a, e), entryValue(b, <usize>f))) return false;
      }
      return true;
    }
  }
  return false;
}

/** Never 0 (0 marks "not computed" in caches). Objects and sets hash independently of order. */
export function valueHash(v: usize): u32 {
  let h: u32 = 0;
  switch (tagOfNonZero(v)) {
    case T_NULL: h = 0x6E756C6C; break;
    case T_BOOLEAN: h = boolOf(v) ? 0x74727565 : 0x66616C73; break;
    case T_NUMBER: h = numHash(v); break;
    case T_STRING: return strHash(v);
    case T_ARRAY: {
      h = 0x41525259;
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) h = combine(h, valueHash(arrAt(v, i)));
      h = fmix32(h ^ <u32>n);
      break;
    }
    case T_OBJECT:
    case T_SET: {
      let n = collCount(v);
      let isObj = load<u8>(v) == T_OBJECT;
      h = isObj ? 0x4F424A54 : 0x53455420;
      for (let e: usize = 0; e < n; e++) {
        let k = valueHash(entryKey(v, e));
        h += isObj ? fmix32(combine(k, valueHash(entryValue(v, e)))) : fmix32(k);
      }
      h = fmix32(h ^ <u32>n);
      break;
    }
  }
  return h == 0 ? 1 : h;
}

// @ts-ignore: decorator
@inline function tagOfNonZero(v: usize): u8 {
  return v == 0 ? 0 : load<u8>(v);
}
