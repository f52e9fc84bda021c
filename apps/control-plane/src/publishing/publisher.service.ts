import { RISK_CONTEXT_METADATA } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BundleScopeRow } from '../bundle-scopes/bundle-scope.entity';
import { DEFAULT_SCOPE, orderScopes, SHARED_SCOPE, type ScopeSelector } from '../bundle-scopes/scope-selector';
import { buildSignedBundle } from '../bundles/bundle-builder';
import { Bundle } from '../bundles/bundle.entity';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/domain-error';
import { MetricsService } from '../metrics/metrics.service';
import { Policy } from '../policies/policy.entity';
import { PolicyVersion } from '../policies/policy-version.entity';
import { policyNotFound, policyView } from '../policies/policies.service';
import { applyEdits, policiesInScope, readPolicySet, readPolicySetMarker, sourceSha256, type EditedPolicy, type PolicySet } from '../policies/policy-set';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import { SigningKeysService } from '../signing/signing-keys.service';
import { policyData, readEnforcedState } from './enforced-state';
import { PolicyCompiler } from './policy-compiler.service';
import { allScopes, buildScope, mergeSummaries, scopesToBuild, type ScopeBuild } from './scope-builds';

export { summarize, type TestSummary } from './scope-builds';

/** One policy change to publish: a new source, or null to delete the policy. */
export interface PolicyChange {
  readonly id: string;
  readonly source: string | null;
  readonly message?: string;
  readonly expectedVersion?: number;
  /** Audit action: policy.publish, policy.rollback, policy.delete. */
  readonly action: string;
  /** The bundle scope to put the policy in (`*`: shared); absent keeps its scope (a new policy: `default`). */
  readonly bundleScope?: string;
}

/** A bundle scope created or changed (`put`), or deleted. */
export type ScopeChange =
  | { readonly kind: 'put'; readonly scope: ScopeSelector & { readonly description: string | null }; readonly expectedRevision?: number }
  | { readonly kind: 'delete'; readonly name: string };

/** What one revision changes: policies, a scope, or both. */
interface Change {
  readonly policies: readonly PolicyChange[];
  readonly scope?: ScopeChange;
}

/** A change compiled and tested against the policy set it was planned on. */
interface Plan {
  readonly current: PolicySet;
  readonly builds: readonly ScopeBuild[];
  /** The scope selectors after the change, when it changes them. */
  readonly scopes?: readonly ScopeSelector[];
  /** Scopes the change writes policies into (checked again inside the transaction). */
  readonly targets: readonly string[];
}

const ATTEMPTS = 3;

