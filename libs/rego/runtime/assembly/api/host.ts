// The host imports the SDK provides. Generated code calls opa_println and opa_builtin0..4
// directly; the linker can only reuse imports the runtime already has (adding one would
// renumber every function), so these exports keep them imported.

import { dumpValue } from "../json/dump";
import { parseText } from "../json/parse";
import { wBuf, wPos } from "../json/writer";
import { stringRef } from "../values/scalars";
import { T_STRING, strData, strLen } from "../values/layout";

// @ts-ignore: decorator
@external("env", "opa_println")
declare function opa_println(addr: usize): void;
// @ts-ignore: decorator
@external("env", "opa_builtin0")
declare function opa_builtin0(id: i32, ctx: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin1")
declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin2")
declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin3")
declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin4")
declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;

export function vg_println(addr: usize): void { opa_println(addr); }
export function vg_host_builtin0(id: i32): usize { return opa_builtin0(id, 0); }
export function vg_host_builtin1(id: i32, a: usize): usize { return opa_builtin1(id, 0, a); }
export function vg_host_builtin2(id: i32, a: usize, b: usize): usize { return opa_builtin2(id, 0, a, b); }
export function vg_host_builtin3(id: i32, a: usize, b: usize, c: usize): usize { return opa_builtin3(id, 0, a, b, c); }
export function vg_host_builtin4(id: i32, a: usize, b: usize, c: usize, d: usize): usize { return opa_builtin4(id, 0, a, b, c, d); }

// --- exact host calls ---------------------------------------------------------------------------
// The SDK hands builtin arguments to JS as JSON (sets become arrays, numbers beyond 2^53 round) and
// loads results as JSON. Host builtins that need the real values (registry flag `exactValues`) get
// each argument as a string holding its Rego value text (opa_value_dump: sets as {..}/set(), exact
// numbers, keys of any type) and answer with such a string, which codegen parses back.

/** A string value holding v's Rego value text. */
export function vg_value_text(v: usize): usize {
  dumpValue(v);
  let n = wPos() - 1; // without the NUL wFinish added
  return stringRef(wBuf(), n);
}

/** The value whose Rego value text string s holds; 0 (undefined) for anything but a parsable string. */
export function vg_value_from_text(s: usize): usize {
  if (s == 0 || load<u8>(s) != T_STRING) return 0;
  return parseText(strData(s), strLen(s), true);
}
