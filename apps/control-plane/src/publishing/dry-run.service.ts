import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SHARED_SCOPE } from '../bundle-scopes/scope-selector';
import { applyEdits, readPolicySet, type PolicySetEdits } from '../policies/policy-set';
import { policyData, readEnforcedState } from './enforced-state';
import { PolicyCompileError, PolicyCompiler } from './policy-compiler.service';
import { scopeNotFound } from './publisher.service';
import type { Diagnostic } from './rego-toolchain';
import { allScopes, buildScope, mergeSummaries, scopesToBuild, type ScopeBuild, type TestSummary } from './scope-builds';

export interface DryRunReport {
  /** True when the proposed set compiles and every test passes: publishing it would succeed. */
  readonly ok: boolean;
  /** The policy-set revision the proposal was applied to. */
  readonly basedOnRevision: number;
  /** Every rebuilt scope together (the only one, without bundle scopes); `scope` names the one that failed to compile. */
  readonly compile: { readonly ok: boolean; readonly compileMs?: number; readonly entrypoints?: string[]; readonly diagnostics: readonly Diagnostic[]; readonly scope?: string };
  readonly tests: TestSummary | null;
  /** Per bundle scope the publish would rebuild, in order, up to the first that does not compile. */
  readonly scopes: readonly { readonly scope: string; readonly entrypoints: string[]; readonly compileMs: number; readonly tests: TestSummary }[];
}

/** Compiles and tests a proposed change to the policy set, publishing nothing: the scopes a publish would rebuild, as it would. */
@Injectable()
export class DryRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly compiler: PolicyCompiler,
  ) {}

  async dryRun(edits: PolicySetEdits): Promise<DryRunReport> {
    const current = await readPolicySet(this.dataSource.manager);
    const known = allScopes(current.scopes);
    for (const u of edits.upsert ?? []) if (u.bundleScope !== undefined && u.bundleScope !== SHARED_SCOPE && !known.includes(u.bundleScope)) throw scopeNotFound(u.bundleScope);
    const after = applyEdits(current.modules, edits);
    const changedIds = [...(edits.upsert ?? []).map((u) => u.id), ...(edits.remove ?? [])];
    // Nothing named: check every scope's set as it stands.
    const toBuild = changedIds.length > 0 ? scopesToBuild({ before: current.modules, after, changedIds, scopes: known }) : known;
    const data = policyData(await readEnforcedState(this.dataSource.manager));
    const builds: ScopeBuild[] = [];
    for (const scope of toBuild) {
      try {
        builds.push(await buildScope(this.compiler, scope, after, data, 'dry_run'));
      } catch (e) {
        if (!(e instanceof PolicyCompileError)) throw e;
        return { ok: false, basedOnRevision: current.marker, compile: { ok: false, diagnostics: e.diagnostics, ...(e.scope ? { scope: e.scope } : {}) }, tests: null, scopes: builds.map(scopeReport) };
      }
    }
    const tests = mergeSummaries(builds.map((b) => b.tests));
    return {
      ok: tests.failed.length === 0,
      basedOnRevision: current.marker,
      compile: {
        ok: true,
        compileMs: builds.reduce((ms, b) => ms + b.compiled.compileMs, 0),
        entrypoints: [...new Set(builds.flatMap((b) => Object.keys(b.compiled.entrypoints)))],
        diagnostics: builds.flatMap((b) => b.compiled.warnings),
      },
      tests,
      scopes: builds.map(scopeReport),
    };
  }
}

function scopeReport(b: ScopeBuild) {
  return { scope: b.scope, entrypoints: Object.keys(b.compiled.entrypoints), compileMs: b.compiled.compileMs, tests: b.tests };
}
