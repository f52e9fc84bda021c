/**
 * The agent's end of the distribution protocol: connects to the control plane's `/agents`
 * namespace, says where it is (`hello`), verifies every pushed event against the pinned
 * keys, applies revisions strictly in log order (a gap triggers a resume; a duplicate is
 * ignored), acknowledges what it applied, and reconnects with jittered backoff.
 * Forged or malformed events are refused loudly and never applied.
 */
import { io, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  ContractError,
  EVENTS,
  PROTOCOL_VERSION,
  checkBundleArchive,
  openEvent,
  type AgentToServerEvents,
  type BundleRef,
  type ConnectRefusal,
  type DecisionLogBatch,
  type HelloReply,
  type PushedEventType,
  type RiskReportBatch,
  type ServerToAgentEvents,
  type SnapshotEvent,
  type TrustedKeys,
} from '@vigil/contracts';
import type { Enforcer } from '../engine/enforcer';
import { EnforcementError } from '../errors';
import type { LoadedBundle } from '../policy/loaded-bundle';
import type { EncodedDecisionBatch } from '../decision-log/decision-logger';
import { JitteredBackoff } from './backoff';
import { silentLogger, type EngineLogger } from './logger';

export interface PushStreamOptions {
  /** Control plane base URL (`http://127.0.0.1:8080`). */
  readonly controlPlane: string;
  readonly token: string;
  readonly trustedKeys: TrustedKeys;
  /** Opens a verified archive; the engine's default loads it through RegoPolicy. */
  readonly loadBundle: (archive: Uint8Array, sha256: string) => Promise<LoadedBundle>;
  /** Called with each verified bundle (archive + its signed envelope), to store it on disk. */
  readonly onVerifiedBundle?: (archive: Uint8Array, envelope: { type: 'bundle' | 'snapshot'; jws: string }) => void;
  readonly logger?: EngineLogger;
  readonly backoff?: JitteredBackoff;
  readonly agentVersion?: string;
}

export type StreamState = 'idle' | 'connecting' | 'syncing' | 'live' | 'closed';

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/**
 * Acks only feed the lag shown in GET /v1/agents: waiting a little longer batches a burst of
 * revisions into one ack, and keeps a fleet's acks (one per agent) from landing on the control
 * plane while it is still pushing the revision to the rest of the fleet.
 */
const ACK_DELAY_MS = 200;
const REVISION_EVENTS = [EVENTS.bundle, EVENTS.dataDelta, EVENTS.roleBindingDelta, EVENTS.revocation, EVENTS.signal, EVENTS.risk, EVENTS.noop] as const;

export class PushStream {
  private socket: AgentSocket | null = null;
  /** The connection that takes decision-log batches as bytes (each new one is assumed to). */
  private decisionBytes: AgentSocket | null = null;
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private resyncing = false;
  private ackTimer: NodeJS.Timeout | null = null;
  private lastResyncAt = 0;
  private readonly log: EngineLogger;
  private readonly backoff: JitteredBackoff;
  state: StreamState = 'idle';
  /** Events refused for a bad signature, shape or bundle, since start. */
  refusedEvents = 0;
  lastRefusal: string | null = null;
  /** Why the last connection attempt was refused, if it was. */
  lastConnectError: string | null = null;
  /** The last head revision a verified heartbeat announced. */
  head = 0;

  constructor(
    private readonly enforcer: Enforcer,
    private readonly opts: PushStreamOptions,
  ) {
    this.log = opts.logger ?? silentLogger;
    this.backoff = opts.backoff ?? new JitteredBackoff();
  }

