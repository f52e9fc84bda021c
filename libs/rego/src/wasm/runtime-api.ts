/**
 * The contract between our wasm runtime (`libs/rego/runtime/assembly`, AssemblyScript) and the
 * codegen/linker (`src/wasm/codegen.ts`, `linker.ts`): every function codegen may call, by export
 * name, with its wasm signature and meaning. Codegen finds runtime functions through these export
 * names; the linker removes every non-ABI export afterwards. A spec checks that the built
 * `runtime.wasm` exports each function below with exactly this signature.
 *
 * Conventions
 * - A Rego value is an i32 pointer into linear memory; **0 means undefined**.
 * - `null`, `true` and `false` are singletons: every boolean anywhere (parsed, computed, returned by
 *   a builtin) is the pointer `vg_true()` or `vg_false()`, so "is false" is a pointer compare.
 * - Values are immutable once they are visible to Rego code. The mutators (`vg_array_append`,
 *   `vg_object_insert`, `vg_set_add`, …) are for building a value that nothing else sees yet
 *   (comprehensions, rule results, binding objects). `with` goes through `vg_upsert_path`, which
 *   copies on write.
 * - Everything is allocated with a bump allocator whose whole state is the heap pointer
 *   (`opa_heap_ptr_get/set`). Nothing is freed; the SDK moves the pointer back between evaluations.
 *   Anything that must survive evaluations (interned constants, the memo table) has to be allocated
 *   by the start function, before the SDK records its base heap pointer.
 * - Codegen should only call these functions, never read value memory itself. The string layout is
 *   documented (`STRING_LAYOUT`) for a linker that wants to emit constant strings as static data.
 */

export type WasmType = 'i32' | 'i64' | 'f64';

export interface RuntimeFunction {
  readonly params: readonly WasmType[];
  readonly results: readonly WasmType[];
  /** One line: what the function does and when it returns 0/undefined. */
  readonly doc: string;
}

function fn(params: readonly WasmType[], results: readonly WasmType[], doc: string): RuntimeFunction {
  return { params, results, doc };
}

const I = 'i32' as const;
const L = 'i64' as const;
const F = 'f64' as const;

/** Value type tags, in OPA's total order (null < boolean < number < string < array < object < set). */
export const ValueTag = {
  Undefined: 0,
  Null: 1,
  Boolean: 2,
  Number: 3,
  String: 4,
  Array: 5,
  Object: 6,
  Set: 7,
} as const;
export type ValueTag = (typeof ValueTag)[keyof typeof ValueTag];

/** The `code` argument of `vg_abort`; the abort text starts with the matching name. */
export const RuntimeErrorCode = {
  ConflictError: 1, // eval_conflict_error
  BuiltinError: 2, // eval_builtin_error
  TypeError: 3, // eval_type_error
  InternalError: 4, // internal_error
} as const;
export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

export const RUNTIME_ERROR_NAMES: Readonly<Record<RuntimeErrorCode, string>> = {
  1: 'eval_conflict_error',
  2: 'eval_builtin_error',
  3: 'eval_type_error',
  4: 'internal_error',
};

/** The `msgId` argument of `vg_conflict_abort` (messages are OPA's evaluator wording). */
export const ConflictMessage = {
  CompleteRule: 0, // complete rules must not produce multiple outputs
  Function: 1, // functions must not produce multiple outputs for same inputs
  ObjectKey: 2, // object keys must be unique
  ObjectMerge: 3, // base and virtual documents must not conflict
} as const;
export type ConflictMessage = (typeof ConflictMessage)[keyof typeof ConflictMessage];

export const CONFLICT_MESSAGES: Readonly<Record<ConflictMessage, string>> = {
  0: 'complete rules must not produce multiple outputs',
  1: 'functions must not produce multiple outputs for same inputs',
  2: 'object keys must be unique',
  3: 'base and virtual documents must not conflict',
};

/** Result of `vg_object_insert_once`. */
export const InsertOnceStatus = {
  Inserted: 0, // key was absent: inserted
  Same: 1, // key present with an equal value: nothing changed
  Conflict: 2, // key present with a different value: codegen calls vg_conflict_abort
} as const;

/** Result codes of `opa_value_add_path` / `opa_value_remove_path` (OPA's `opa_errc`). */
export const PathStatus = {
  Ok: 0,
  Internal: 1,
  InvalidType: 2, // a container on the way (or the target's parent) is not an object
  InvalidPath: 3, // path is not a non-empty array whose elements (but the last) are strings
} as const;

