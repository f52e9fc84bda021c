// Exports: native builtins (vg_builtin_<name with dots as underscores>).
export * from "../builtins/arith";
export * from "../builtins/compare";
export * from "../builtins/types";
export * from "../builtins/collections";
