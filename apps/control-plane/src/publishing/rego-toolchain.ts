/**
 * The one place the control plane touches the Rego toolchain (libs/rego) and the wasm
 * SDK. `compilePolicy` and `runRegoTests` are looked up on the library's public API at
 * run time so the control plane builds and runs while the compiler is still being
 * written; when they are absent every compile reports COMPILER_UNAVAILABLE (fail closed:
 * nothing is published without a compiled, tested bundle).
 */
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import * as rego from '@vigil/rego';
import type { CompileOptions, CompiledPolicy, RegoModuleSource, RegoTestResult } from '@vigil/rego';

/** The entry points libs/rego/src/compile.ts and testing/ export through `@vigil/rego`. */
export interface RegoEntryPoints {
  compilePolicy(opts: CompileOptions): CompiledPolicy;
  runRegoTests(opts: { modules: readonly RegoModuleSource[]; data?: unknown }): Promise<RegoTestResult[]> | RegoTestResult[];
}

export function regoEntryPoints(): RegoEntryPoints | null {
  const api = rego as unknown as Partial<RegoEntryPoints>;
  return typeof api.compilePolicy === 'function' && typeof api.runRegoTests === 'function' ? (api as RegoEntryPoints) : null;
}

/** A compiled policy loaded for evaluation. */
export type LoadedRegoPolicy = Pick<LoadedPolicy, 'evaluate' | 'setData'> & { readonly entrypoints: Record<string, number> };

export async function loadWasm(wasm: Uint8Array): Promise<LoadedRegoPolicy> {
  const bytes = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
  return (await loadPolicy(bytes, { initial: 5, maximum: 4096 })) as LoadedRegoPolicy;
}

export { RegoCompileError } from '@vigil/rego';
export type { CompiledPolicy, Diagnostic, RegoModuleSource, RegoTestResult } from '@vigil/rego';