/**
 * Publishing: compile the changed bundle scopes' policy sets, run their `test_*` rules,
 * then in one revision store the versions, one signed bundle per rebuilt scope and the log
 * entry. Without scopes that is the whole set into the `default` bundle, as always.
 * Compiling happens outside the transaction (it can take a while and must not hold the
 * writers' lock); the transaction then checks that no other policy or scope change
 * committed in between (the policy set marker) and otherwise starts over with the newer
 * set, so two concurrent publishes can never produce a bundle that silently drops one of them.
 * Scope changes come through here too: creating a scope builds its bundle (from the shared
 * policies), and moving agents between scopes is a revision like any other.
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
   * Publishes several policy changes as one: one compile per affected scope, one test run,
   * one revision (what `vigil push` of a directory needs: all or nothing).
   */
  async publishSet(actor: string, changes: readonly PolicyChange[]) {
    const end = this.metrics.publishDuration.startTimer();
    try {
      const out = await this.publishWithRetry(actor, { policies: changes });
      end({ outcome: 'published' });
      return out;
    } catch (e) {
      end({ outcome: 'refused' });
      throw e;
    }
  }

  /** Creates, changes or deletes a bundle scope: one revision; agents it moves get their new scope's bundle. */
  async changeScope(actor: string, change: ScopeChange) {
    const { policies: _none, ...rest } = await this.publishWithRetry(actor, { policies: [], scope: change });
    return rest;
  }

  private async publishWithRetry(actor: string, change: Change) {
    const key = await this.signingKeys.signingKey();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const plan = await this.plan(change);
      try {
        const { result, revision } = await this.revisions.commit(actor, (c) => this.store(c, change, plan, key), { alone: true });
        const compileMs = plan.builds.reduce((ms, b) => ms + b.compiled.compileMs, 0);
        return { ...result, revision, compileMs: Math.round(compileMs * 100) / 100, tests: mergeSummaries(plan.builds.map((b) => b.tests)) };
      } catch (e) {
        if (!(e instanceof PolicySetMoved)) throw e;
      }
    }
    const what = change.scope ? `bundle scope ${change.scope.kind === 'put' ? change.scope.scope.name : change.scope.name}` : change.policies.map((c) => c.id).join(', ');
    throw new ConflictError('CONCURRENT_PUBLISH', `other policy changes kept committing while publishing ${what}; retry`);
  }

  /** Checks the change against the current set, and compiles and tests every scope it rebuilds. */
  private async plan(change: Change): Promise<Plan> {
    const current = await readPolicySet(this.dataSource.manager);
    for (const c of change.policies) checkPreconditions(c, current.modules.find((m) => m.id === c.id)?.version ?? 0);
    const scopes = change.scope ? applyScopeChange(current, change.scope) : undefined;
    const known = allScopes(scopes ?? current.scopes);
    const targets = [...new Set(change.policies.flatMap((c) => (c.bundleScope === undefined || c.bundleScope === SHARED_SCOPE || c.bundleScope === DEFAULT_SCOPE ? [] : [c.bundleScope])))];
    for (const t of targets) if (!known.includes(t)) throw scopeNotFound(t);
    const after = applyEdits(current.modules, {
      upsert: change.policies.flatMap((c) => (c.source === null ? [] : [{ id: c.id, source: c.source, bundleScope: c.bundleScope }])),
      remove: change.policies.flatMap((c) => (c.source === null ? [c.id] : [])),
    });
    if (change.scope?.kind === 'delete') assertUnused(after, change.scope.name);
    const put = change.scope?.kind === 'put' ? change.scope.scope : undefined;
    const created = put && !current.scopes.some((s) => s.name === put.name) ? put.name : undefined;
    const toBuild = scopesToBuild({ before: current.modules, after, changedIds: change.policies.map((c) => c.id), scopes: known, created });
    const data = toBuild.length > 0 ? policyData(await readEnforcedState(this.dataSource.manager)) : null;
    const builds: ScopeBuild[] = [];
    for (const scope of toBuild) builds.push(await buildScope(this.compiler, scope, after, data, 'publish'));
    const failed = builds.filter((b) => b.tests.failed.length > 0);
    if (failed.length > 0) {
      const tests = mergeSummaries(builds.map((b) => b.tests));
      throw new UnprocessableError('POLICY_TESTS_FAILED', `${tests.failed.length} of ${tests.total} policy tests failed: ${tests.failed.join(', ')}`, { tests });
    }
    return { current, builds, scopes, targets };
  }

  private async store(c: ChangeContext, change: Change, plan: Plan, key: Awaited<ReturnType<SigningKeysService['signingKey']>>) {
    if ((await readPolicySetMarker(c.em)) !== plan.current.marker) throw new PolicySetMoved();
    if (change.scope) await this.storeScope(c, change.scope);
    // Scope deletions do not move the marker: the scopes policies go into must still exist.
    if (plan.targets.length > 0) {
      const rows: { name: string }[] = await c.em.query('SELECT name FROM bundle_scopes WHERE name = ANY($1)', [plan.targets]);
      const missing = plan.targets.find((t) => !rows.some((r) => r.name === t));
      if (missing !== undefined) throw scopeNotFound(missing);
    }
    const stored = [];
    for (const pc of change.policies) stored.push(await this.storeVersion(c, pc));

    const set = await readPolicySet(c.em);
    const data = plan.builds.length > 0 ? policyData(await readEnforcedState(c.em)) : null;
    const bundles: { scope: string; revision: number; sha256: string; size: number; manifest: Record<string, unknown> }[] = [];
    for (const b of plan.builds) {
      // The set is the one compiled (the marker says so), so the analysis made with it holds.
      const policyVersions = Object.fromEntries(policiesInScope(set.modules, b.scope).map((m) => [m.id, m.version]));
      const metadata = { [RISK_CONTEXT_METADATA]: b.riskContext, vigil_scope: b.scope };
      const built = await buildSignedBundle({ revision: c.revision, wasm: b.compiled.wasm, entrypoints: b.compiled.entrypoints, data, policyVersions, metadata }, key);
      await c.em.save(Bundle, c.em.create(Bundle, {
        scope: b.scope,
        revision: c.revision,
        sha256: built.sha256,
        size: built.archive.length,
        signature: built.signature,
        keyId: key.kid,
        wasm: Buffer.from(b.compiled.wasm),
        entrypoints: { ...b.compiled.entrypoints },
        manifest: built.manifest,
        policyVersions,
        archive: built.archive,
        createdAt: c.now,
        createdBy: c.actor,
      }));
      bundles.push({ scope: b.scope, revision: c.revision, sha256: built.sha256, size: built.archive.length, manifest: built.manifest });
    }
    c.log('bundle', logResource(change), bundlePayload(bundles, plan.scopes));
    const views = bundles.map(({ manifest: _m, ...v }) => v);
    const main = views.find((b) => b.scope === DEFAULT_SCOPE) ?? views[0];
    return {
      policies: stored,
      ...(main ? { bundle: { revision: main.revision, sha256: main.sha256, size: main.size } } : {}),
      bundles: views,
    };
  }

  private async storeScope(c: ChangeContext, change: ScopeChange): Promise<void> {
    if (change.kind === 'delete') {
      const before = await c.em.findOneBy(BundleScopeRow, { name: change.name });
      if (!before) throw scopeNotFound(change.name);
      await c.em.delete(BundleScopeRow, { name: change.name });
      c.audit('bundle_scope.delete', `bundle_scope:${change.name}`, scopeView(before), null);
      return;
    }
    const s = change.scope;
    const before = await c.em.findOneBy(BundleScopeRow, { name: s.name });
    if (change.expectedRevision !== undefined && change.expectedRevision !== (before?.revision ?? 0)) {
      throw new ConflictError('BUNDLE_SCOPE_CHANGED', `expectedRevision: bundle scope ${s.name} was last changed at revision ${before?.revision ?? 'never (0)'}, not ${change.expectedRevision}`, {
        currentRevision: before?.revision ?? 0,
      });
    }
    const row = c.em.create(BundleScopeRow, {
      name: s.name,
      services: [...s.services],
      labels: { ...s.labels },
      priority: s.priority,
      description: s.description,
      revision: c.revision,
      createdAt: before?.createdAt ?? c.now,
      createdBy: before?.createdBy ?? c.actor,
      updatedAt: c.now,
      updatedBy: c.actor,
    });
    await c.em.save(BundleScopeRow, row);
    c.audit(before ? 'bundle_scope.update' : 'bundle_scope.create', `bundle_scope:${s.name}`, before ? scopeView(before) : null, scopeView(row));
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
      // A deleted policy's row keeps the scope it had (history); a re-created one starts in `default` unless told.
      bundleScope: change.bundleScope ?? (before?.currentVersion ? before.bundleScope : DEFAULT_SCOPE),
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
    return { id: change.id, version, deleted: change.source === null, sha256: row.sha256, bundleScope: policy.bundleScope };
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

/** The scope selectors after a scope change. */
function applyScopeChange(current: PolicySet, change: ScopeChange): ScopeSelector[] {
  if (change.kind === 'delete') {
    if (!current.scopes.some((s) => s.name === change.name)) throw scopeNotFound(change.name);
    return current.scopes.filter((s) => s.name !== change.name);
  }
  const { name, services, labels, priority } = change.scope;
  return orderScopes([...current.scopes.filter((s) => s.name !== name), { name, services: [...services], labels: { ...labels }, priority }]);
}

function assertUnused(policies: readonly EditedPolicy[], scope: string): void {
  const inUse = policies.filter((p) => p.scope === scope).map((p) => p.id);
  if (inUse.length > 0) {
    throw new ConflictError('BUNDLE_SCOPE_IN_USE', `bundle scope ${scope} still holds ${inUse.length} polic${inUse.length === 1 ? 'y' : 'ies'} (${inUse.join(', ')}): move or delete them first`, { policies: inUse });
  }
}

export function scopeNotFound(name: string): NotFoundError {
  return new NotFoundError('BUNDLE_SCOPE_NOT_FOUND', `no bundle scope named ${name}`);
}

function logResource(change: Change): string {
  if (change.scope) return `bundle_scope:${change.scope.kind === 'put' ? change.scope.scope.name : change.scope.name}`;
  return `policy:${change.policies.map((p) => p.id).join(',')}`;
}

/**
 * The `bundle` log entry: `{bundle}` exactly as before scopes when only the default scope
 * was rebuilt; otherwise `{bundles: {<scope>: ref}}`, plus `scopes` (every selector, in
 * resolution order) when the revision changed them, so each replica re-resolves its agents.
 */
function bundlePayload(bundles: readonly { scope: string; sha256: string; size: number; manifest: Record<string, unknown> }[], scopes: readonly ScopeSelector[] | undefined): Record<string, unknown> {
  const ref = (b: (typeof bundles)[number]) => ({ sha256: b.sha256, size: b.size, manifest: b.manifest });
  if (!scopes && bundles.length === 1 && bundles[0].scope === DEFAULT_SCOPE) return { bundle: ref(bundles[0]) };
  return { bundles: Object.fromEntries(bundles.map((b) => [b.scope, ref(b)])), ...(scopes ? { scopes } : {}) };
}

export function scopeView(r: BundleScopeRow) {
  return {
    name: r.name,
    services: r.services,
    labels: r.labels,
    priority: r.priority,
    description: r.description,
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  };
}