/** `vg_memo_get` result for "memoised, and the rule was undefined" (0 is a miss). */
export const MEMO_UNDEFINED = 1;

/**
 * Layout of a string value (bytes are UTF-8, not NUL-terminated), for a linker that emits constant
 * strings as static data instead of calling `vg_string_ref` from the start function. Offsets in
 * bytes; the struct must be 8-byte aligned. Write `hash` = 0 and `codePoints` = -1 (computed lazily).
 */
export const STRING_LAYOUT = {
  size: 24,
  tag: 0, // u8 = ValueTag.String
  flags: 1, // u8 = 0
  len: 4, // u32 byte length
  data: 8, // u32 address of the bytes
  hash: 12, // u32, 0 = not computed yet
  codePoints: 16, // i32, -1 = not counted yet
} as const;

/**
 * Every function the codegen may call. Names are export names of `runtime.wasm`.
 * `(v)` means a value pointer (i32, 0 = undefined).
 */
export const RUNTIME_API = {
  // --- heap and lifecycle (ABI) ---------------------------------------------------------------
  opa_malloc: fn([I], [I], 'Bump-allocates size bytes (8-aligned), growing memory; aborts "opa_malloc: failed" when memory cannot grow.'),
  opa_free: fn([I], [], 'No-op (bump allocator; the SDK resets the heap pointer instead).'),
  opa_heap_ptr_get: fn([], [I], 'Current heap pointer (the next allocation starts at or after it).'),
  opa_heap_ptr_set: fn([I], [], 'Moves the heap pointer (everything above it is discarded).'),
  vg_init: fn([I], [], 'Start function: sets the heap pointer to heapBase (end of all static data, after what the linker appended).'),
  vg_static_end: fn([], [I], 'End of the runtime\'s own static data (__heap_base): where the linker may append data segments.'),
  vg_eval_begin: fn([I], [], 'Per-evaluation reset: heap pointer := align8(heapPtr); new memo generation, no recorded error, fresh result set. O(1).'),
  vg_set_strict: fn([I], [], 'Strict builtin errors on (1) / off (0). Off: a builtin error makes the call undefined and is recorded.'),
  vg_set_location: fn([I, I, I, I], [], 'Strict modules, before each builtin call: records its Rego location (filePtr, fileLen, row, col); a strict builtin error then starts with "<file>:<row>: ". Cleared by vg_eval_begin.'),

  // --- errors ---------------------------------------------------------------------------------
  vg_abort: fn([I, I, I, I, I, I, I], [], 'Aborts via opa_abort with "<code name>: <msg> (<file>:<row>:<col>)" (args: code, msgPtr, msgLen, filePtr, fileLen, row, col; location left out when fileLen = 0 and row = 0). Never returns.'),
  vg_conflict_abort: fn([I, I, I, I, I], [], 'Aborts with "eval_conflict_error: <ConflictMessage[msgId]> (<file>:<row>:<col>)" (args: msgId, filePtr, fileLen, row, col). Never returns.'),
  vg_builtin_error: fn([I], [I], 'Builtin error with NUL-terminated message: strict → aborts "eval_builtin_error: <msg>"; else records it and returns 0 (undefined).'),
  vg_type_error: fn([I], [I], 'Like vg_builtin_error but with code eval_type_error (operand type errors).'),
  vg_last_error: fn([], [I], 'The last recorded (non-strict) error message of this evaluation as NUL-terminated text "<code>: <msg>", or 0.'),

  // --- constructors -----------------------------------------------------------------------------
  vg_null: fn([], [I], 'The null singleton.'),
  vg_true: fn([], [I], 'The true singleton.'),
  vg_false: fn([], [I], 'The false singleton.'),
  vg_boolean: fn([I], [I], 'true singleton if the argument is non-zero, else the false singleton.'),
  vg_int: fn([I], [I], 'Integer number from an i32 (small ones are preallocated, no allocation).'),
  vg_int64: fn([L], [I], 'Integer number from an i64.'),
  vg_float: fn([F], [I], 'Number from an f64 (integral values become integers); 0 for NaN/±Infinity.'),
  vg_number_ref: fn([I, I], [I], 'Number from literal text (ptr, len) in JSON number syntax, kept exact (big integers, 1.0 == 1, 1e3 == 1000); 0 if malformed.'),
  vg_string: fn([I, I], [I], 'String value copying len UTF-8 bytes from ptr.'),
  vg_string_ref: fn([I, I], [I], 'String value referencing len UTF-8 bytes at ptr without copying (bytes must outlive the value: static data).'),
  vg_array: fn([I], [I], 'Empty array with room for capacity elements (grows as needed).'),
  vg_object: fn([], [I], 'Empty object.'),
  vg_set: fn([], [I], 'Empty set.'),

  // --- queries ------------------------------------------------------------------------------------
  vg_type: fn([I], [I], 'ValueTag of (v); 0 for undefined.'),
  vg_len: fn([I], [I], 'Element count of array/object/set, code points of a string; 0 for anything else.'),
  vg_dot: fn([I, I], [I], 'coll[key]: object value for key; array element for an integral number index in range; set: the stored element equal to key; else 0.'),
  vg_array_get: fn([I, I], [I], 'Array element at i32 index, 0 when out of range or not an array.'),
  vg_compare: fn([I, I], [I], 'OPA total order: -1, 0, 1 (numbers exact, strings by UTF-8 bytes, undefined sorts first).'),
  vg_equal: fn([I, I], [I], '1 when equal (1 == 1.0; objects/sets by content), else 0.'),

  // --- iteration (index-based: O(1) per step) -----------------------------------------------------
  vg_iter_len: fn([I], [I], 'Number of iterations of a Scan over (v): elements of array/object/set; 0 for scalars and undefined. Prepares the sorted order of objects/sets (do not insert while iterating).'),
  vg_iter_key: fn([I, I], [I], 'Key at iteration i: array index as number, object key in sorted order, set element in sorted order.'),
  vg_iter_value: fn([I, I], [I], 'Value at iteration i: array element, object value (sorted by key), set element.'),

  // --- mutation of values under construction ------------------------------------------------------
  vg_array_append: fn([I, I], [], 'Appends (v) to the array.'),
  vg_object_insert: fn([I, I, I], [], 'obj[key] = value (replaces an existing value).'),
  vg_object_insert_once: fn([I, I, I], [I], 'Inserts if absent → 0; present with an equal value → 1; with a different value → 2 (InsertOnceStatus).'),
  vg_set_add: fn([I, I], [], 'Adds (v) to the set (no-op if an equal element exists).'),

  // --- documents ------------------------------------------------------------------------------------
  vg_shallow_copy: fn([I], [I], 'Shallow copy of an array/object/set (elements shared); scalars are returned as they are.'),
  vg_object_merge: fn([I, I], [I], 'Deep merge of base (a) and virtual (b) documents: a undefined → b, b undefined → a; objects merge key by key; 0 when they disagree at a non-object value.'),
  vg_freeze: fn([I], [I], 'Start function: builds the sorted indexes of a constant object/set (recursively) with the value, so evaluations never rebuild them; returns (v).'),
  vg_upsert_path: fn([I, I, I], [I], '`with`: returns a copy of base where path (array of keys) is set to value; copies objects along the path (originals untouched), creates missing ones and replaces non-objects; empty path → value.'),

  // --- memo of 0-arity rules ----------------------------------------------------------------------
  vg_memo_init: fn([I], [], 'Start function: allocates the memo table for function indices [0, count). Without it memo calls are no-ops (get always misses).'),
  vg_memo_get: fn([I], [I], 'Memoised result of function index in the current frame: 0 miss, MEMO_UNDEFINED (1) memoised undefined, else the value.'),
  vg_memo_set: fn([I, I], [], 'Memoises (index, value); value 0 records "undefined".'),
  vg_memo_push: fn([], [], 'Starts a memo frame (entering a `with` block): nothing memoised outside is visible inside.'),
  vg_memo_pop: fn([], [], 'Ends the frame: results memoised inside are dropped, the outer frame is visible again.'),

  // --- results and the slow-path context ----------------------------------------------------------
  vg_result_set: fn([], [I], 'The result set of this evaluation (a set value, created by vg_eval_begin).'),
  vg_result_add: fn([I], [], 'Adds a bindings object to the result set.'),
  vg_result_dump: fn([], [I], 'NUL-terminated JSON of the result set (an array, sorted): what opa_eval returns.'),
  opa_eval_ctx_new: fn([], [I], 'New context {input: 0, data: 0, result: 0, entrypoint: 0}.'),
  opa_eval_ctx_set_input: fn([I, I], [], 'ctx.input = (v).'),
  opa_eval_ctx_set_data: fn([I, I], [], 'ctx.data = (v).'),
  opa_eval_ctx_set_entrypoint: fn([I, I], [], 'ctx.entrypoint = id.'),
  opa_eval_ctx_get_result: fn([I], [I], 'ctx.result (the result set value).'),
  vg_ctx_input: fn([I], [I], 'ctx.input, for the generated eval(ctx).'),
  vg_ctx_data: fn([I], [I], 'ctx.data.'),
  vg_ctx_entrypoint: fn([I], [I], 'ctx.entrypoint.'),
  vg_ctx_set_result: fn([I, I], [], 'ctx.result = (v).'),

  // --- JSON and value text (ABI) --------------------------------------------------------------------
  opa_json_parse: fn([I, I], [I], 'Parses UTF-8 JSON text (ptr, len); 0 on invalid JSON, invalid UTF-8, nesting deeper than 1000, or len 0. Strings without escapes point into the text: keep the text as long as the value.'),
  opa_value_parse: fn([I, I], [I], 'Like opa_json_parse, also accepting Rego set literals ({1,2}, set()) and non-string object keys.'),
  opa_json_dump: fn([I], [I], 'NUL-terminated JSON text of (v): sorted object keys, sets as sorted arrays, non-string keys as their JSON text in a string.'),
  opa_value_dump: fn([I], [I], 'NUL-terminated Rego value text: sets as {..}/set(), non-string keys kept.'),
  opa_value_add_path: fn([I, I, I], [I], 'In place: base[path...] = value, creating missing objects; returns PathStatus.'),
  opa_value_remove_path: fn([I, I], [I], 'In place: removes base[path...] (missing path is Ok); returns PathStatus.'),

  // --- native builtins: (args...) -> value | 0 ------------------------------------------------------
  vg_builtin_plus: fn([I, I], [I], 'plus: exact for integers (any size), f64 otherwise.'),
  vg_builtin_minus: fn([I, I], [I], 'minus: numbers, or set difference of two sets.'),
  vg_builtin_mul: fn([I, I], [I], 'mul.'),
  vg_builtin_div: fn([I, I], [I], 'div: integer when exact, else f64; divide by zero is a builtin error.'),
  vg_builtin_rem: fn([I, I], [I], 'rem: integers only (truncated, sign of dividend); errors on floats and zero.'),
  vg_builtin_abs: fn([I], [I], 'abs.'),
  vg_builtin_round: fn([I], [I], 'round: half away from zero.'),
  vg_builtin_ceil: fn([I], [I], 'ceil.'),
  vg_builtin_floor: fn([I], [I], 'floor.'),
  vg_builtin_equal: fn([I, I], [I], 'equal (==): boolean.'),
  vg_builtin_neq: fn([I, I], [I], 'neq (!=): boolean.'),
  vg_builtin_lt: fn([I, I], [I], 'lt: boolean by the total order.'),
  vg_builtin_lte: fn([I, I], [I], 'lte.'),
  vg_builtin_gt: fn([I, I], [I], 'gt.'),
  vg_builtin_gte: fn([I, I], [I], 'gte.'),
  vg_builtin_count: fn([I], [I], 'count: arrays, objects, sets, strings (code points); type error otherwise.'),
  vg_builtin_internal_member_2: fn([I, I], [I], '`x in xs`: boolean (array elements, object values, set members; false for scalars).'),
  vg_builtin_internal_member_3: fn([I, I, I], [I], '`k, v in xs`: boolean (xs[k] == v for arrays and objects; false otherwise).'),
  vg_builtin_is_number: fn([I], [I], 'is_number: boolean.'),
  vg_builtin_is_string: fn([I], [I], 'is_string: boolean.'),
  vg_builtin_is_boolean: fn([I], [I], 'is_boolean: boolean.'),
  vg_builtin_is_array: fn([I], [I], 'is_array: boolean.'),
  vg_builtin_is_set: fn([I], [I], 'is_set: boolean.'),
  vg_builtin_is_object: fn([I], [I], 'is_object: boolean.'),
  vg_builtin_is_null: fn([I], [I], 'is_null: boolean.'),
  vg_builtin_type_name: fn([I], [I], 'type_name: "null", "boolean", "number", "string", "array", "object" or "set".'),
  // objects (builtins/objects.ts)
  vg_builtin_object_get: fn([I, I, I], [I], 'object.get(obj, key, default): obj[key], or the value at a path when key is an array ([] → obj); default when absent.'),
  vg_builtin_object_keys: fn([I], [I], 'object.keys: the set of keys.'),
  vg_builtin_object_remove: fn([I, I], [I], 'object.remove(obj, keys): keys an array, set or object (its keys).'),
  vg_builtin_object_filter: fn([I, I], [I], 'object.filter(obj, keys): only the named keys.'),
  vg_builtin_object_union: fn([I, I], [I], 'object.union(a, b): b wins, nested objects merge recursively.'),
  vg_builtin_object_union_n: fn([I], [I], 'object.union_n(array of objects): left fold of object.union.'),
  vg_builtin_object_subset: fn([I, I], [I], 'object.subset(super, sub): objects recursively, sets, arrays (contiguous), array ⊇ set.'),
  // arrays (builtins/arrays.ts)
  vg_builtin_array_concat: fn([I, I], [I], 'array.concat.'),
  vg_builtin_array_slice: fn([I, I, I], [I], 'array.slice(a, start, stop): indices clamped as OPA does.'),
  vg_builtin_array_reverse: fn([I], [I], 'array.reverse.'),
  vg_builtin_array_flatten: fn([I], [I], 'array.flatten: splices array elements one level deep, keeps others.'),
  // sets (builtins/sets.ts)
  vg_builtin_and: fn([I, I], [I], 'and (&): set intersection.'),
  vg_builtin_or: fn([I, I], [I], 'or (|): set union.'),
  vg_builtin_set_diff: fn([I, I], [I], 'set_diff (deprecated): set difference.'),
  vg_builtin_intersection: fn([I], [I], 'intersection(set of sets).'),
  vg_builtin_union: fn([I], [I], 'union(set of sets).'),
  // aggregates (builtins/aggregates.ts)
  vg_builtin_sum: fn([I], [I], 'sum of an array/set of numbers (exact integers).'),
  vg_builtin_product: fn([I], [I], 'product of an array/set of numbers (exact integers).'),
  vg_builtin_max: fn([I], [I], 'max by the total order; undefined when empty.'),
  vg_builtin_min: fn([I], [I], 'min by the total order; undefined when empty.'),
  vg_builtin_sort: fn([I], [I], 'sort: sorted array of an array/set.'),
  vg_builtin_all: fn([I], [I], 'all (deprecated): every element is true.'),
  vg_builtin_any: fn([I], [I], 'any (deprecated): some element is true.'),
  // graphs and documents (builtins/graph.ts, builtins/jsonpaths.ts)
  vg_builtin_walk: fn([I], [I], 'walk (a relation): array of [path, value] pairs, pre-order, sorted keys.'),
  vg_builtin_graph_reachable: fn([I, I], [I], 'graph.reachable(graph, initial): set of reached vertices.'),
  vg_builtin_graph_reachable_paths: fn([I, I], [I], 'graph.reachable_paths(graph, initial): set of paths.'),
  vg_builtin_json_filter: fn([I, I], [I], 'json.filter(obj, paths): keeps the paths ("a/b" strings or segment arrays).'),
  vg_builtin_json_remove: fn([I, I], [I], 'json.remove(obj, paths): drops the paths.'),
  // numbers, bits, conversions (builtins/numbers.ts, builtins/bits.ts)
  vg_builtin_numbers_range: fn([I, I], [I], 'numbers.range(a, b): integers from a to b inclusive, counting down when a > b.'),
  vg_builtin_numbers_range_step: fn([I, I, I], [I], 'numbers.range_step(a, b, step): step > 0 else a builtin error.'),
  vg_builtin_to_number: fn([I], [I], 'to_number: null → 0, booleans → 0/1, numbers, decimal strings (Go ParseFloat syntax).'),
  vg_builtin_format_int: fn([I, I], [I], 'format_int(n, base): base 2, 8, 10 or 16, n truncated toward zero.'),
  vg_builtin_cast_array: fn([I], [I], 'cast_array (deprecated).'),
  vg_builtin_cast_set: fn([I], [I], 'cast_set (deprecated).'),
  vg_builtin_cast_string: fn([I], [I], 'cast_string (deprecated).'),
  vg_builtin_cast_boolean: fn([I], [I], 'cast_boolean (deprecated).'),
  vg_builtin_cast_null: fn([I], [I], 'cast_null (deprecated).'),
  vg_builtin_cast_object: fn([I], [I], 'cast_object (deprecated).'),
  vg_builtin_bits_and: fn([I, I], [I], 'bits.and (two\'s complement, any size).'),
  vg_builtin_bits_or: fn([I, I], [I], 'bits.or.'),
  vg_builtin_bits_xor: fn([I, I], [I], 'bits.xor.'),
  vg_builtin_bits_negate: fn([I], [I], 'bits.negate.'),
  vg_builtin_bits_lsh: fn([I, I], [I], 'bits.lsh: exact.'),
  vg_builtin_bits_rsh: fn([I, I], [I], 'bits.rsh: rounds toward negative infinity.'),
  // strings (builtins/strings.ts, builtins/strings-edit.ts): bytes compare, positions count code points
  vg_builtin_concat: fn([I, I], [I], 'concat(delim, array/set of strings); sets join in sorted order.'),
  vg_builtin_contains: fn([I, I], [I], 'contains.'),
  vg_builtin_startswith: fn([I, I], [I], 'startswith.'),
  vg_builtin_endswith: fn([I, I], [I], 'endswith.'),
  vg_builtin_lower: fn([I], [I], 'lower: Unicode simple case mapping (as Go).'),
  vg_builtin_upper: fn([I], [I], 'upper: Unicode simple case mapping (as Go).'),
  vg_builtin_split: fn([I, I], [I], 'split (Go strings.Split; empty delimiter → code points).'),
  vg_builtin_replace: fn([I, I, I], [I], 'replace: every non-overlapping occurrence.'),
  vg_builtin_strings_replace_n: fn([I, I], [I], 'strings.replace_n(patterns, s): Go strings.Replacer, pairs in key order.'),
  vg_builtin_trim: fn([I, I], [I], 'trim(s, cutset).'),
  vg_builtin_trim_left: fn([I, I], [I], 'trim_left(s, cutset).'),
  vg_builtin_trim_right: fn([I, I], [I], 'trim_right(s, cutset).'),
  vg_builtin_trim_prefix: fn([I, I], [I], 'trim_prefix.'),
  vg_builtin_trim_suffix: fn([I, I], [I], 'trim_suffix.'),
  vg_builtin_trim_space: fn([I], [I], 'trim_space (Go unicode.IsSpace).'),
  vg_builtin_substring: fn([I, I, I], [I], 'substring(s, start, length) in code points; length < 0 → to the end.'),
  vg_builtin_indexof: fn([I, I], [I], 'indexof: code point index or -1.'),
  vg_builtin_indexof_n: fn([I, I], [I], 'indexof_n: every (overlapping) match, code point indexes.'),
  vg_builtin_strings_reverse: fn([I], [I], 'strings.reverse by code point.'),
  vg_builtin_strings_count: fn([I, I], [I], 'strings.count: non-overlapping occurrences (empty → code points + 1).'),
  vg_builtin_strings_any_prefix_match: fn([I, I], [I], 'strings.any_prefix_match(strings, prefixes): each a string or array/set of strings.'),
  vg_builtin_strings_any_suffix_match: fn([I, I], [I], 'strings.any_suffix_match(strings, suffixes).'),
  // encodings (builtins/encoding.ts, builtins/json.ts): Go's rules and error texts
  vg_builtin_base64_encode: fn([I], [I], 'base64.encode (padded standard alphabet).'),
  vg_builtin_base64_decode: fn([I], [I], 'base64.decode (Go: CR/LF skipped, exact padding); bytes kept as they are.'),
  vg_builtin_base64_is_valid: fn([I], [I], 'base64.is_valid: false for non-strings.'),
  vg_builtin_base64url_encode: fn([I], [I], 'base64url.encode (padded).'),
  vg_builtin_base64url_encode_no_pad: fn([I], [I], 'base64url.encode_no_pad.'),
  vg_builtin_base64url_decode: fn([I], [I], 'base64url.decode: unpadded input is padded first.'),
  vg_builtin_hex_encode: fn([I], [I], 'hex.encode (lower case).'),
  vg_builtin_hex_decode: fn([I], [I], 'hex.decode.'),
  vg_builtin_urlquery_encode: fn([I], [I], 'urlquery.encode (Go url.QueryEscape).'),
  vg_builtin_urlquery_decode: fn([I], [I], 'urlquery.decode (Go url.QueryUnescape).'),
  vg_builtin_urlquery_encode_object: fn([I], [I], 'urlquery.encode_object: sorted keys, string or array/set of strings values.'),
  vg_builtin_urlquery_decode_object: fn([I], [I], 'urlquery.decode_object (Go url.ParseQuery): key → array of values.'),
  vg_builtin_json_marshal: fn([I], [I], 'json.marshal: sorted keys, sets as arrays, HTML-safe escapes (as Go).'),
  vg_builtin_json_marshal_with_options: fn([I, I], [I], 'json.marshal_with_options(v, {prefix, indent, pretty}).'),
  vg_builtin_json_unmarshal: fn([I], [I], 'json.unmarshal: exact numbers.'),
  vg_builtin_json_is_valid: fn([I], [I], 'json.is_valid: false for non-strings.'),

  // --- host imports (generated code may call env.opa_println / env.opa_builtinN directly: the runtime
  // imports all of them so the linker never has to add an import) -------------------------------
  vg_println: fn([I], [], 'opa_println(NUL-terminated text).'),
  vg_host_builtin0: fn([I], [I], 'opa_builtin0(id, 0): a host builtin by id; returns its value or 0.'),
  vg_host_builtin1: fn([I, I], [I], 'opa_builtin1(id, 0, a).'),
  vg_host_builtin2: fn([I, I, I], [I], 'opa_builtin2(id, 0, a, b).'),
  vg_host_builtin3: fn([I, I, I, I], [I], 'opa_builtin3(id, 0, a, b, c).'),
  vg_host_builtin4: fn([I, I, I, I, I], [I], 'opa_builtin4(id, 0, a, b, c, d).'),
  vg_value_text: fn([I], [I], 'Exact host calls: a string value holding the Rego value text of (v) (sets, exact numbers, any keys), for host builtins flagged exactValues.'),
  vg_value_from_text: fn([I], [I], 'Exact host calls: parses the Rego value text a host builtin answered with (a string value); 0 for undefined or anything else.'),

  // --- diagnostics (tests; codegen has no use for them) ---------------------------------------------
  vg_format_f64: fn([F], [I], 'NUL-terminated text of an f64 as OPA prints floats (Go shortest "g": 0.1, 1.5e-07, 1e+21).'),
} as const satisfies Record<string, RuntimeFunction>;

