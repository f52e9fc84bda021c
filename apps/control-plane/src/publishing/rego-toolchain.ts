/**
 * The one place the control plane touches the Rego toolchain (libs/rego): compile,
 * run `test_*` rules, and load compiled wasm for evaluation (RegoPolicy: opa-wasm with
 * our host builtins and memory limits, as agents run it).
 */
import { RegoPolicy } from '@vigil/rego';

export { RegoCompileError, RegoEvalError, compilePolicy, parseModule, policyReadsInput, runRegoTests } from '@vigil/rego';
export type { CompiledPolicy, Diagnostic, InputReads, RegoModuleSource, RegoTestResult } from '@vigil/rego';

/** A compiled policy loaded for evaluation. */
export type LoadedRegoPolicy = Pick<RegoPolicy, 'evaluate' | 'setData' | 'entrypoints'>;

/** Memory cap for policies the control plane evaluates (authz, tests, playground): 256 MiB. */
const MAX_PAGES = 4096;

export function loadWasm(wasm: Uint8Array): Promise<LoadedRegoPolicy> {
  return RegoPolicy.load(wasm, { maxPages: MAX_PAGES });
}
