// Type predicates and type_name. The predicates return false (not undefined) for other types.
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, typeNameOf } from "../values/layout";
import { boolV, stringFromLiteral } from "../values/scalars";

export function vg_builtin_is_number(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_NUMBER); }
export function vg_builtin_is_string(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_STRING); }
export function vg_builtin_is_boolean(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_BOOLEAN); }
export function vg_builtin_is_array(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_ARRAY); }
export function vg_builtin_is_set(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_SET); }
export function vg_builtin_is_object(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_OBJECT); }
export function vg_builtin_is_null(v: usize): usize { return v == 0 ? 0 : boolV(tagOf(v) == T_NULL); }

export function vg_builtin_type_name(v: usize): usize {
  return v == 0 ? 0 : stringFromLiteral(typeNameOf(v));
}