  get connected(): boolean {
    return this.state === 'live' || this.state === 'syncing';
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  /**
   * Sends a decision-log batch; resolves false when not connected or not acknowledged in
   * time. An encoded batch goes as its UTF-8 JSON bytes (a binary attachment): socket.io
   * neither walks nor re-serializes it, and the control plane can store that text as it is.
   */
  async sendDecisions(batch: DecisionLogBatch | EncodedDecisionBatch, timeoutMs = 5000): Promise<boolean> {
    const s = this.socket;
    if (!s || !this.connected) return false;
    try {
      const asBytes = 'json' in batch && this.decisionBytes === s;
      const payload = 'json' in batch ? (asBytes ? Buffer.from(batch.json, 'utf8') : (JSON.parse(batch.json) as DecisionLogBatch)) : batch;
      const reply = await s.timeout(timeoutMs).emitWithAck(EVENTS.decisions, payload);
      if ('accepted' in reply) return true;
      // A control plane from before batches as bytes reads them as an object without a
      // batch_id: this connection gets objects from now on (an upgraded replica, bytes again).
      if (asBytes && /batch\.batch_id/.test(reply.error.message) && this.decisionBytes === s) {
        this.decisionBytes = null;
        return await this.sendDecisions(batch, timeoutMs);
      }
      return false;
    } catch {
      return false;
    }
  }

  /** Sends a risk report; resolves false when not connected or not acknowledged in time. */
  async sendRiskReport(batch: RiskReportBatch, timeoutMs = 5000): Promise<boolean> {
    const s = this.socket;
    if (!s || !this.connected) return false;
    try {
      const reply = await s.timeout(timeoutMs).emitWithAck(EVENTS.riskReport, batch);
      return 'accepted' in reply;
    } catch {
      return false;
    }
  }

  close(): void {
    this.state = 'closed';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = null;
  }

  private connect(): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const url = new URL(AGENTS_NAMESPACE, this.opts.controlPlane).toString();
    // Reconnection is ours (jittered, honours retry-after, also after a middleware refusal).
    const socket: AgentSocket = io(url, { auth: { token: this.opts.token }, reconnection: false, forceNew: true, transports: ['websocket'], timeout: 10_000 });
    this.socket = socket;
    this.decisionBytes = socket;
    socket.on('connect', () => this.hello(socket));
    socket.on('connect_error', (err: Error & { data?: ConnectRefusal }) => {
      this.lastConnectError = err.data?.code ?? err.message;
      const level = err.data?.code === 'UNAUTHORIZED' || err.data?.code === 'AGENT_REVOKED' ? 'error' : 'warn';
      this.log[level]('control plane refused or unreachable', { error: err.message, code: err.data?.code });
      this.retry(socket, err.data?.retry_after_ms ?? 0);
    });
    socket.on('disconnect', (reason) => {
      this.log.warn('disconnected from control plane', { reason });
      this.retry(socket, 0);
    });
    socket.on(EVENTS.goodbye, (p) => {
      this.lastConnectError = p?.code ?? 'goodbye';
      this.log.error('control plane closed the connection', { code: p?.code, message: p?.message });
    });
    for (const name of REVISION_EVENTS) socket.on(name, (jws: string, archive?: Uint8Array) => this.enqueue(socket, name, jws, archive));
    socket.on(EVENTS.snapshot, (jws, archive) => this.enqueue(socket, EVENTS.snapshot, jws, archive ?? undefined));
    socket.on(EVENTS.heartbeat, (jws) => this.enqueue(socket, EVENTS.heartbeat, jws));
  }

