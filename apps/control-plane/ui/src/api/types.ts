/** Shapes of the control plane's answers that the UI reads (see apps/control-plane/src). */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface Location {
  readonly file: string;
  readonly row: number;
  readonly col: number;
  readonly length?: number;
}

export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly severity?: 'error' | 'warning';
  readonly location: Location;
}

export interface TestResult {
  readonly name: string;
  readonly passed: boolean;
  readonly error?: string;
}

export interface TestSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: string[];
  readonly results?: TestResult[];
}

export interface DryRunReport {
  readonly ok: boolean;
  readonly basedOnRevision: number;
  readonly compile: { readonly ok: boolean; readonly entrypoints?: string[]; readonly diagnostics: Diagnostic[]; readonly compileMs?: number };
  readonly tests: TestSummary | null;
}

export interface PolicySummary {
  readonly id: string;
  readonly version: number;
  readonly sha256: string;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Policy extends PolicySummary {
  readonly source: string;
}

export interface PolicyVersion {
  readonly id: string;
  readonly version: number;
  readonly exists: boolean;
  readonly message: string | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly source?: string | null;
}

export interface PublishResult {
  readonly id: string;
  readonly version: number;
  readonly revision: number;
  readonly tests: TestSummary;
}

export interface RuleOutcome {
  readonly rule: string;
  readonly entrypoint: string;
  readonly file: string;
  readonly rows: number[];
  readonly matched: boolean;
  readonly value?: unknown;
}

export interface EvaluateResult {
  readonly result: { result: unknown }[];
  readonly revision: number;
  readonly compileMs: number;
  readonly evalMs: number;
  readonly rules?: RuleOutcome[];
}

export interface DataDocument {
  readonly path: string;
  readonly value: unknown;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface RoleBinding {
  readonly id: string;
  readonly subject: string;
  readonly role: string;
  readonly scope: string | null;
  readonly expiresAt: string | null;
  readonly status: 'active' | 'expired';
  readonly revision: number;
}

export type RevocationKind = 'subject' | 'token_id' | 'session' | 'service';

export interface Revocation {
  readonly id: string;
  readonly kind: RevocationKind;
  readonly value: string;
  readonly reason: string | null;
  readonly expiresAt: string | null;
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface AgentStatus {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly labels: Record<string, string>;
  readonly state: 'syncing' | 'connected' | 'disconnected' | 'never_connected';
  readonly replica: string | null;
  readonly applied_revision: number;
  readonly head: number;
  readonly lag: number;
  readonly acked_at: string | null;
  readonly connected_at: string | null;
  readonly decisions_dropped: number;
}

export interface FleetSnapshot {
  readonly head: number;
  readonly agents: AgentStatus[];
}

export interface Decision {
  readonly decision_id: string;
  readonly agent_id: string;
  readonly timestamp: string;
  readonly path: string;
  readonly input: unknown;
  readonly result: unknown;
  readonly allowed: boolean;
  readonly reason: string | null;
  /** What the agent enforced (adaptive results): allow, challenge (step-up), limit (429) or deny. */
  readonly outcome: DecisionOutcome;
  /** The policy's reasons, or the agent's explanation when it denied first. */
  readonly reasons: readonly string[];
  readonly revision: number;
  readonly latency_us: number;
}

export type DecisionOutcome = 'allow' | 'challenge' | 'limit' | 'deny';

/** GET /v1/decisions: a page with the time it counted receipts up to (`received_before` holds later pages to it). */
export interface DecisionPage extends Page<Decision> {
  readonly as_of: string;
}

export interface DecisionStats {
  readonly since: string;
  readonly bucketSeconds: number;
  readonly buckets: { t: number; total: number; denied: number }[];
}

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly revision: number | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** GET /v1/risk/fleet items: the fleet aggregate of one subject or service, with each agent's report. */
export interface FleetRiskEntry {
  readonly target: 'subject' | 'service';
  readonly value: string;
  readonly score: number;
  readonly reasons: string[];
  readonly agents: number;
  readonly revision: number;
  readonly updatedAt: string;
  readonly reports: { agent: string | null; service: string; score: number; reasons: string[]; reportedAt: string }[];
}

export interface ContainmentRule {
  readonly id: string;
  readonly name: string;
  readonly target: 'subject' | 'service';
  readonly threshold: number;
  readonly action: 'revoke' | 'signal';
  readonly durationSeconds: number;
  readonly enabled: boolean;
  readonly revision: number;
}

export interface ContainmentAction {
  readonly id: string;
  readonly ruleName: string;
  readonly target: 'subject' | 'service';
  readonly value: string;
  readonly action: 'revoke' | 'signal';
  readonly score: number;
  readonly reasons: string[];
  readonly revision: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revertedAt: string | null;
  readonly revertedBy: string | null;
  readonly revertRevision: number | null;
}

/** A signal about a subject or service (GET /v1/signals): policies see it in input.vigil. */
export interface SignalEntry {
  readonly id: string;
  readonly target: 'subject' | 'service';
  readonly value: string;
  readonly name: string;
  readonly level: number;
  readonly reason: string | null;
  /** `api:<actor>`, `set:<transmitter>`, `containment:<rule>`. */
  readonly source: string;
  readonly attributes: Record<string, unknown> | null;
  readonly expiresAt: string | null;
  readonly status: 'active' | 'expired';
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** An OpenID Shared Signals transmitter whose security event tokens the control plane accepts. */
export interface Transmitter {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly audience: string | null;
  readonly jwksUri: string | null;
  /** Keys in its static JWKS; null when they are fetched from `jwksUri`. */
  readonly keys: number | null;
  readonly revokeSeconds: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** What one received security event token became. */
export interface SetReceipt {
  readonly issuer: string;
  readonly jti: string;
  readonly transmitterId: string | null;
  /** Null once the transmitter is removed. */
  readonly transmitter: string | null;
  readonly receivedAt: string;
  readonly events: string[];
  readonly outcome: { event: string; action: 'revoke' | 'lift' | 'signal' | 'ignore'; detail: string; revision: number | null }[];
}
