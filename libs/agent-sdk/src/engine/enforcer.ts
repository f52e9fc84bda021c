/**
 * The decision engine shared by the agent and the in-process SDK. It holds the current
 * policy and enforced state and answers requests synchronously, in this order:
 * unknown entrypoint (caller error) → revoked → stale → no policy → policy evaluation.
 * Revocation and freshness checks come before the policy so that no policy, however
 * written, can allow a revoked or stale request. A swap to a new bundle is one assignment;
 * evaluation is synchronous, so an in-flight decision always finishes on the policy it began with.
 */
import { performance } from 'node:perf_hooks';
import { normalizeResult, REVOCATION_KINDS, RISK_CONTEXT_KEY, RISK_CONTEXT_METADATA, type DataDeltaEvent, type RevocationEvent, type RiskEvent, type RoleBindingDeltaEvent, type SignalEvent } from '@vigil/contracts';
import { EnforcementError } from '../errors';
import type { LoadedBundle } from '../policy/loaded-bundle';
import { EnforcedState, type StateSnapshot } from '../state/enforced-state';
import { RateLimiter } from '../risk/rate-limiter';
import type { RequestOrigin } from '../risk/request-origin';
import { RiskEngine, type RiskOptions } from '../risk/risk-engine';
import { RiskState } from '../risk/risk-state';
import { limitKey, type RiskSnapshot } from '../risk/risk-snapshot';
import type { Decision, DenyReason } from './decision';
import { decisionId } from './decision-id';
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
  /** Risk context in `input.vigil` and anomaly tracking (default on); `false` turns both off. */
  readonly risk?: RiskOptions | false;
  /** Called after every decision (decision logging). */
  readonly onDecision?: (decision: Decision, entrypoint: string, input: unknown) => void;
}

export interface DecideOptions {
  readonly minRevision?: number;
  /** Transport facts of the request (peer, forwarded-for, TLS identity), for `input.vigil.origin`. */
  readonly origin?: RequestOrigin;
}

export class Enforcer {
  private bundle: LoadedBundle | null = null;
  private state = new EnforcedState();
  private appliedRevision = 0;
  readonly lease: FreshnessLease;
  private readonly waiters = new RevisionWaiters();
  private readonly identity: IdentityExtractor;
  private readonly listeners = new Set<(what: StateChange) => void>();
  /** Signals and fleet risk pushed by the control plane; kept even when risk tracking is off. */
  private riskState = new RiskState();
  /** Input enrichment and anomaly tracking; null when turned off. */
  readonly risk: RiskEngine | null;
  /** Whether the current policy may read input.vigil (its manifest's `metadata.vigil_context`; absent → yes). */
  private riskContext = true;
  /** Token buckets for `limit` results, made on the first one. */
  private limiter: RateLimiter | null = null;
  /** `data` in the policy is behind the enforced state; refreshed before the next evaluation or right after a burst. */
  private dataStale = false;
  private refreshScheduled = false;

  constructor(private readonly opts: EnforcerOptions = {}) {
    this.lease = new FreshnessLease(opts.maxStalenessMs ?? 10_000);
    this.identity = identityExtractor(opts.identityPaths ?? DEFAULT_IDENTITY_PATHS);
    this.risk = opts.risk === false ? null : new RiskEngine(opts.risk ?? {}, opts.identityPaths ?? DEFAULT_IDENTITY_PATHS, opts.service);
    if (this.risk) this.risk.state = this.riskState;
  }