export type RuntimeFunctionName = keyof typeof RUNTIME_API;

/**
 * Imports the runtime must declare, **all of them, even those it never calls itself**. Generated
 * code calls `opa_builtinN` (host builtins) and `opa_println`, and the linker cannot add imports:
 * a new import would shift every runtime function index (requested by the codegen/linker, which
 * fails with "the runtime does not import env.opa_builtin0" otherwise). AssemblyScript drops
 * unused `@external` declarations, so the runtime has to reference each one from kept code.
 */
export const RUNTIME_IMPORTS = {
  memory: 'memory',
  functions: {
    opa_abort: fn([I], [], 'Host throws the NUL-terminated message.'),
    opa_println: fn([I], [], 'Host logs the NUL-terminated message.'),
    opa_builtin0: fn([I, I], [I], '(id, ctx) → value | 0'),
    opa_builtin1: fn([I, I, I], [I], '(id, ctx, a1) → value | 0'),
    opa_builtin2: fn([I, I, I, I], [I], '(id, ctx, a1, a2) → value | 0'),
    opa_builtin3: fn([I, I, I, I, I], [I], '(id, ctx, a1..a3) → value | 0'),
    opa_builtin4: fn([I, I, I, I, I, I], [I], '(id, ctx, a1..a4) → value | 0'),
  },
} as const;

