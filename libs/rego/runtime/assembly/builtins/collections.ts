// count and the `in` operator (internal.member_2 / internal.member_3).
import { T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt } from "../values/layout";
import { boolV, strCodePoints, FALSE_V } from "../values/scalars";
import { numInt, numKind, intOf, K_INT } from "../number/number";
import { collCount, collFind, collGet, entryValue } from "../values/collection";
import { valueEqual } from "../compare";
import { operandError } from "./errors";

export function vg_builtin_count(v: usize): usize {
  switch (tagOf(v)) {
    case T_ARRAY: return numInt(<i64>arrLen(v));
    case T_OBJECT:
    case T_SET: return numInt(<i64>collCount(v));
    case T_STRING: return numInt(<i64>strCodePoints(v));
  }
  return operandError("count", 1, "one of {array, object, set, string}", v);
}

export function vg_builtin_internal_member_2(x: usize, c: usize): usize {
  if (x == 0 || c == 0) return 0;
  switch (tagOf(c)) {
    case T_SET: return boolV(collFind(c, x) >= 0);
    case T_ARRAY: {
      let n = arrLen(c);
      for (let i: usize = 0; i < n; i++) if (valueEqual(arrAt(c, i), x)) return boolV(true);
      return FALSE_V;
    }
    case T_OBJECT: {
      let n = collCount(c);
      for (let i: usize = 0; i < n; i++) if (valueEqual(entryValue(c, i), x)) return boolV(true);
      return FALSE_V;
    }
  }
  return FALSE_V;
}

export function vg_builtin_internal_member_3(k: usize, v: usize, c: usize): usize {
  if (k == 0 || v == 0 || c == 0) return 0;
  let t = tagOf(c);
  if (t == T_OBJECT) return boolV(valueEqual(collGet(c, k), v));
  if (t == T_ARRAY) {
    if (tagOf(k) != T_NUMBER || numKind(k) != K_INT) return FALSE_V;
    let i = intOf(k);
    return boolV(i >= 0 && i < <i64>arrLen(c) && valueEqual(arrAt(c, <usize>i), v));
  }
  return FALSE_V;
}