  get riskSignals(): RiskState {
    return this.riskState;
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

  snapshot(): StateSnapshot & RiskSnapshot {
    return { ...this.state.toSnapshot(this.appliedRevision), signals: this.riskState.allSignals(), risk: this.riskState.allRisk() };
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
    this.riskContext = this.contextNeeded(bundle);
    this.dataStale = false;
    this.advance(revision);
  }

  applyDelta(event: DataDeltaEvent | RoleBindingDeltaEvent | RevocationEvent | SignalEvent | RiskEvent): void {
    // Signals and fleet risk reach policies through input.vigil, not data: nothing to rebuild.
    if (event.type === 'signal' || event.type === 'risk') {
      if (event.type === 'signal') this.riskState.applySignals(event);
      else this.riskState.applyRisk(event);
      this.advance(event.revision);
      return;
    }
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
  restore(snapshot: StateSnapshot & RiskSnapshot, bundle: LoadedBundle | null): void {
    this.state = new EnforcedState(snapshot);
    this.riskState = new RiskState(snapshot.signals ?? [], snapshot.risk ?? []);
    if (this.risk) this.risk.state = this.riskState;
    if (bundle) bundle.policy.setData(this.state.toDataDocument(bundle.baseData));
    this.bundle = bundle;
    this.riskContext = this.contextNeeded(bundle);
    this.dataStale = false;
    this.appliedRevision = snapshot.revision;
    this.waiters.reached(snapshot.revision);
    this.changed();
  }

  /** The manifest's answer is about input.vigil: a context under another key is always built. */
  private contextNeeded(bundle: LoadedBundle | null): boolean {
    return this.risk?.inputKey !== RISK_CONTEXT_KEY || bundle?.manifest.metadata?.[RISK_CONTEXT_METADATA] !== false;
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

  /**
   * Brings the policy's `data` up to date: in place, patching only the keys the deltas
   * touched (a revocation is one small edit however large `data` is), or whole when the
   * module cannot patch, when too much changed, or when a patch fails (it may have left
   * `data` half-edited, and a full load is always correct).
   */
  private refreshPolicyData(): void {
    if (!this.dataStale || !this.bundle) return;
    this.dataStale = false;
    const { policy, baseData } = this.bundle;
    if (policy.patchData && policy.canPatchData) {
      const patches = this.state.takePatches(baseData);
      if (patches) {
        try {
          policy.patchData(patches);
          return;
        } catch {
          /* fall through to the full load */
        }
      }
    }
    policy.setData(this.state.toDataDocument(baseData));
  }

  private changed(what: StateChange = 'state'): void {
    for (const fn of this.listeners) fn(what);
  }

  // ---- deciding ----

  /** Decides, waiting first for `minRevision` when the agent is behind it. */
  decide(entrypoint: string, input: unknown, opts: DecideOptions = {}): Decision | Promise<Decision> {
    const min = opts.minRevision;
    if (min === undefined || min <= this.appliedRevision) return this.decideNow(entrypoint, input, performance.now(), opts.origin);
    const started = performance.now();
    return this.waiters.wait(min, () => this.appliedRevision, this.opts.minRevisionWaitMs ?? 2000).then((reached) => {
      if (reached) return this.decideNow(entrypoint, input, started, opts.origin);
      return this.deny(entrypoint, input, 'revision_unavailable', `revision ${min} not reached (applied ${this.appliedRevision})`, started);
    });
  }

  /** Throws EnforcementError(UNKNOWN_ENTRYPOINT) for an entrypoint the current policy lacks. */
  decideNow(entrypoint: string, input: unknown, started = performance.now(), origin?: RequestOrigin): Decision {
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
    const risk = this.risk;
    const policy = bundle.policy;
    // Throws INPUT_RESERVED for an input that brings its own risk context (a caller error).
    let enrichedJson: string | null = null;
    let evaluated = input;
    if (risk && !this.riskContext) risk.track(input, origin, now); // the policy cannot read the context: count only
    else if (risk && policy.evaluateJson) enrichedJson = risk.enrichJson(input, origin, now);
    if (risk && this.riskContext && enrichedJson === null) evaluated = risk.enrich(input, origin, now);
    let rs: Record<string, unknown>[];
    try {
      this.refreshPolicyData();
      rs = enrichedJson !== null ? policy.evaluateJson!(enrichedJson, entrypoint) : policy.evaluate(evaluated, entrypoint);
    } catch (e) {
      risk?.observeOutcome(true);
      return this.deny(entrypoint, input, 'policy_error', (e as Error).message, started, bundle.sha256);
    }
    const result = rs.length > 0 ? rs[0].result : undefined;
    const n = normalizeResult(result);
    let outcome = n.outcome;
    let adaptive: Decision['adaptive'] = n.adaptive ? { reasons: n.reasons, challenge: n.challenge, limit: n.limit } : undefined;
    if (outcome === 'limit') {
      const spec = n.limit!;
      const wait = (this.limiter ??= new RateLimiter()).take(limitKey(spec, this.identity, input), spec.rate, spec.burst ?? spec.rate, now);
      if (wait === 0) outcome = 'allow';
      else adaptive = { ...adaptive!, retry_after_s: wait };
    }
    risk?.observeOutcome(outcome === 'deny');
    // One object per decision, latency last (no copies to fill it in).
    const latency_us = Math.round((performance.now() - started) * 1000);
    const d: Decision = adaptive
      ? { decision_id: decisionId(now), result, allowed: outcome === 'allow', outcome, adaptive, reason: null, revision: this.appliedRevision, bundle_sha256: bundle.sha256, latency_us }
      : { decision_id: decisionId(now), result, allowed: outcome === 'allow', outcome, reason: null, revision: this.appliedRevision, bundle_sha256: bundle.sha256, latency_us };
    this.opts.onDecision?.(d, entrypoint, input);
    return d;
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
    const latency_us = Math.round((performance.now() - started) * 1000);
    const d: Decision = { decision_id: decisionId(), result: undefined, allowed: false, outcome: 'deny', reason, message, revision: this.appliedRevision, bundle_sha256: sha, latency_us };
    this.opts.onDecision?.(d, entrypoint, input);
    return d;
  }

  close(): void {
    this.waiters.cancelAll();
  }
}
