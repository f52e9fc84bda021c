/**
 * The enforcement engine assembled: decision engine + push stream + disk store + decision
 * log. The agent process and the in-process SDK both run one of these; only the surfaces
 * in front of it differ.
 */
import { join } from 'node:path';
import type { TrustedKeys } from '@vigil/contracts';
import { Enforcer, type DecideOptions, type EnforcerOptions } from './engine/enforcer';
import type { Decision } from './engine/decision';
import { DecisionLogger } from './decision-log/decision-logger';
import { DecisionSpool } from './decision-log/spool';
import { loadBundle, type LoadedBundle } from './policy/loaded-bundle';
import { StateStore } from './store/state-store';
import { RiskReporter } from './risk/risk-reporter';
import { PushStream, type StreamState } from './stream/push-stream';
import { silentLogger, type EngineLogger } from './stream/logger';

export interface VigilEngineOptions extends Omit<EnforcerOptions, 'onDecision'> {
  readonly controlPlane: string;
  readonly token: string;
  readonly trustedKeys: TrustedKeys;
  /** Where the last verified bundle, state and decision-log spool live; nothing is stored when unset. */
  readonly dataDir?: string;
  readonly decisionLog?: { readonly enabled?: boolean; readonly maskPaths?: readonly string[]; readonly spoolMaxBytes?: number; readonly flushIntervalMs?: number };
  readonly logger?: EngineLogger;
  /** Policy memory cap, 64 KiB pages. */
  readonly maxPolicyPages?: number;
  /** Replaces how verified archives become policies (default: RegoPolicy through loadBundle). */
  readonly loadBundle?: (archive: Uint8Array, sha256: string) => Promise<LoadedBundle>;
  readonly agentVersion?: string;
  /** How often changed risk scores are reported to the control plane (default 1 s). */
  readonly riskReportIntervalMs?: number;
  /** Also called after every decision (metrics), after the decision log. */
  readonly observeDecision?: (decision: Decision) => void;
}

export type HealthStatus = 'ok' | 'degraded' | 'stale' | 'no_policy';

export interface EngineHealth {
  readonly status: HealthStatus;
  readonly stream: StreamState;
  readonly revision: number;
  readonly head: number;
  readonly bundle_sha256: string | null;
  readonly last_confirmed_ms_ago: number | null;
  readonly max_staleness_ms: number;
  readonly refused_events: number;
  readonly last_refusal: string | null;
  readonly last_connect_error: string | null;
}

export class VigilEngine {
  readonly enforcer: Enforcer;
  readonly stream: PushStream;
  readonly decisions: DecisionLogger | null;
  readonly store: StateStore | null;
  /** Reports risk scores to the control plane; null when risk tracking is off. */
  readonly riskReporter: RiskReporter | null;
  private readonly log: EngineLogger;

  private constructor(opts: VigilEngineOptions) {
    this.log = opts.logger ?? silentLogger;
    const logEnabled = opts.decisionLog?.enabled ?? true;
    const spool = logEnabled && opts.dataDir ? new DecisionSpool(join(opts.dataDir, 'decision-spool'), opts.decisionLog?.spoolMaxBytes ?? 64 * 1024 * 1024) : undefined;
    this.decisions = logEnabled
      ? new DecisionLogger({ send: (b) => this.stream.sendDecisions(b), spool, maskPaths: opts.decisionLog?.maskPaths, flushIntervalMs: opts.decisionLog?.flushIntervalMs })
      : null;
    const decisions = this.decisions;
    const observe = opts.observeDecision;
    this.enforcer = new Enforcer({
      ...opts,
      onDecision:
        decisions || observe
          ? (d, path, input) => {
              decisions?.record(d, path, input);
              observe?.(d);
            }
          : undefined,
    });
    this.store = opts.dataDir ? new StateStore(opts.dataDir) : null;
    this.riskReporter = this.enforcer.risk ? new RiskReporter(this.enforcer.risk, (b) => this.stream.sendRiskReport(b), opts.riskReportIntervalMs) : null;
    const load = opts.loadBundle ?? ((archive: Uint8Array, sha: string) => loadBundle(archive, sha, opts.trustedKeys, { maxPages: opts.maxPolicyPages }));
    const store = this.store;
    this.stream = new PushStream(this.enforcer, {
      controlPlane: opts.controlPlane,
      token: opts.token,
      trustedKeys: opts.trustedKeys,
      loadBundle: load,
      logger: this.log,
      agentVersion: opts.agentVersion,
      onVerifiedBundle: store ? (archive, envelope) => void store.saveBundle(archive, envelope).catch((e: Error) => this.log.error('cannot store bundle', { error: e.message })) : undefined,
    });
    if (store) this.enforcer.onChange((what) => store.scheduleSave(() => this.persisted(), what));
  }

  /** Builds the engine and restores the last verified state from `dataDir`, if any. */
  static async create(opts: VigilEngineOptions): Promise<VigilEngine> {
    const engine = new VigilEngine(opts);
    if (engine.store) {
      try {
        const restored = await engine.store.load(opts.trustedKeys);
        if (restored) {
          const load = opts.loadBundle ?? ((a: Uint8Array, s: string) => loadBundle(a, s, opts.trustedKeys, { maxPages: opts.maxPolicyPages }));
          const bundle = restored.bundle ? await load(restored.bundle.archive, restored.bundle.sha256) : null;
          engine.enforcer.restore(restored.snapshot, bundle);
          engine.enforcer.lease.confirm(restored.confirmedAt);
          engine.log.info('restored stored state', { revision: restored.snapshot.revision, sha256: bundle?.sha256 ?? null, confirmed_at: new Date(restored.confirmedAt).toISOString() });
        }
      } catch (e) {
        // A stored state that does not verify is ignored, loudly: the agent starts empty (and denies).
        engine.log.error('REFUSED stored state; starting empty', { error: (e as Error).message });
      }
    }
    return engine;
  }

  private persisted() {
    return { snapshot: this.enforcer.snapshot(), confirmedAt: this.enforcer.lease.lastConfirmedAt, bundleSha256: this.enforcer.bundleSha256 };
  }

  start(): void {
    this.stream.start();
    this.decisions?.start();
    this.riskReporter?.start();
  }

  decide(entrypoint: string, input: unknown, opts?: DecideOptions): Decision | Promise<Decision> {
    return this.enforcer.decide(entrypoint, input, opts);
  }

  health(now = Date.now()): EngineHealth {
    const e = this.enforcer;
    const fresh = e.lease.isFresh(now);
    const status: HealthStatus = !e.currentBundle ? 'no_policy' : !fresh ? 'stale' : this.stream.state === 'live' ? 'ok' : 'degraded';
    const age = e.lease.ageMs(now);
    return {
      status,
      stream: this.stream.state,
      revision: e.applied,
      head: this.stream.head,
      bundle_sha256: e.bundleSha256,
      last_confirmed_ms_ago: Number.isFinite(age) ? age : null,
      max_staleness_ms: e.lease.maxStalenessMs,
      refused_events: this.stream.refusedEvents,
      last_refusal: this.stream.lastRefusal,
      last_connect_error: this.stream.lastConnectError,
    };
  }

  async close(): Promise<void> {
    this.stream.close();
    this.enforcer.close();
    await this.decisions?.stop().catch(() => undefined);
    await this.riskReporter?.stop().catch(() => undefined);
    await this.store?.flush(() => this.persisted());
  }
}
