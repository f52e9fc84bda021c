import { RISK_CONTEXT_KEY, RISK_CONTEXT_METADATA } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildSignedBundle } from '../bundles/bundle-builder';
import { Bundle } from '../bundles/bundle.entity';
import { ConflictError, UnprocessableError } from '../common/domain-error';
import { MetricsService } from '../metrics/metrics.service';
import { Policy } from '../policies/policy.entity';
import { PolicyVersion } from '../policies/policy-version.entity';
import { policyNotFound, policyView } from '../policies/policies.service';
import { applyEdits, readPolicySet, readPolicySetMarker, sourceSha256, toRegoModules, type PolicySet } from '../policies/policy-set';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import { SigningKeysService } from '../signing/signing-keys.service';
import { policyData, readEnforcedState } from './enforced-state';
import { PolicyCompiler } from './policy-compiler.service';
import type { RegoTestResult } from './rego-toolchain';

/** One policy change to publish: a new source, or null to delete the policy. */
export interface PolicyChange {
  readonly id: string;
  readonly source: string | null;
  readonly message?: string;
  readonly expectedVersion?: number;
  /** Audit action: policy.publish, policy.rollback, policy.delete. */
  readonly action: string;
}

export interface TestSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: readonly string[];
  /** Every test's outcome in run order (the web UI's pass/fail list). */
  readonly results: readonly { readonly name: string; readonly passed: boolean; readonly error?: string }[];
}

const ATTEMPTS = 3;

/**
 * Publishing: compile the whole policy set with the change, run its `test_*` rules, then in
 * one revision store the version, the signed bundle and the log entry. Compiling happens
 * outside the transaction (it can take a while and must not hold the writers' lock); the
 * transaction then checks that no other policy change committed in between (the policy
 * set marker) and otherwise starts over with the newer set, so two concurrent publishes
 * can never produce a bundle that silently drops one of them.
 */
