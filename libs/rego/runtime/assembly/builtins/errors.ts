// OPA's wording for builtin errors. Operand type errors are eval_type_error, the rest
// eval_builtin_error; both read "<builtin>: <message>".
import { CODE_TYPE, CODE_BUILTIN, msgBegin, msgStr, msgByte, failBuiltin } from "../abort";
import { typeNameOf } from "../values/layout";

/** "<name>: operand <i> must be <expected> but got <type>" (expected: "number" or "one of {..}"). */
export function operandError(name: string, operand: i32, expected: string, got: usize): usize {
  if (got == 0) return 0; // an undefined operand makes the call undefined, not an error
  msgBegin(CODE_TYPE);
  msgStr(name);
  msgStr(": operand ");
  msgByte(0x30 + <u32>operand);
  msgStr(" must be ");
  msgStr(expected);
  msgStr(" but got ");
  msgStr(typeNameOf(got));
  return failBuiltin();
}

export function builtinFail(name: string, message: string): usize {
  msgBegin(CODE_BUILTIN);
  msgStr(name);
  msgStr(": ");
  msgStr(message);
  return failBuiltin();
}