  private retry(socket: AgentSocket, atLeastMs: number): void {
    if (socket !== this.socket || this.state === 'closed') return;
    socket.removeAllListeners();
    socket.disconnect();
    this.socket = null;
    this.state = 'connecting';
    const delay = this.backoff.next(atLeastMs);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private hello(socket: AgentSocket): void {
    this.state = 'syncing';
    this.resyncing = true;
    this.lastResyncAt = Date.now();
    // Ask only after every queued event is applied, so `applied_revision` is exact.
    this.queue = this.queue.then(async () => {
      try {
        const reply = (await socket
          .timeout(30_000)
          .emitWithAck(EVENTS.hello, { v: PROTOCOL_VERSION, applied_revision: this.enforcer.applied, bundle_sha256: this.enforcer.bundleSha256, agent_version: this.opts.agentVersion })) as
          | HelloReply
          | { error: { code: string; message: string } };
        if ('error' in reply) throw new Error(`${reply.error.code}: ${reply.error.message}`);
        this.lastConnectError = null;
        this.backoff.reset();
        this.log.info('synchronising with control plane', { mode: reply.mode, head: reply.head, applied: this.enforcer.applied, replica: reply.replica, scope: reply.scope });
      } catch (e) {
        this.log.warn('hello failed', { error: (e as Error).message });
        this.retry(socket, 0);
      } finally {
        this.resyncing = false;
      }
    });
  }

  private enqueue(socket: AgentSocket, name: PushedEventType, jws: string, archive?: Uint8Array): void {
    this.queue = this.queue.then(() => (socket === this.socket ? this.handle(socket, name, jws, archive) : undefined));
  }

  private async handle(socket: AgentSocket, name: PushedEventType, jws: string, archive?: Uint8Array): Promise<void> {
    try {
      const event = openEvent(jws, this.opts.trustedKeys, name);
      switch (event.type) {
        case 'heartbeat':
          this.head = Math.max(this.head, event.head);
          // The lease runs from when the control plane vouched, never later: a replayed or
          // delayed heartbeat cannot extend it (clock skew can only shorten it: fail-closed).
          this.enforcer.heartbeat(event.head, Math.min(Date.now(), event.issued_at));
          if (this.state === 'syncing' && this.enforcer.applied >= event.head) this.state = 'live';
          if (event.head > this.enforcer.applied) this.resync(socket, `heartbeat head ${event.head} is past applied ${this.enforcer.applied}`);
          return;
        case 'snapshot':
          await this.applySnapshot(event, jws, archive);
          break;
        default: {
          const applied = this.enforcer.applied;
          if (event.revision <= applied) return; // duplicate (resume overlap)
          if (event.prev !== applied) {
            this.resync(socket, `revision ${event.revision} follows ${event.prev}, but ${applied} is applied`);
            return;
          }
          if (event.type === 'bundle') await this.applyBundle(event.bundle, event.revision, jws, archive);
          else if (event.type === 'noop') this.enforcer.skip(event.revision);
          else this.enforcer.applyDelta(event);
        }
      }
      this.scheduleAck(socket);
    } catch (e) {
      this.refuse(name, e);
    }
  }

  /**
   * Acks report progress (lag in GET /v1/agents), they gate nothing; a burst of revisions
   * is acknowledged once, shortly after, so the control plane is not flooded with acks
   * while it is still pushing.
   */
  private scheduleAck(socket: AgentSocket): void {
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      if (socket === this.socket) socket.emit(EVENTS.ack, { revision: this.enforcer.applied, bundle_sha256: this.enforcer.bundleSha256 });
    }, ACK_DELAY_MS);
    this.ackTimer.unref?.();
  }

  private async applyBundle(ref: BundleRef, revision: number, jws: string, archive: Uint8Array | undefined): Promise<void> {
    const bytes = checkBundleArchive(toBytes(archive), ref);
    const loaded = await this.opts.loadBundle(bytes, ref.sha256);
    this.opts.onVerifiedBundle?.(bytes, { type: 'bundle', jws });
    this.enforcer.installBundle(loaded, revision);
    this.log.info('policy bundle installed', { revision, sha256: ref.sha256 });
  }

  private async applySnapshot(event: SnapshotEvent, jws: string, archive: Uint8Array | undefined): Promise<void> {
    // Going back in revisions is legitimate only when the control plane's log really is
    // behind us (a restored database), and then its snapshot is fresh; an old one replayed
    // would silently undo revocations.
    if (event.revision < this.enforcer.applied && Date.now() - event.issued_at > this.enforcer.lease.maxStalenessMs) {
      throw new EnforcementError('EVENT_REFUSED', `snapshot at revision ${event.revision} (applied ${this.enforcer.applied}) was issued ${Date.now() - event.issued_at} ms ago: refusing a replayed rollback`);
    }
    let bundle: LoadedBundle | null = null;
    if (event.bundle) {
      const current = this.enforcer.currentBundle;
      if (current?.sha256 === event.bundle.sha256) bundle = current;
      else {
        const bytes = checkBundleArchive(toBytes(archive), event.bundle);
        bundle = await this.opts.loadBundle(bytes, event.bundle.sha256);
        this.opts.onVerifiedBundle?.(bytes, { type: 'snapshot', jws });
      }
    }
    this.enforcer.restore(event, bundle);
    this.log.info('snapshot applied', { revision: event.revision, sha256: event.bundle?.sha256 ?? null });
  }

  /** Asks the gateway to resend from our applied revision (at most once a second). */
  private resync(socket: AgentSocket, why: string): void {
    if (this.resyncing) return;
    this.log.warn('revision stream out of step; resuming', { why });
    const wait = Math.max(0, 1000 - (Date.now() - this.lastResyncAt));
    this.resyncing = true;
    setTimeout(() => {
      if (socket === this.socket && socket.connected) this.hello(socket);
      else this.resyncing = false;
    }, wait).unref?.();
  }

  private refuse(name: string, e: unknown): void {
    this.refusedEvents++;
    const code = e instanceof ContractError || e instanceof EnforcementError ? e.code : 'INTERNAL';
    this.lastRefusal = `${name}: ${(e as Error).message}`;
    // Loud on purpose: a refused event means a forged/corrupt push or a control-plane bug.
    this.log.error('REFUSED pushed event; not applied', { event: name, code, error: (e as Error).message });
  }
}

function toBytes(archive: unknown): Uint8Array | undefined {
  if (archive instanceof Uint8Array) return archive;
  if (archive instanceof ArrayBuffer) return new Uint8Array(archive);
  return undefined;
}
