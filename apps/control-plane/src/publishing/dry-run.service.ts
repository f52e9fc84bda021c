import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { applyEdits, readPolicySet, toRegoModules, type PolicySetEdits } from '../policies/policy-set';
import { policyData, readEnforcedState } from './enforced-state';
import { PolicyCompileError, PolicyCompiler } from './policy-compiler.service';
import { summarize, type TestSummary } from './publisher.service';
import type { Diagnostic } from './rego-toolchain';

export interface DryRunReport {
  /** True when the proposed set compiles and every test passes: publishing it would succeed. */
  readonly ok: boolean;
  /** The policy-set revision the proposal was applied to. */
  readonly basedOnRevision: number;
  readonly compile: { readonly ok: boolean; readonly compileMs?: number; readonly entrypoints?: string[]; readonly diagnostics: readonly Diagnostic[] };
  readonly tests: TestSummary | null;
}

/** Compiles and tests a proposed change to the policy set, publishing nothing. */
@Injectable()
export class DryRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly compiler: PolicyCompiler,
  ) {}

  async dryRun(edits: PolicySetEdits): Promise<DryRunReport> {
    const current = await readPolicySet(this.dataSource.manager);
    const modules = toRegoModules(applyEdits(current.modules, edits));
    let compiled;
    try {
      compiled = this.compiler.compile({ modules, purpose: 'dry_run' });
    } catch (e) {
      if (!(e instanceof PolicyCompileError)) throw e;
      return { ok: false, basedOnRevision: current.marker, compile: { ok: false, diagnostics: e.diagnostics }, tests: null };
    }
    const tests = summarize(await this.compiler.test(modules, policyData(await readEnforcedState(this.dataSource.manager))));
    return {
      ok: tests.failed.length === 0,
      basedOnRevision: current.marker,
      compile: { ok: true, compileMs: compiled.compileMs, entrypoints: Object.keys(compiled.entrypoints), diagnostics: compiled.warnings },
      tests,
    };
  }
}
