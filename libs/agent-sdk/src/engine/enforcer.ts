/**
 * The decision engine shared by the agent and the in-process SDK. It holds the current
 * policy and enforced state and answers requests synchronously, in this order:
 * unknown entrypoint (caller error) → revoked → stale → no policy → policy evaluation.
 * Revocation and freshness checks come before the policy so that no policy, however
 * written, can allow a revoked or stale request. A swap to a new bundle is one assignment;
 * evaluation is synchronous, so an in-flight decision always finishes on the policy it began with.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { REVOCATION_KINDS, type DataDeltaEvent, type RevocationEvent, type RoleBindingDeltaEvent } from '@vigil/contracts';
import { EnforcementError } from '../errors';
import type { LoadedBundle } from '../policy/loaded-bundle';
import { EnforcedState, type StateSnapshot } from '../state/enforced-state';
import { isAllow, type Decision, type DenyReason } from './decision';
import { FreshnessLease } from './freshness';
import { DEFAULT_IDENTITY_PATHS, identityExtractor, type IdentityExtractor, type IdentityPaths } from './request-identity';
import { RevisionWaiters } from './revision-waiters';

const DATA_REFRESH_DELAY_MS = 50;

/** What changed: enforced state (revision, policy, data) or only the freshness lease. */
export type StateChange = 'state' | 'lease';

/** What to do once the lease has expired: deny `stale` (default) or keep serving the last policy. */
export type StaleMode = 'deny' | 'serve';

export interface EnforcerOptions {
  readonly maxStalenessMs?: number;
  readonly staleMode?: StaleMode;
  /** Per-entrypoint overrides of `staleMode` (`{"public/health_check": "serve"}`). */
  readonly staleModeByEntrypoint?: Readonly<Record<string, StaleMode>>;
  /** Longest a request waits for its `min_revision`. */
  readonly minRevisionWaitMs?: number;
  readonly identityPaths?: IdentityPaths;
  /** This agent's own service: a `service` revocation naming it denies every request. */
  readonly service?: string;
  /** Called after every decision (decision logging). */
  readonly onDecision?: (decision: Decision, entrypoint: string, input: unknown) => void;
}

export interface DecideOptions {
  readonly minRevision?: number;
}

export class Enforcer {
  private bundle: LoadedBundle | null = null;
  private state = new EnforcedState();
  private appliedRevision = 0;
  readonly lease: FreshnessLease;
  private readonly waiters = new RevisionWaiters();
  private readonly identity: IdentityExtractor;
  private readonly listeners = new Set<(what: StateChange) => void>();
  /** `data` in the policy is behind the enforced state; refreshed before the next evaluation or right after a burst. */
  private dataStale = false;
  private refreshScheduled = false;

  constructor(private readonly opts: EnforcerOptions = {}) {
    this.lease = new FreshnessLease(opts.maxStalenessMs ?? 10_000);
    this.identity = identityExtractor(opts.identityPaths ?? DEFAULT_IDENTITY_PATHS);
  }

  get applied(): number {
    return this.appliedRevision;
  }

  get bundleSha256(): string | null {
    return this.bundle?.sha256 ?? null;
  }

  get currentBundle(): LoadedBundle | null {
    return this.bundle;
  }

  get entrypoints(): string[] {
    return this.bundle ? Object.keys(this.bundle.policy.entrypoints) : [];
  }

  get revocationCount(): number {
    return this.state.revocations.size;
  }

  get pendingWaiters(): number {
    return this.waiters.size;
  }

  snapshot(): StateSnapshot {
    return this.state.toSnapshot(this.appliedRevision);
  }

