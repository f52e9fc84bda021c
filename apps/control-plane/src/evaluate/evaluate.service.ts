import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidRequestError, UnprocessableError } from '../common/domain-error';
import { DEFAULT_SCOPE, SHARED_SCOPE } from '../bundle-scopes/scope-selector';
import { applyEdits, policiesInScope, readPolicySet, toRegoModules } from '../policies/policy-set';
import { policyData, readEnforcedState } from '../publishing/enforced-state';
import { PolicyCompiler } from '../publishing/policy-compiler.service';
import { scopeNotFound } from '../publishing/publisher.service';
import { RevisionsService } from '../revisions/revisions.service';
import type { EvaluateDto } from './dto/evaluate.dto';
import { entrypointPath, probeRules, ruleOutcomes } from './matched-rules';

/**
 * Compiles the current (or a proposed) policy set with our compiler and evaluates one
 * query or entrypoint through opa-wasm, exactly as agents will: the authors' playground.
 */
@Injectable()
export class EvaluateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly compiler: PolicyCompiler,
    private readonly revisions: RevisionsService,
  ) {}

  async evaluate(dto: EvaluateDto) {
    if ((dto.query === undefined) === (dto.entrypoint === undefined)) {
      throw new InvalidRequestError('VALIDATION_FAILED', 'query, entrypoint: give exactly one of them');
    }
    const revision = await this.revisions.head();
    const current = await readPolicySet(this.dataSource.manager);
    // One bundle scope's set (its policies and the shared ones), as its agents have it; proposed policies go into it unless they say otherwise.
    const scope = dto.bundleScope ?? DEFAULT_SCOPE;
    if (scope === SHARED_SCOPE) throw new InvalidRequestError('VALIDATION_FAILED', 'bundleScope: name the scope to evaluate in (default or a bundle scope), not "*"');
    if (scope !== DEFAULT_SCOPE && !current.scopes.some((s) => s.name === scope)) throw scopeNotFound(scope);
    const upsert = dto.policies?.map((p) => ({ ...p, bundleScope: p.bundleScope ?? scope }));
    const modules = toRegoModules(policiesInScope(applyEdits(current.modules, { upsert, remove: dto.remove }), scope));
    const data = dto.data ?? policyData(await readEnforcedState(this.dataSource.manager));
    // The wasm names entrypoints `a/b`; accept `data.a.b` and `a.b` too.
    const entrypoint = dto.entrypoint === undefined ? undefined : entrypointPath(dto.entrypoint).join('/');
    // With an entrypoint, its package's rules are compiled as extra entrypoints: "which rules matched".
    const probes = entrypoint === undefined ? [] : probeRules(modules, entrypoint);
    const compiled = this.compiler.compile({
      modules,
      query: dto.query,
      entrypoints: entrypoint === undefined ? undefined : [entrypoint, ...probes.map((p) => p.entrypoint).filter((e) => e !== entrypoint)],
      purpose: 'evaluate',
    });
    const policy = await this.compiler.load(compiled.wasm);
    const started = performance.now();
    try {
      policy.setData(data);
      const result = policy.evaluate(dto.input, entrypoint ?? 0);
      const evalMs = performance.now() - started;
      const rules = entrypoint === undefined ? undefined : ruleOutcomes(probes, (e) => policy.evaluate(dto.input, e));
      return { result, revision, compileMs: round(compiled.compileMs), evalMs: round(evalMs), ...(rules ? { rules } : {}) };
    } catch (e) {
      throw new UnprocessableError('EVALUATION_ERROR', `evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
