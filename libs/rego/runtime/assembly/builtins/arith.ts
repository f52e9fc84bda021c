// Arithmetic builtins: plus minus mul div rem abs round ceil floor (minus also takes two sets).
import { T_NUMBER, T_SET, tagOf } from "../values/layout";
import {
  numAdd, numSub, numMul, numDiv, numRem, numAbs, numRound, arithError, E_NONE, E_DIV_ZERO, E_MOD_FLOAT, E_MOD_ZERO,
} from "../number/arith";
import { setNew, collCount, collFind, collAppend, entryKey } from "../values/collection";
import { operandError, builtinFail } from "./errors";

// @ts-ignore: decorator
@inline function isNum(v: usize): bool {
  return tagOf(v) == T_NUMBER;
}

/** Turns an arithmetic result into a builtin result, reporting errors under the builtin's name. */
function result(name: string, v: usize): usize {
  if (v != 0) return v;
  let e = arithError;
  arithError = E_NONE;
  if (e == E_DIV_ZERO) return builtinFail(name, "divide by zero");
  if (e == E_MOD_FLOAT) return builtinFail(name, "modulo on floating-point number");
  if (e == E_MOD_ZERO) return builtinFail(name, "modulo by zero");
  return builtinFail(name, "result is not a finite number");
}

export function vg_builtin_plus(a: usize, b: usize): usize {
  if (!isNum(a)) return operandError("plus", 1, "number", a);
  if (!isNum(b)) return operandError("plus", 2, "number", b);
  return result("plus", numAdd(a, b));
}

export function vg_builtin_minus(a: usize, b: usize): usize {
  let ta = tagOf(a);
  let tb = tagOf(b);
  if (ta == T_NUMBER && tb == T_NUMBER) return result("minus", numSub(a, b));
  if (ta == T_SET && tb == T_SET) return setDiff(a, b);
  if (ta != T_NUMBER && ta != T_SET) return operandError("minus", 1, "one of {number, set}", a);
  return operandError("minus", 2, ta == T_NUMBER ? "number" : "set", b);
}

function setDiff(a: usize, b: usize): usize {
  let r = setNew();
  let n = collCount(a);
  for (let i: usize = 0; i < n; i++) {
    let k = entryKey(a, i);
    if (collFind(b, k) < 0) collAppend(r, k, k);
  }
  return r;
}

export function vg_builtin_mul(a: usize, b: usize): usize {
  if (!isNum(a)) return operandError("mul", 1, "number", a);
  if (!isNum(b)) return operandError("mul", 2, "number", b);
  return result("mul", numMul(a, b));
}

export function vg_builtin_div(a: usize, b: usize): usize {
  if (!isNum(a)) return operandError("div", 1, "number", a);
  if (!isNum(b)) return operandError("div", 2, "number", b);
  return result("div", numDiv(a, b));
}

export function vg_builtin_rem(a: usize, b: usize): usize {
  if (!isNum(a)) return operandError("rem", 1, "number", a);
  if (!isNum(b)) return operandError("rem", 2, "number", b);
  return result("rem", numRem(a, b));
}

export function vg_builtin_abs(a: usize): usize {
  if (!isNum(a)) return operandError("abs", 1, "number", a);
  return result("abs", numAbs(a));
}

export function vg_builtin_round(a: usize): usize {
  if (!isNum(a)) return operandError("round", 1, "number", a);
  return result("round", numRound(a, 0));
}

export function vg_builtin_ceil(a: usize): usize {
  if (!isNum(a)) return operandError("ceil", 1, "number", a);
  return result("ceil", numRound(a, 1));
}

export function vg_builtin_floor(a: usize): usize {
  if (!isNum(a)) return operandError("floor", 1, "number", a);
  return result("floor", numRound(a, 2));
}
