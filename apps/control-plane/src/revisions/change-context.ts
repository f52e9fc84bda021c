import type { EntityManager } from 'typeorm';
import type { RevisionKind } from './revision-log.entity';

/** An audit record collected during a change, written with the change's revision. */
export interface PendingAudit {
  readonly action: string;
  readonly resource: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The revision-log entry a change produces. */
export interface PendingLogEntry {
  readonly kind: RevisionKind;
  readonly resource: string;
  readonly payload: Record<string, unknown>;
}

/**
 * What a service sees inside a change transaction: the transaction's EntityManager (use
 * it for every query: on PGlite the pool has one connection, so a query outside the
 * transaction would wait for it forever), the revision this change will commit as, and
 * recorders for its log entry and audit events.
 */
export class ChangeContext {
  private logEntry: PendingLogEntry | null = null;
  private readonly audits: PendingAudit[] = [];

  constructor(
    readonly em: EntityManager,
    readonly revision: number,
    readonly actor: string,
    readonly now: Date,
  ) {}

  /** Records what this revision changed, as agents will receive it. Exactly once per change. */
  log(kind: RevisionKind, resource: string, payload: Record<string, unknown>): void {
    if (this.logEntry) throw new Error(`invariant: revision ${this.revision} logged twice (this is a bug)`);
    this.logEntry = { kind, resource, payload };
  }

  audit(action: string, resource: string, before: unknown, after: unknown): void {
    this.audits.push({ action, resource, before: before ?? null, after: after ?? null });
  }

  get recordedLog(): PendingLogEntry | null {
    return this.logEntry;
  }

  get recordedAudits(): readonly PendingAudit[] {
    return this.audits;
  }
}
