// Helpers shared by the native builtin families. Kept out of the files api/builtins.ts re-exports,
// so that only vg_builtin_* functions become exports of the runtime.
import { T_NUMBER, T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt, strData } from "../values/layout";
import { stringAlloc, setCodePoints } from "../values/scalars";
import { numKind, intOf, K_INT, K_FLOAT } from "../number/number";
import { arrayNew } from "../values/array";
import { collCount, collFind, collGet, entryKey } from "../values/collection";
import { operandError } from "./errors";
import { operandFail } from "./fail";

/** An array of n elements whose vector the caller fills (arrElems). */
export function arrayOfLen(n: usize): usize {
  let a = arrayNew(n);
  store<u32>(a, <u32>n, 4);
  return a;
}

/** A string value of the n ASCII bytes at p (copied). */
export function asciiString(p: usize, n: usize): usize {
  let s = stringAlloc(n);
  memory.copy(strData(s), p, n);
  setCodePoints(s, <i32>n);
  return s;
}

/** OPA's BigIntOperand: any integer; false after reporting. */
export function bigIntOperandOk(name: string, v: usize, pos: i32): bool {
  if (tagOf(v) != T_NUMBER) {
    operandError(name, pos, "integer", v);
    return false;
  }
  if (numKind(v) == K_FLOAT) {
    operandFail(name, pos, "must be integer number but got floating-point number");
    return false;
  }
  return true;
}

/** One step of a path into any collection (OPA's Find): object key, array index, set element. */
export function childAt(c: usize, key: usize): usize {
  switch (tagOf(c)) {
    case T_OBJECT: return collGet(c, key);
    case T_ARRAY: {
      if (tagOf(key) != T_NUMBER || numKind(key) != K_INT) return 0;
      let i = intOf(key);
      return i >= 0 && i < <i64>arrLen(c) ? arrAt(c, <usize>i) : 0;
    }
    case T_SET: {
      let e = collFind(c, key);
      return e < 0 ? 0 : entryKey(c, <usize>e);
    }
  }
  return 0;
}

// --- arrays and sets alike ------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function isArrayOrSet(v: usize): bool {
  let t = tagOf(v);
  return t == T_ARRAY || t == T_SET;
}

// @ts-ignore: decorator
@inline export function elemCount(c: usize): usize {
  return tagOf(c) == T_ARRAY ? arrLen(c) : collCount(c);
}

/** Element i of an array, or entry i (insertion order) of a set. */
// @ts-ignore: decorator
@inline export function elemAt(c: usize, i: usize): usize {
  return tagOf(c) == T_ARRAY ? arrAt(c, i) : entryKey(c, i);
}