  /** Subscribes to changes (persistence, tests); returns the unsubscribe function. */
  onChange(fn: (what: StateChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- applying pushed state (called in revision order by the stream) ----

  /** Installs a verified, loaded bundle at `revision`. */
  installBundle(bundle: LoadedBundle, revision: number): void {
    bundle.policy.setData(this.state.toDataDocument(bundle.baseData));
    this.bundle = bundle;
    this.dataStale = false;
    this.advance(revision);
  }

  applyDelta(event: DataDeltaEvent | RoleBindingDeltaEvent | RevocationEvent): void {
    if (event.type === 'data_delta') this.state.applyData(event);
    else if (event.type === 'role_binding_delta') this.state.applyRoleBindings(event);
    else this.state.applyRevocations(event);
    this.markDataStale();
    this.advance(event.revision);
  }

  /** A revision that changes nothing enforced here. */
  skip(revision: number): void {
    this.advance(revision);
  }

  /** Replaces the whole state (snapshot, or restoring from disk). `bundle` null keeps none. */
  restore(snapshot: StateSnapshot, bundle: LoadedBundle | null): void {
    this.state = new EnforcedState(snapshot);
    if (bundle) bundle.policy.setData(this.state.toDataDocument(bundle.baseData));
    this.bundle = bundle;
    this.dataStale = false;
    this.appliedRevision = snapshot.revision;
    this.waiters.reached(snapshot.revision);
    this.changed();
  }

  /** A signed heartbeat said the log head is `head`. */
  heartbeat(head: number, now = Date.now()): void {
    if (this.appliedRevision >= head) {
      this.lease.confirm(now);
      this.changed('lease');
    }
  }

  private advance(revision: number): void {
    if (revision > this.appliedRevision) this.appliedRevision = revision;
    this.waiters.reached(this.appliedRevision);
    this.changed();
  }

  /**
   * Deltas only mark `data` stale: a burst of revisions rebuilds it once (shortly after the
   * burst, or before the next evaluation, whichever comes first), so applying a revocation
   * is a map update and enforcing it needs no policy work at all; the background rebuild
   * waits a little so it does not compete with the rest of the burst.
   */
  private markDataStale(): void {
    if (!this.bundle) return;
    this.dataStale = true;
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    setTimeout(() => {
      this.refreshScheduled = false;
      this.refreshPolicyData();
    }, DATA_REFRESH_DELAY_MS).unref?.();
  }

  private refreshPolicyData(): void {
    // Correctness first: rebuild `data` and set it whole. Patching in place through
    // opa_value_add_path/remove_path is the optimisation once the runtime exports them.
    if (!this.dataStale || !this.bundle) return;
    this.dataStale = false;
    this.bundle.policy.setData(this.state.toDataDocument(this.bundle.baseData));
  }

  private changed(what: StateChange = 'state'): void {
    for (const fn of this.listeners) fn(what);
  }

  // ---- deciding ----

  /** Decides, waiting first for `minRevision` when the agent is behind it. */
  decide(entrypoint: string, input: unknown, opts: DecideOptions = {}): Decision | Promise<Decision> {
    const min = opts.minRevision;
    if (min === undefined || min <= this.appliedRevision) return this.decideNow(entrypoint, input);
    const started = performance.now();
    return this.waiters.wait(min, () => this.appliedRevision, this.opts.minRevisionWaitMs ?? 2000).then((reached) => {
      if (reached) return this.decideNow(entrypoint, input, started);
      return this.deny(entrypoint, input, 'revision_unavailable', `revision ${min} not reached (applied ${this.appliedRevision})`, started);
    });
  }

  /** Throws EnforcementError(UNKNOWN_ENTRYPOINT) for an entrypoint the current policy lacks. */
  decideNow(entrypoint: string, input: unknown, started = performance.now()): Decision {
    const bundle = this.bundle;
    if (bundle && !(entrypoint in bundle.policy.entrypoints)) {
      throw new EnforcementError('UNKNOWN_ENTRYPOINT', `no entrypoint ${JSON.stringify(entrypoint)} in the current policy`, { entrypoints: Object.keys(bundle.policy.entrypoints) });
    }
    const now = Date.now();
    const revoked = this.revocationFor(input, now);
    if (revoked) return this.deny(entrypoint, input, 'revoked', revoked, started);
    if (!this.lease.isFresh(now) && (this.opts.staleModeByEntrypoint?.[entrypoint] ?? this.opts.staleMode ?? 'deny') === 'deny') {
      const age = this.lease.ageMs(now);
      return this.deny(entrypoint, input, 'stale', `not confirmed current for ${Number.isFinite(age) ? `${age} ms` : 'ever'} (max ${this.lease.maxStalenessMs} ms)`, started);
    }
    if (!bundle) return this.deny(entrypoint, input, 'no_policy', 'no policy bundle has been received yet', started);
    let rs: Record<string, unknown>[];
    try {
      this.refreshPolicyData();
      rs = bundle.policy.evaluate(input, entrypoint);
    } catch (e) {
      return this.deny(entrypoint, input, 'policy_error', (e as Error).message, started, bundle.sha256);
    }
    const result = rs.length > 0 ? rs[0].result : undefined;
    return this.finish({ decision_id: randomUUID(), result, allowed: isAllow(result), reason: null, revision: this.appliedRevision, bundle_sha256: bundle.sha256, latency_us: 0 }, entrypoint, input, started);
  }

  private revocationFor(input: unknown, now: number): string | undefined {
    const revs = this.state.revocations;
    if (revs.size === 0) return undefined;
    if (this.opts.service) {
      const own = revs.match('service', this.opts.service, now);
      if (own) return `service ${this.opts.service} is revoked (${own.id})`;
    }
    for (const kind of REVOCATION_KINDS) {
      for (const value of this.identity(input, kind)) {
        const r = revs.match(kind, value, now);
        if (r) return `${kind} ${JSON.stringify(value)} is revoked (${r.id}${r.reason ? `: ${r.reason}` : ''})`;
      }
    }
    return undefined;
  }

  private deny(entrypoint: string, input: unknown, reason: DenyReason, message: string, started: number, sha = this.bundle?.sha256 ?? null): Decision {
    return this.finish({ decision_id: randomUUID(), result: undefined, allowed: false, reason, message, revision: this.appliedRevision, bundle_sha256: sha, latency_us: 0 }, entrypoint, input, started);
  }

  private finish(d: Decision, entrypoint: string, input: unknown, started: number): Decision {
    const decision = { ...d, latency_us: Math.round((performance.now() - started) * 1000) };
    this.opts.onDecision?.(decision, entrypoint, input);
    return decision;
  }

  close(): void {
    this.waiters.cancelAll();
  }
}
