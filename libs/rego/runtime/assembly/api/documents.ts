// Exports: document operations.
import { shallowCopy, merge, upsertPath, addPath, removePath, freeze } from "../values/documents";

export function vg_shallow_copy(v: usize): usize { return shallowCopy(v); }
export function vg_object_merge(a: usize, b: usize): usize { return merge(a, b); }
export function vg_upsert_path(base: usize, path: usize, v: usize): usize { return upsertPath(base, path, v); }
export function opa_value_add_path(base: usize, path: usize, v: usize): i32 { return addPath(base, path, v); }
export function opa_value_remove_path(base: usize, path: usize): i32 { return removePath(base, path); }
export function vg_freeze(v: usize): usize { return freeze(v); }
