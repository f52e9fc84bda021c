// Export surface of the runtime: the ABI's opa_* functions and globals, and the vg_* functions
// listed in src/wasm/runtime-api.ts (the contract with codegen; a spec keeps the two in sync).
export * from "./api/heap";
export * from "./api/values";
export * from "./api/documents";
export * from "./api/json";
export * from "./api/eval";
export * from "./api/builtins";
export * from "./api/host";

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

import { CODE_INTERNAL, msgBegin, msgStr, msgByte, msgU32, abortMsg } from "./abort";

/** Target of AssemblyScript's `abort` (assertion failures, bounds checks): an internal error. */
export function vg_as_abort(msg: string | null, file: string | null, line: u32, col: u32): void {
  msgBegin(CODE_INTERNAL);
  if (changetype<usize>(msg) != 0) msgStr(changetype<string>(msg));
  else msgStr("runtime assertion failed");
  if (changetype<usize>(file) != 0) {
    msgStr(" at ");
    msgStr(changetype<string>(file));
    msgByte(0x3A);
    msgU32(line);
    msgByte(0x3A);
    msgU32(col);
  }
  abortMsg();
}
