// Error helpers for the native builtin families, in OPA's wording. OPA turns an operand error
// (builtins.ErrOperand) into eval_type_error and anything else into eval_builtin_error; both read
// "<builtin>: <message>". The text is assembled in abort.ts's scratch buffer and ended with
// failBuiltin(), which aborts in strict mode and otherwise records it and yields undefined (0).
import { CODE_TYPE, CODE_BUILTIN, msgBegin, msgStr, msgByte, msgBytes, failBuiltin } from "../abort";
import { typeNameOf, tagOf, T_NUMBER, T_STRING, strLen, strData } from "../values/layout";
import { numKind, K_FLOAT } from "../number/number";

/** Starts "<code>: <name>: " in the scratch buffer. */
export function failBegin(code: i32, name: string): void {
  msgBegin(code);
  msgStr(name);
  msgStr(": ");
}

/** eval_type_error "<name>: operand <pos> <text>" (OPA's NewOperandErr). */
export function operandFail(name: string, pos: i32, text: string): usize {
  failBegin(CODE_TYPE, name);
  msgStr("operand ");
  msgByte(0x30 + <u32>pos);
  msgByte(0x20);
  msgStr(text);
  return failBuiltin();
}

/**
 * "<name>: operand <pos> must be <composite type> of <expected>s but got <composite type> containing
 * <element type>" (OPA's NewOperandElementErr with one expected type).
 */
export function elementFail(name: string, pos: i32, composite: usize, element: usize, expected: string): usize {
  failBegin(CODE_TYPE, name);
  msgStr("operand ");
  msgByte(0x30 + <u32>pos);
  msgStr(" must be ");
  msgStr(typeNameOf(composite));
  msgStr(" of ");
  msgStr(expected);
  msgStr("s but got ");
  msgStr(typeNameOf(composite));
  msgStr(" containing ");
  msgStr(typeNameOf(element));
  return failBuiltin();
}

/** eval_builtin_error "<name>: <text>". */
export function plainFail(name: string, text: string): usize {
  failBegin(CODE_BUILTIN, name);
  msgStr(text);
  return failBuiltin();
}

/** eval_builtin_error "<name>: <text><the string value's bytes><tail>". */
export function plainFailWith(name: string, text: string, s: usize, tail: string): usize {
  failBegin(CODE_BUILTIN, name);
  msgStr(text);
  if (tagOf(s) == T_STRING) msgBytes(strData(s), strLen(s));
  msgStr(tail);
  return failBuiltin();
}

/**
 * OPA's IntOperand: a number that is an int (and fits int64, as Go's int on 64-bit platforms).
 * Returns 0 and reports the error otherwise; the caller reads the value with intOf.
 */
export function intOperandOk(name: string, v: usize, pos: i32): bool {
  if (tagOf(v) != T_NUMBER) {
    failBegin(CODE_TYPE, name);
    msgStr("operand ");
    msgByte(0x30 + <u32>pos);
    msgStr(" must be number but got ");
    msgStr(typeNameOf(v));
    failBuiltin();
    return false;
  }
  if (numKind(v) != 0) {
    operandFail(name, pos, "must be integer number but got floating-point number");
    return false;
  }
  return true;
}

/** True for a non-integral number (the kind OPA's integer operands reject as floating-point). */
// @ts-ignore: decorator
@inline export function isFloatNum(v: usize): bool {
  return numKind(v) == K_FLOAT;
}
