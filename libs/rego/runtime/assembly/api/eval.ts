// Exports: memo, result set, the slow-path evaluation context.
import { alloc } from "../rt/heap";
import { memoInit, memoGet, memoSet, memoPush, memoPop, evalResultSet } from "../eval";
import { setAdd } from "../values/collection";
import { dumpJson } from "../json/dump";

export function vg_memo_init(count: i32): void { memoInit(count > 0 ? <usize>count : 0); }
export function vg_memo_get(index: i32): usize { return index < 0 ? 0 : memoGet(<usize>index); }
export function vg_memo_set(index: i32, v: usize): void { if (index >= 0) memoSet(<usize>index, v); }
export function vg_memo_push(): void { memoPush(); }
export function vg_memo_pop(): void { memoPop(); }

export function vg_result_set(): usize { return evalResultSet(); }
export function vg_result_add(v: usize): void { if (v != 0) setAdd(evalResultSet(), v); }
export function vg_result_dump(): usize { return dumpJson(evalResultSet()); }

// Context: [input][data][result][entrypoint], as in OPA.
export function opa_eval_ctx_new(): usize {
  let c = alloc(16);
  store<u64>(c, 0);
  store<u64>(c, 0, 8);
  return c;
}
export function opa_eval_ctx_set_input(c: usize, v: usize): void { store<u32>(c, <u32>v); }
export function opa_eval_ctx_set_data(c: usize, v: usize): void { store<u32>(c, <u32>v, 4); }
export function opa_eval_ctx_set_entrypoint(c: usize, id: i32): void { store<i32>(c, id, 12); }
export function opa_eval_ctx_get_result(c: usize): usize { return <usize>load<u32>(c, 8); }
export function vg_ctx_input(c: usize): usize { return <usize>load<u32>(c); }
export function vg_ctx_data(c: usize): usize { return <usize>load<u32>(c, 4); }
export function vg_ctx_entrypoint(c: usize): i32 { return load<i32>(c, 12); }
export function vg_ctx_set_result(c: usize, v: usize): void { store<u32>(c, <u32>v, 8); }
