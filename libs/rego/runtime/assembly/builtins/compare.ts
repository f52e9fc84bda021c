// Comparison builtins (==, !=, <, <=, >, >=) under OPA's total order; they are defined for any two
// values, including values of different types.
import { boolV } from "../values/scalars";
import { valueCompare, valueEqual } from "../compare";

export function vg_builtin_equal(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(valueEqual(a, b)); }
export function vg_builtin_neq(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(!valueEqual(a, b)); }
export function vg_builtin_lt(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(valueCompare(a, b) < 0); }
export function vg_builtin_lte(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(valueCompare(a, b) <= 0); }
export function vg_builtin_gt(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(valueCompare(a, b) > 0); }
export function vg_builtin_gte(a: usize, b: usize): usize { return a == 0 || b == 0 ? 0 : boolV(valueCompare(a, b) >= 0); }
