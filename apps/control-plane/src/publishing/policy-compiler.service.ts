import { Injectable } from '@nestjs/common';
import { UnprocessableError } from '../common/domain-error';
import { MetricsService } from '../metrics/metrics.service';
import {
  RegoCompileError,
  compilePolicy,
  loadWasm,
  policyReadsInput,
  runRegoTests,
  type CompiledPolicy,
  type Diagnostic,
  type InputReads,
  type LoadedRegoPolicy,
  type RegoModuleSource,
  type RegoTestResult,
} from './rego-toolchain';

/**
 * 422 REGO_COMPILE_ERROR: `details.diagnostics` holds `{code, message, location: {file, row, col}}` per problem;
 * `details.scope` names the bundle scope whose policy set failed, when it is not `default`.
 */
export class PolicyCompileError extends UnprocessableError {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly scope?: string,
  ) {
    super(
      'REGO_COMPILE_ERROR',
      `${scope ? `bundle scope ${scope}: ` : ''}policy set does not compile: ${diagnostics.length} error(s); first: ${describe(diagnostics[0])}`,
      scope ? { diagnostics, scope } : { diagnostics },
    );
  }
}

function describe(d: Diagnostic | undefined): string {
  return d ? `${d.location.file}:${d.location.row}:${d.location.col}: ${d.code}: ${d.message}` : 'unknown error';
}

export interface CompileRequest {
  readonly modules: readonly RegoModuleSource[];
  readonly entrypoints?: readonly string[];
  readonly query?: string;
  /** For the compile-time metric: publish, dry_run, evaluate, admin_authz. */
  readonly purpose: string;
}

/** Compiles, tests and loads Rego through libs/rego; turns its failures into domain errors. */
@Injectable()
export class PolicyCompiler {
  constructor(private readonly metrics: MetricsService) {}

  compile(req: CompileRequest): CompiledPolicy & { compileMs: number } {
    const started = performance.now();
    try {
      const compiled = compilePolicy({ modules: req.modules, entrypoints: req.entrypoints, query: req.query });
      const compileMs = performance.now() - started;
      this.metrics.compileDuration.observe({ purpose: req.purpose }, compileMs / 1000);
      return { ...compiled, compileMs };
    } catch (e) {
      if (e instanceof RegoCompileError) throw new PolicyCompileError(e.diagnostics);
      throw e;
    }
  }

  /**
   * Whether the modules' rules (every one is an entrypoint of a published bundle) may read
   * `input.<path>`: the compiler's conservative analysis. Compile errors throw PolicyCompileError.
   */
  readsInput(modules: readonly RegoModuleSource[], path: readonly string[]): InputReads {
    try {
      return policyReadsInput({ modules, path });
    } catch (e) {
      if (e instanceof RegoCompileError) throw new PolicyCompileError(e.diagnostics);
      throw e;
    }
  }

  /** Runs every `test_*` rule with `data` as the base document. Compile errors throw PolicyCompileError. */
  async test(modules: readonly RegoModuleSource[], data: unknown): Promise<RegoTestResult[]> {
    try {
      return await runRegoTests({ modules, data });
    } catch (e) {
      if (e instanceof RegoCompileError) throw new PolicyCompileError(e.diagnostics);
      throw e;
    }
  }

  load(wasm: Uint8Array): Promise<LoadedRegoPolicy> {
    return loadWasm(wasm);
  }
}
