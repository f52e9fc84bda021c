// Exports: heap (ABI), lifecycle, errors.
import { alloc, heapPtr, setHeapPtr, resetHeap } from "../rt/heap";
import {
  CODE_CONFLICT, CODE_BUILTIN, CODE_TYPE, msgBegin, msgBytes, msgStr, msgLocation, msgCStr, abortMsg,
  failBuiltin, setStrict, lastErrorPtr, setLocation, locationText,
} from "../abort";
import { initSmallInts } from "../number/number";
import { beginEvaluation } from "../eval";
import { framesReset } from "../rt/frames";

export function opa_malloc(size: usize): usize {
  return alloc(size);
}

export function opa_free(ptr: usize): void {}

export function opa_heap_ptr_get(): usize {
  return heapPtr();
}

export function opa_heap_ptr_set(ptr: usize): void {
  resetHeap(ptr);
  framesReset(); // a frame region on the heap is gone; an aborted walk may have left frames
}

export function vg_init(heapBase: usize): void {
  if (heapBase < __heap_base) heapBase = __heap_base;
  setHeapPtr((heapBase + 7) & ~7);
  framesReset();
  initSmallInts();
}

export function vg_static_end(): usize {
  return __heap_base;
}

export function vg_eval_begin(heap: usize): void {
  resetHeap((heap + 7) & ~7);
  framesReset();
  beginEvaluation();
}

export function vg_set_strict(on: i32): void {
  setStrict(on != 0);
}

/** Strict modules only: the Rego location of the builtin call about to run (see abort.ts). */
export function vg_set_location(filePtr: usize, fileLen: usize, row: i32, col: i32): void {
  setLocation(filePtr, fileLen, row, col);
}

/**
 * Not part of OPA's ABI: our host wrapper reads where a host builtin failed in a strict module
 * ("<file>:<row>:<col>", NUL-terminated, or 0). The linker keeps this export (abi.ts VIGIL_EXPORTS).
 */
export function vigil_error_location(): usize {
  return locationText();
}

export function vg_abort(code: i32, msgPtr: usize, msgLen: usize, filePtr: usize, fileLen: usize, row: i32, col: i32): void {
  msgBegin(code);
  msgBytes(msgPtr, msgLen);
  msgLocation(filePtr, fileLen, row, col);
  abortMsg();
}

export function vg_conflict_abort(msgId: i32, filePtr: usize, fileLen: usize, row: i32, col: i32): void {
  msgBegin(CODE_CONFLICT);
  msgStr(conflictMessage(msgId));
  msgLocation(filePtr, fileLen, row, col);
  abortMsg();
}

function conflictMessage(id: i32): string {
  switch (id) {
    case 0: return "complete rules must not produce multiple outputs";
    case 1: return "functions must not produce multiple outputs for same inputs";
    case 2: return "object keys must be unique";
    case 3: return "base and virtual documents must not conflict";
  }
  return "conflicting values";
}

export function vg_builtin_error(msgPtr: usize): usize {
  msgBegin(CODE_BUILTIN);
  msgCStr(msgPtr);
  return failBuiltin();
}

export function vg_type_error(msgPtr: usize): usize {
  msgBegin(CODE_TYPE);
  msgCStr(msgPtr);
  return failBuiltin();
}

export function vg_last_error(): usize {
  return lastErrorPtr();
}
