/**
 * What the fuzzers accept from the toolchain. Compiling any text either succeeds or throws
 * `RegoCompileError` whose diagnostics each carry a known code, a message and a location inside
 * the file; a compiled module must load in the SDK, and evaluating any entrypoint must return a
 * result set or throw `RegoEvalError`. Anything else is a crash, reported with the input.
 */
import type { RegoModuleSource } from '../api';
import { compilePolicy } from '../compile';
import { RegoCompileError, type Diagnostic } from '../diagnostics';
import { RegoEvalError, RegoPolicy, type ResultSet } from '../engine/policy';
import type { RegoVersion } from '../syntax/ast';

export const FUZZ_FILE = 'fuzz.rego';

const CODES = new Set([
  'rego_parse_error',
  'rego_compile_error',
  'rego_unsafe_var_error',
  'rego_recursion_error',
  'rego_type_error',
  'rego_conflict_error',
  'rego_unsupported_builtin_error',
]);

export type Outcome =
  | { readonly kind: 'compiled'; readonly entrypoints: number; readonly evalErrors: number }
  | { readonly kind: 'rejected'; readonly codes: readonly string[] }
  | { readonly kind: 'crash'; readonly stage: 'compile' | 'diagnostics' | 'load' | 'eval'; readonly error: string };

export interface CheckOptions {
  /** Also load the module in the SDK and evaluate every entrypoint with this input (default `{}`). */
  readonly evaluate?: boolean;
  readonly input?: unknown;
}

/** Compiles one module (and evaluates it) and classifies what happened. Never throws. */
export function checkSource(source: string, regoVersion: RegoVersion, opts: CheckOptions = {}): Outcome {
  const modules: RegoModuleSource[] = [{ path: FUZZ_FILE, source }];
  let wasm: Uint8Array;
  let entrypoints: string[];
  try {
    const compiled = compilePolicy({ modules, regoVersion });
    wasm = compiled.wasm;
    entrypoints = Object.keys(compiled.entrypoints);
  } catch (e) {
    if (!(e instanceof RegoCompileError)) return { kind: 'crash', stage: 'compile', error: describe(e) };
    const problem = diagnosticsProblem(e.diagnostics, source);
    if (problem) return { kind: 'crash', stage: 'diagnostics', error: problem };
    return { kind: 'rejected', codes: [...new Set(e.diagnostics.map((d) => d.code))] };
  }
  if (opts.evaluate === false) return { kind: 'compiled', entrypoints: entrypoints.length, evalErrors: 0 };
  let policy: RegoPolicy;
  try {
    policy = RegoPolicy.loadSync(wasm);
  } catch (e) {
    return { kind: 'crash', stage: 'load', error: describe(e) };
  }
  let evalErrors = 0;
  for (const ep of entrypoints) {
    const r = evaluateChecked(policy, opts.input ?? {}, ep);
    if (r.crash) return { kind: 'crash', stage: 'eval', error: `${ep}: ${r.crash}` };
    if (r.error) evalErrors++;
  }
  return { kind: 'compiled', entrypoints: entrypoints.length, evalErrors };
}

/** Evaluates once; a crash is any throw other than RegoEvalError, or a result that is not a result set. */
export function evaluateChecked(
  policy: RegoPolicy,
  input: unknown,
  entrypoint: string | number,
): { result?: ResultSet; error?: RegoEvalError; crash?: string } {
  try {
    const result = policy.evaluate(input, entrypoint);
    if (!Array.isArray(result)) return { crash: `result is not an array: ${JSON.stringify(result)}` };
    return { result };
  } catch (e) {
    if (e instanceof RegoEvalError && e.code !== 'internal_error') return { error: e };
    return { crash: describe(e) };
  }
}

/** Why a diagnostic list breaks the contract, or undefined when it holds. */
export function diagnosticsProblem(diags: readonly Diagnostic[], source: string): string | undefined {
  if (diags.length === 0) return 'RegoCompileError without diagnostics';
  const rows = source.split('\n').length;
  for (const d of diags) {
    const where = `${d.code} "${d.message}" at ${JSON.stringify(d.location)}`;
    if (!CODES.has(d.code)) return `unexpected code: ${where}`;
    if (typeof d.message !== 'string' || d.message.length === 0) return `empty message: ${where}`;
    const { file, row, col } = d.location ?? ({} as Diagnostic['location']);
    if (file !== FUZZ_FILE) return `diagnostic outside the file: ${where}`;
    if (!Number.isInteger(row) || row < 1 || row > rows + 1) return `row out of range (1..${rows}): ${where}`;
    if (!Number.isInteger(col) || col < 1) return `col out of range: ${where}`;
  }
  return undefined;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return `non-Error thrown: ${typeof e} ${String(e)}`;
}
