// Exports: native builtins (vg_builtin_<name with dots as underscores>).
export * from "../builtins/arith";
export * from "../builtins/compare";
export * from "../builtins/types";
export * from "../builtins/collections";
export * from "../builtins/objects";
export * from "../builtins/arrays";
export * from "../builtins/sets";
export * from "../builtins/aggregates";
export * from "../builtins/graph";
export * from "../builtins/jsonpaths";
export * from "../builtins/numbers";
export * from "../builtins/bits";
export * from "../builtins/strings";
export * from "../builtins/strings-edit";
export * from "../builtins/encoding";
export * from "../builtins/json";
