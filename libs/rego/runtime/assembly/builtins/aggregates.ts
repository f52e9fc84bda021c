// sum, product, max, min, sort, all, any over arrays and sets. Sums and products use the runtime's
// exact arithmetic (integers of any size stay exact; OPA's evaluator rounds beyond 64 bits of
// mantissa, which is the one place these differ). max/min/sort use OPA's total order.
import { T_SET, T_NUMBER, tagOf, arrLen, arrAt, arrElems } from "../values/layout";
import { TRUE_V, boolV } from "../values/scalars";
import { numInt } from "../number/number";
import { numAdd, numMul, arithError, E_NONE } from "../number/arith";
import { collFind, collPrepareOrder, orderedEntry, entryKey } from "../values/collection";
import { valueCompare } from "../compare";
import { sortValues } from "../sort";
import { operandError } from "./errors";
import { elementFail, plainFail } from "./fail";
import { arrayOfLen, elemAt, elemCount, isArrayOrSet } from "./common";

/** sum (mul = false) or product (mul = true) of an array/set of numbers. */
function fold(name: string, c: usize, mul: bool): usize {
  if (!isArrayOrSet(c)) return operandError(name, 1, "one of {set, array}", c);
  let n = elemCount(c);
  for (let i: usize = 0; i < n; i++) {
    let x = elemAt(c, i);
    if (tagOf(x) != T_NUMBER) return elementFail(name, 1, c, x, "number");
  }
  let acc = numInt(mul ? 1 : 0);
  for (let i: usize = 0; i < n && acc != 0; i++) acc = mul ? numMul(acc, elemAt(c, i)) : numAdd(acc, elemAt(c, i));
  if (acc != 0) return acc;
  arithError = E_NONE;
  return plainFail(name, "result is not a finite number");
}

export function vg_builtin_sum(c: usize): usize { return fold("sum", c, false); }
export function vg_builtin_product(c: usize): usize { return fold("product", c, true); }

/** max (sign 1) or min (sign -1); undefined for an empty collection. */
function extreme(name: string, c: usize, sign: i32): usize {
  if (!isArrayOrSet(c)) return operandError(name, 1, "one of {set, array}", c);
  let n = elemCount(c);
  if (n == 0) return 0;
  let best = elemAt(c, 0);
  for (let i: usize = 1; i < n; i++) {
    let x = elemAt(c, i);
    if (valueCompare(x, best) * sign > 0) best = x;
  }
  return best;
}

export function vg_builtin_max(c: usize): usize { return extreme("max", c, 1); }
export function vg_builtin_min(c: usize): usize { return extreme("min", c, -1); }

export function vg_builtin_sort(c: usize): usize {
  if (!isArrayOrSet(c)) return operandError("sort", 1, "one of {set, array}", c);
  let n = elemCount(c);
  let r = arrayOfLen(n);
  let dst = arrElems(r);
  if (tagOf(c) == T_SET) {
    collPrepareOrder(c); // sets already know their order: no comparisons here
    for (let i: usize = 0; i < n; i++) store<u32>(dst + (i << 2), <u32>entryKey(c, orderedEntry(c, i)));
    return r;
  }
  memory.copy(dst, arrElems(c), n << 2);
  sortValues(dst, n);
  return r;
}

export function vg_builtin_all(c: usize): usize {
  if (!isArrayOrSet(c)) return operandError("all", 1, "one of {array, set}", c);
  let n = elemCount(c);
  for (let i: usize = 0; i < n; i++) if (elemAt(c, i) != TRUE_V) return boolV(false);
  return boolV(true);
}

export function vg_builtin_any(c: usize): usize {
  if (!isArrayOrSet(c)) return operandError("any", 1, "one of {array, set}", c);
  if (tagOf(c) == T_SET) return boolV(collFind(c, TRUE_V) >= 0);
  let n = arrLen(c);
  for (let i: usize = 0; i < n; i++) if (arrAt(c, i) == TRUE_V) return boolV(true);
  return boolV(false);
}
