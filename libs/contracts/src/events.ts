/**
 * The distribution protocol on the socket.io namespace `/agents`: event names and the
 * payload of each, declared once and used by the control plane's gateway and the agent.
 *
 * Everything the control plane pushes is a signed envelope (compact JWS, see envelope.ts)
 * whose payload is one of the `PushedEvent` shapes below; a bundle or snapshot also
 * carries the bundle archive as a binary attachment whose sha256 is inside the signed
 * payload. Agent → control plane messages travel on the authenticated connection unsigned.
 */
import type { BundleManifest } from './bundle-manifest';
import type { Outcome } from './decision-result';
import type { DataDocument, Revocation, RoleBinding } from './model';
import type { FleetRisk, RiskReportAck, RiskReportBatch, Signal } from './risk';

export const AGENTS_NAMESPACE = '/agents';
export const PROTOCOL_VERSION = 1;

/** Socket event names. */
export const EVENTS = {
  // control plane → agent (signed)
  bundle: 'bundle',
  dataDelta: 'data_delta',
  roleBindingDelta: 'role_binding_delta',
  revocation: 'revocation',
  signal: 'signal',
  risk: 'risk',
  noop: 'noop',
  snapshot: 'snapshot',
  heartbeat: 'heartbeat',
  // control plane → agent (unsigned notice before the server closes the connection)
  goodbye: 'goodbye',
  // agent → control plane
  hello: 'hello',
  ack: 'ack',
  decisions: 'decisions',
  riskReport: 'risk_report',
} as const;

/** Fields every revision event carries. `prev` is the revision before this one in the log, so gaps are visible. */
interface RevisionEventBase {
  readonly v: typeof PROTOCOL_VERSION;
  readonly revision: number;
  readonly prev: number;
  /** Milliseconds since the epoch when the control plane signed the event. */
  readonly issued_at: number;
}

/** Metadata of a bundle archive; the archive itself is the event's binary attachment. */
export interface BundleRef {
  readonly sha256: string;
  readonly size: number;
  readonly manifest: BundleManifest;
}

/** A new compiled policy set. Replaces the agent's policy; data deltas keep applying on top. */
export interface BundleEvent extends RevisionEventBase {
  readonly type: 'bundle';
  readonly bundle: BundleRef;
}

/** Items written (`put`) and removed (`delete`, by key) in one revision: the shape of every delta event. */
export interface DeltaEvent<Type extends string, Item> extends RevisionEventBase {
  readonly type: Type;
  readonly put: readonly Item[];
  readonly delete: readonly string[];
}

/** Data documents written or removed in one revision. */
export type DataDeltaEvent = DeltaEvent<'data_delta', DataDocument>;

/** Role bindings written (by id) or removed (by id) in one revision; expiries arrive as removals. */
export type RoleBindingDeltaEvent = DeltaEvent<'role_binding_delta', RoleBinding>;

/** Revocations added or lifted in one revision. */
export type RevocationEvent = DeltaEvent<'revocation', Revocation>;

/** Signals (about a subject or service) added or lifted in one revision; policies see them in `input.vigil`. */
export type SignalEvent = DeltaEvent<'signal', Signal>;

/** Fleet risk aggregated by the control plane, changed in one revision; `delete` holds `riskKey(target, value)`s. */
export type RiskEvent = DeltaEvent<'risk', FleetRisk>;

/** A revision that changes nothing this agent enforces (another service's bundle, an agent registration...). */
export interface NoopEvent extends RevisionEventBase {
  readonly type: 'noop';
}

/** The whole enforced state at `revision`, sent when an agent is too far behind the log (or new). */
export interface SnapshotEvent {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'snapshot';
  readonly revision: number;
  readonly issued_at: number;
  /** Null when no policy has been published for this agent yet. */
  readonly bundle: BundleRef | null;
  readonly data: readonly DataDocument[];
  readonly role_bindings: readonly RoleBinding[];
  readonly revocations: readonly Revocation[];
  /** Signals in force (absent from control planes before signals existed). */
  readonly signals?: readonly Signal[];
  /** Fleet risk in force. */
  readonly risk?: readonly FleetRisk[];
}

/** Liveness and the log head; an agent whose applied revision reaches `head` is confirmed current. */
export interface HeartbeatEvent {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'heartbeat';
  readonly head: number;
  readonly issued_at: number;
}

