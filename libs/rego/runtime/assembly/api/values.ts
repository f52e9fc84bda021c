// Exports: value constructors, queries, iteration and mutation of values under construction.
import { T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt } from "../values/layout";
import { NULL_V, TRUE_V, FALSE_V, stringRef, stringCopy, strCodePoints } from "../values/scalars";
import { numInt, numFloat, numKind, intOf, K_INT } from "../number/number";
import { parseNumber } from "../number/parse";
import { arrayNew, arrayAppend } from "../values/array";
import {
  objectNew, setNew, collCount, collFind, collGet, collAppend, collPrepareOrder, orderedEntry, entryKey, entryValue,
  objectInsert, setAdd,
} from "../values/collection";
import { valueCompare, valueEqual } from "../compare";

export function vg_null(): usize { return NULL_V; }
export function vg_true(): usize { return TRUE_V; }
export function vg_false(): usize { return FALSE_V; }
export function vg_boolean(b: i32): usize { return b != 0 ? TRUE_V : FALSE_V; }
export function vg_int(x: i32): usize { return numInt(<i64>x); }
export function vg_int64(x: i64): usize { return numInt(x); }
export function vg_float(x: f64): usize { return numFloat(x); }
export function vg_number_ref(p: usize, n: usize): usize { return parseNumber(p, n); }
export function vg_string(p: usize, n: usize): usize { return stringCopy(p, n); }
export function vg_string_ref(p: usize, n: usize): usize { return stringRef(p, n); }
export function vg_array(cap: i32): usize { return arrayNew(cap > 0 ? <usize>cap : 0); }
export function vg_object(): usize { return objectNew(); }
export function vg_set(): usize { return setNew(); }

export function vg_type(v: usize): i32 {
  return <i32>tagOf(v);
}

export function vg_len(v: usize): i32 {
  switch (tagOf(v)) {
    case T_ARRAY: return <i32>arrLen(v);
    case T_OBJECT:
    case T_SET: return <i32>collCount(v);
    case T_STRING: return strCodePoints(v);
  }
  return 0;
}

export function vg_dot(c: usize, key: usize): usize {
  if (key == 0) return 0;
  switch (tagOf(c)) {
    case T_OBJECT: return collGet(c, key);
    case T_SET: {
      let e = collFind(c, key);
      return e < 0 ? 0 : entryKey(c, <usize>e);
    }
    case T_ARRAY: {
      if (load<u8>(key) != T_NUMBER || numKind(key) != K_INT) return 0;
      let i = intOf(key);
      return i >= 0 && i < <i64>arrLen(c) ? arrAt(c, <usize>i) : 0;
    }
  }
  return 0;
}

export function vg_array_get(a: usize, i: i32): usize {
  if (tagOf(a) != T_ARRAY || i < 0 || <usize>i >= arrLen(a)) return 0;
  return arrAt(a, <usize>i);
}

export function vg_compare(a: usize, b: usize): i32 {
  return valueCompare(a, b);
}

export function vg_equal(a: usize, b: usize): i32 {
  return valueEqual(a, b) ? 1 : 0;
}

export function vg_iter_len(c: usize): i32 {
  switch (tagOf(c)) {
    case T_ARRAY: return <i32>arrLen(c);
    case T_OBJECT:
    case T_SET:
      collPrepareOrder(c);
      return <i32>collCount(c);
  }
  return 0;
}

export function vg_iter_key(c: usize, i: i32): usize {
  if (<usize>i >= <usize>vg_iter_len(c)) return 0;
  if (tagOf(c) == T_ARRAY) return numInt(<i64>i);
  return entryKey(c, orderedEntry(c, <usize>i));
}

export function vg_iter_value(c: usize, i: i32): usize {
  if (<usize>i >= <usize>vg_iter_len(c)) return 0;
  if (tagOf(c) == T_ARRAY) return arrAt(c, <usize>i);
  return entryValue(c, orderedEntry(c, <usize>i));
}

export function vg_array_append(a: usize, v: usize): void {
  arrayAppend(a, v);
}

export function vg_object_insert(o: usize, k: usize, v: usize): void {
  objectInsert(o, k, v);
}

export function vg_object_insert_once(o: usize, k: usize, v: usize): i32 {
  let e = collFind(o, k);
  if (e < 0) {
    collAppend(o, k, v);
    return 0;
  }
  return valueEqual(entryValue(o, <usize>e), v) ? 1 : 2;
}

export function vg_set_add(s: usize, v: usize): void {
  setAdd(s, v);
}