/** Exported immutable i32 globals of the runtime (the ABI version checks read them). */
export const RUNTIME_GLOBALS = {
  opa_wasm_abi_version: 1,
  opa_wasm_abi_minor_version: 2,
} as const;

/** Rego builtins implemented natively, by Rego name → runtime export. Arity = the export's param count. */
export const NATIVE_BUILTINS: Readonly<Record<string, RuntimeFunctionName>> = {
  plus: 'vg_builtin_plus',
  minus: 'vg_builtin_minus',
  mul: 'vg_builtin_mul',
  div: 'vg_builtin_div',
  rem: 'vg_builtin_rem',
  abs: 'vg_builtin_abs',
  round: 'vg_builtin_round',
  ceil: 'vg_builtin_ceil',
  floor: 'vg_builtin_floor',
  equal: 'vg_builtin_equal',
  neq: 'vg_builtin_neq',
  lt: 'vg_builtin_lt',
  lte: 'vg_builtin_lte',
  gt: 'vg_builtin_gt',
  gte: 'vg_builtin_gte',
  count: 'vg_builtin_count',
  'internal.member_2': 'vg_builtin_internal_member_2',
  'internal.member_3': 'vg_builtin_internal_member_3',
  is_number: 'vg_builtin_is_number',
  is_string: 'vg_builtin_is_string',
  is_boolean: 'vg_builtin_is_boolean',
  is_array: 'vg_builtin_is_array',
  is_set: 'vg_builtin_is_set',
  is_object: 'vg_builtin_is_object',
  is_null: 'vg_builtin_is_null',
  type_name: 'vg_builtin_type_name',
  'object.get': 'vg_builtin_object_get',
  'object.keys': 'vg_builtin_object_keys',
  'object.remove': 'vg_builtin_object_remove',
  'object.filter': 'vg_builtin_object_filter',
  'object.union': 'vg_builtin_object_union',
  'object.union_n': 'vg_builtin_object_union_n',
  'object.subset': 'vg_builtin_object_subset',
  'array.concat': 'vg_builtin_array_concat',
  'array.slice': 'vg_builtin_array_slice',
  'array.reverse': 'vg_builtin_array_reverse',
  'array.flatten': 'vg_builtin_array_flatten',
  and: 'vg_builtin_and',
  or: 'vg_builtin_or',
  set_diff: 'vg_builtin_set_diff',
  intersection: 'vg_builtin_intersection',
  union: 'vg_builtin_union',
  sum: 'vg_builtin_sum',
  product: 'vg_builtin_product',
  max: 'vg_builtin_max',
  min: 'vg_builtin_min',
  sort: 'vg_builtin_sort',
  all: 'vg_builtin_all',
  any: 'vg_builtin_any',
  walk: 'vg_builtin_walk',
  'graph.reachable': 'vg_builtin_graph_reachable',
  'graph.reachable_paths': 'vg_builtin_graph_reachable_paths',
  'json.filter': 'vg_builtin_json_filter',
  'json.remove': 'vg_builtin_json_remove',
  'numbers.range': 'vg_builtin_numbers_range',
  'numbers.range_step': 'vg_builtin_numbers_range_step',
  to_number: 'vg_builtin_to_number',
  format_int: 'vg_builtin_format_int',
  cast_array: 'vg_builtin_cast_array',
  cast_set: 'vg_builtin_cast_set',
  cast_string: 'vg_builtin_cast_string',
  cast_boolean: 'vg_builtin_cast_boolean',
  cast_null: 'vg_builtin_cast_null',
  cast_object: 'vg_builtin_cast_object',
  'bits.and': 'vg_builtin_bits_and',
  'bits.or': 'vg_builtin_bits_or',
  'bits.xor': 'vg_builtin_bits_xor',
  'bits.negate': 'vg_builtin_bits_negate',
  'bits.lsh': 'vg_builtin_bits_lsh',
  'bits.rsh': 'vg_builtin_bits_rsh',
  concat: 'vg_builtin_concat',
  contains: 'vg_builtin_contains',
  startswith: 'vg_builtin_startswith',
  endswith: 'vg_builtin_endswith',
  lower: 'vg_builtin_lower',
  upper: 'vg_builtin_upper',
  split: 'vg_builtin_split',
  replace: 'vg_builtin_replace',
  'strings.replace_n': 'vg_builtin_strings_replace_n',
  trim: 'vg_builtin_trim',
  trim_left: 'vg_builtin_trim_left',
  trim_right: 'vg_builtin_trim_right',
  trim_prefix: 'vg_builtin_trim_prefix',
  trim_suffix: 'vg_builtin_trim_suffix',
  trim_space: 'vg_builtin_trim_space',
  substring: 'vg_builtin_substring',
  indexof: 'vg_builtin_indexof',
  indexof_n: 'vg_builtin_indexof_n',
  'strings.reverse': 'vg_builtin_strings_reverse',
  'strings.count': 'vg_builtin_strings_count',
  'strings.any_prefix_match': 'vg_builtin_strings_any_prefix_match',
  'strings.any_suffix_match': 'vg_builtin_strings_any_suffix_match',
  'base64.encode': 'vg_builtin_base64_encode',
  'base64.decode': 'vg_builtin_base64_decode',
  'base64.is_valid': 'vg_builtin_base64_is_valid',
  'base64url.encode': 'vg_builtin_base64url_encode',
  'base64url.encode_no_pad': 'vg_builtin_base64url_encode_no_pad',
  'base64url.decode': 'vg_builtin_base64url_decode',
  'hex.encode': 'vg_builtin_hex_encode',
  'hex.decode': 'vg_builtin_hex_decode',
  'urlquery.encode': 'vg_builtin_urlquery_encode',
  'urlquery.decode': 'vg_builtin_urlquery_decode',
  'urlquery.encode_object': 'vg_builtin_urlquery_encode_object',
  'urlquery.decode_object': 'vg_builtin_urlquery_decode_object',
  'json.marshal': 'vg_builtin_json_marshal',
  'json.marshal_with_options': 'vg_builtin_json_marshal_with_options',
  'json.unmarshal': 'vg_builtin_json_unmarshal',
  'json.is_valid': 'vg_builtin_json_is_valid',
};