export type RevisionEvent = BundleEvent | DataDeltaEvent | RoleBindingDeltaEvent | RevocationEvent | SignalEvent | RiskEvent | NoopEvent;
export type PushedEvent = RevisionEvent | SnapshotEvent | HeartbeatEvent;
export type PushedEventType = PushedEvent['type'];

/** Why the control plane is closing an agent's connection. */
export interface GoodbyePayload {
  readonly code: 'AGENT_REVOKED' | 'TOKEN_ROTATED' | 'SHUTTING_DOWN';
  readonly message: string;
}

/** First message after connecting: where the agent is, so the gateway sends what it missed. */
export interface HelloPayload {
  readonly v: typeof PROTOCOL_VERSION;
  /** Last revision the agent applied (0 when it has nothing). */
  readonly applied_revision: number;
  /** sha256 of the bundle the agent holds, if any. */
  readonly bundle_sha256?: string | null;
  readonly agent_version?: string;
}

export interface HelloReply {
  /** `resume`: missed revisions follow in order; `snapshot`: one snapshot follows; `current`: nothing missed. */
  readonly mode: 'resume' | 'snapshot' | 'current';
  readonly head: number;
  readonly replica: string;
  /** The bundle scope the control plane serves this agent as (absent from control planes before scopes). */
  readonly scope?: string;
}

/** The agent has applied everything up to `revision`. */
export interface AckPayload {
  readonly revision: number;
  readonly bundle_sha256?: string | null;
}

/** One logged decision, input already masked by the agent. */
export interface DecisionLogEntry {
  readonly decision_id: string;
  /** ISO time of the decision. */
  readonly timestamp: string;
  /** Entrypoint or surface: `authz/allow`, `ext_authz`, `authzen`, `proxy`. */
  readonly path: string;
  readonly input: unknown;
  readonly result: unknown;
  readonly allowed: boolean;
  /** Why the agent denied regardless of policy (`revoked`, `stale`, `revision_unavailable`, ...), if it did. */
  readonly reason?: string | null;
  /** What the agent enforced: allow | challenge | limit | deny (a `limit` within budget is `allow`). Absent from older agents. */
  readonly outcome?: Outcome;
  /** The policy's reasons (adaptive results), or the agent's explanation when it denied first; at most MAX_DECISION_REASONS. */
  readonly reasons?: readonly string[];
  readonly revision: number;
  readonly bundle_sha256: string | null;
  readonly latency_us: number;
}

export interface DecisionLogBatch {
  readonly batch_id: string;
  readonly entries: readonly DecisionLogEntry[];
  /** Entries the agent dropped since the previous batch because its buffer was full. */
  readonly dropped: number;
}

export interface DecisionLogAck {
  readonly accepted: number;
}

/** Typed maps for socket.io's `Server<...>` / `Socket<...>` generics. */
export interface ServerToAgentEvents {
  bundle: (jws: string, archive: Uint8Array) => void;
  data_delta: (jws: string) => void;
  role_binding_delta: (jws: string) => void;
  revocation: (jws: string) => void;
  signal: (jws: string) => void;
  risk: (jws: string) => void;
  noop: (jws: string) => void;
  snapshot: (jws: string, archive: Uint8Array | null) => void;
  heartbeat: (jws: string) => void;
  goodbye: (payload: GoodbyePayload) => void;
}

/** What a request from an agent receives instead of its reply when the control plane refuses it. */
export interface ReplyError {
  readonly error: { readonly code: string; readonly message: string };
}

export interface AgentToServerEvents {
  hello: (payload: HelloPayload, reply: (r: HelloReply | ReplyError) => void) => void;
  ack: (payload: AckPayload) => void;
  /** A batch as an object, or as the UTF-8 bytes of its JSON (what current agents send: the control plane stores that text as it is). */
  decisions: (batch: DecisionLogBatch | Uint8Array, reply: (r: DecisionLogAck | ReplyError) => void) => void;
  risk_report: (batch: RiskReportBatch, reply: (r: RiskReportAck | ReplyError) => void) => void;
}

/** Shape of `socket.handshake.auth` sent by agents. */
export interface AgentHandshakeAuth {
  readonly token: string;
}

/** `connect_error.data` sent by the gateway when it refuses a connection. */
export interface ConnectRefusal {
  readonly code: 'UNAUTHORIZED' | 'AGENT_REVOKED' | 'ADMISSION_LIMIT' | 'UNAVAILABLE';
  /** Suggested minimum wait before retrying, milliseconds. */
  readonly retry_after_ms?: number;
}