@Injectable()
export class Publisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly compiler: PolicyCompiler,
    private readonly signingKeys: SigningKeysService,
    private readonly metrics: MetricsService,
  ) {}

  async publish(actor: string, change: PolicyChange) {
    const { policies, ...rest } = await this.publishSet(actor, [change]);
    return { ...policies[0], ...rest };
  }

  /**
   * Publishes several policy changes as one: one compile of the resulting set, one test run,
   * one revision and one bundle (what `vigil push` of a directory needs: all or nothing).
   */
  async publishSet(actor: string, changes: readonly PolicyChange[]) {
    const end = this.metrics.publishDuration.startTimer();
    try {
      const out = await this.publishWithRetry(actor, changes);
      end({ outcome: 'published' });
      return out;
    } catch (e) {
      end({ outcome: 'refused' });
      throw e;
    }
  }

  private async publishWithRetry(actor: string, changes: readonly PolicyChange[]) {
    const key = await this.signingKeys.signingKey();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await readPolicySet(this.dataSource.manager);
      for (const change of changes) checkPreconditions(change, current.modules.find((m) => m.id === change.id)?.version ?? 0);
      const modules = toRegoModules(
        applyEdits(current.modules, {
          upsert: changes.flatMap((c) => (c.source === null ? [] : [{ id: c.id, source: c.source }])),
          remove: changes.flatMap((c) => (c.source === null ? [c.id] : [])),
        }),
      );
      const compiled = this.compiler.compile({ modules, purpose: 'publish' });
      // Agents build the risk context (input.vigil) only for bundles whose policies may read it.
      const riskContext = this.compiler.readsInput(modules, [RISK_CONTEXT_KEY]).reads;
      const tests = summarize(await this.compiler.test(modules, policyData(await readEnforcedState(this.dataSource.manager))));
      if (tests.failed.length > 0) {
        throw new UnprocessableError('POLICY_TESTS_FAILED', `${tests.failed.length} of ${tests.total} policy tests failed: ${tests.failed.join(', ')}`, { tests });
      }
      try {
        const { result, revision } = await this.revisions.commit(actor, (c) => this.store(c, current, changes, { ...compiled, riskContext }, key));
        return { ...result, revision, compileMs: Math.round(compiled.compileMs * 100) / 100, tests };
      } catch (e) {
        if (!(e instanceof PolicySetMoved)) throw e;
      }
    }
    throw new ConflictError('CONCURRENT_PUBLISH', `other policy changes kept committing while publishing ${changes.map((c) => c.id).join(', ')}; retry`);
  }

  private async store(
    c: ChangeContext,
    compiledFrom: PolicySet,
    changes: readonly PolicyChange[],
    compiled: { wasm: Uint8Array; entrypoints: Readonly<Record<string, number>>; riskContext: boolean },
    key: Awaited<ReturnType<SigningKeysService['signingKey']>>,
  ) {
    if ((await readPolicySetMarker(c.em)) !== compiledFrom.marker) throw new PolicySetMoved();
    const stored = [];
    for (const change of changes) stored.push(await this.storeVersion(c, change));

    const set = await readPolicySet(c.em);
    const policyVersions = Object.fromEntries(set.modules.map((m) => [m.id, m.version]));
    const data = policyData(await readEnforcedState(c.em));
    // The set is the one compiled (the marker says so), so the analysis made with it holds.
    const metadata = { [RISK_CONTEXT_METADATA]: compiled.riskContext };
    const built = await buildSignedBundle({ revision: c.revision, wasm: compiled.wasm, entrypoints: compiled.entrypoints, data, policyVersions, metadata }, key);
    await c.em.save(Bundle, c.em.create(Bundle, {
      revision: c.revision,
      sha256: built.sha256,
      size: built.archive.length,
      signature: built.signature,
      keyId: key.kid,
      wasm: Buffer.from(compiled.wasm),
      entrypoints: { ...compiled.entrypoints },
      manifest: built.manifest,
      policyVersions,
      archive: built.archive,
      createdAt: c.now,
      createdBy: c.actor,
    }));
    c.log('bundle', `policy:${changes.map((ch) => ch.id).join(',')}`, { bundle: { sha256: built.sha256, size: built.archive.length, manifest: built.manifest } });
    return { policies: stored, bundle: { revision: c.revision, sha256: built.sha256, size: built.archive.length } };
  }

  /** Writes one change's policy row and new version, and audits it. */
  private async storeVersion(c: ChangeContext, change: PolicyChange) {
    const before = await c.em.findOneBy(Policy, { id: change.id });
    const beforeVersion = before?.currentVersion ? await c.em.findOneBy(PolicyVersion, { policyId: change.id, version: before.currentVersion }) : null;
    const [{ max }]: { max: number | null }[] = await c.em.query('SELECT MAX(version) AS max FROM policy_versions WHERE policy_id = $1', [change.id]);
    const version = (max ?? 0) + 1;
    const policy = c.em.create(Policy, {
      id: change.id,
      currentVersion: change.source === null ? null : version,
      createdAt: before?.createdAt ?? c.now,
      createdBy: before?.createdBy ?? c.actor,
      updatedAt: c.now,
      updatedBy: c.actor,
      revision: c.revision,
    });
    await c.em.save(Policy, policy);
    const row = c.em.create(PolicyVersion, {
      policyId: change.id,
      version,
      source: change.source,
      sha256: change.source === null ? null : sourceSha256(change.source),
      message: change.message ?? null,
      createdAt: c.now,
      createdBy: c.actor,
      revision: c.revision,
    });
    await c.em.insert(PolicyVersion, row);
    const after = change.source === null ? null : policyView(policy, row);
    c.audit(change.action, `policy:${change.id}`, before && beforeVersion ? policyView(before, beforeVersion) : null, after);
    return { id: change.id, version, deleted: change.source === null, sha256: row.sha256 };
  }
}

/** The policy set changed between compile and commit. */
class PolicySetMoved extends Error {}

function checkPreconditions(change: PolicyChange, currentVersion: number): void {
  if (change.source === null && currentVersion === 0) throw policyNotFound(change.id);
  if (change.expectedVersion !== undefined && change.expectedVersion !== currentVersion) {
    throw new ConflictError(
      'POLICY_VERSION_CONFLICT',
      `expectedVersion: policy ${change.id} is at version ${currentVersion === 0 ? 'none (0)' : currentVersion}, not ${change.expectedVersion}`,
      { currentVersion },
    );
  }
}

export function summarize(results: readonly RegoTestResult[]): TestSummary {
  const failed = results.filter((r) => !r.passed).map((r) => (r.error ? `${r.name} (${r.error})` : r.name));
  return {
    total: results.length,
    passed: results.length - failed.length,
    failed,
    results: results.map((r) => ({ name: r.name, passed: r.passed, ...(r.error ? { error: r.error } : {}) })),
  };
}
