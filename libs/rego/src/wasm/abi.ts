/**
 * OPA's wasm ABI in one place (STYLE.md 14): the names the SDK imports and calls, and the
 * version numbers it checks. Codegen, the linker and the specs read these; the runtime's
 * own copy of the versions lives in `runtime-api.ts` (RUNTIME_GLOBALS).
 */

/** Module name of every import the SDK provides. */
export const IMPORT_MODULE = 'env';

/** The memory import. The module must import (never define) its memory. */
export const MEMORY_IMPORT = 'memory';

/** Function imports the SDK provides; the runtime must import all of them (see linker.ts). */
export const FUNCTION_IMPORTS = [
  'opa_abort',
  'opa_println',
  'opa_builtin0',
  'opa_builtin1',
  'opa_builtin2',
  'opa_builtin3',
  'opa_builtin4',
] as const;
export type FunctionImportName = (typeof FUNCTION_IMPORTS)[number];

/** Host builtins take at most this many arguments (`opa_builtin0` … `opa_builtin4`). */
export const MAX_HOST_BUILTIN_ARITY = 4;

export function hostBuiltinImport(arity: number): FunctionImportName {
  return `opa_builtin${arity}` as FunctionImportName;
}

export const ABI_VERSION = 1;
/** Minor 2: the SDK uses the one-call `opa_eval` fast path. */
export const ABI_MINOR_VERSION = 2;

export const ABI_VERSION_GLOBAL = 'opa_wasm_abi_version';
export const ABI_MINOR_VERSION_GLOBAL = 'opa_wasm_abi_minor_version';

/** Runtime exports re-exported unchanged. `required` ones must exist in the runtime. */
export const RUNTIME_ABI_EXPORTS: readonly { readonly name: string; readonly required: boolean }[] = [
  { name: 'opa_malloc', required: true },
  { name: 'opa_free', required: false },
  { name: 'opa_heap_ptr_get', required: true },
  { name: 'opa_heap_ptr_set', required: true },
  { name: 'opa_json_parse', required: true },
  { name: 'opa_json_dump', required: true },
  { name: 'opa_value_parse', required: false },
  { name: 'opa_value_dump', required: false },
  { name: 'opa_value_add_path', required: false },
  { name: 'opa_value_remove_path', required: false },
  { name: 'opa_eval_ctx_new', required: true },
  { name: 'opa_eval_ctx_set_input', required: true },
  { name: 'opa_eval_ctx_set_data', required: true },
  { name: 'opa_eval_ctx_set_entrypoint', required: true },
  { name: 'opa_eval_ctx_get_result', required: true },
];

/**
 * Runtime exports outside OPA's ABI that the linker keeps for our own host wrapper
 * (`src/engine/policy.ts`). The SDK ignores exports it does not know.
 * - `vigil_error_location`: `() → addr`, NUL-terminated "<file>:<row>:<col>" of the builtin call a
 *   strict module was running when it failed (0 when unknown): host builtin errors get OPA's
 *   location prefix from it.
 */
export const VIGIL_EXPORTS: readonly string[] = ['vigil_error_location'];

/** Functions the generated code itself exports. */
export const GENERATED_EXPORTS = {
  builtins: 'builtins',
  entrypoints: 'entrypoints',
  opaEval: 'opa_eval',
  eval: 'eval',
} as const;

export const PAGE_SIZE = 65536;
