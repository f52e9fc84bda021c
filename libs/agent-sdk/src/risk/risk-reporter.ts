/**
 * Sends the agent's risk scores to the control plane, off the request path: every
 * `intervalMs` it collects the subjects and services whose score moved noticeably since
 * their last report and sends them as one batch. Entries that could not be sent wait (the
 * newest score per entity, bounded) and go with the next batch; the control plane
 * aggregates them across the fleet and pushes the result back as `risk` revisions.
 */
import { randomUUID } from 'node:crypto';
import { MAX_RISK_REPORT, type RiskReportBatch, type RiskReportEntry } from '@vigil/contracts';
import type { RiskEngine } from './risk-engine';

export class RiskReporter {
  private readonly pending = new Map<string, RiskReportEntry>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  sentTotal = 0;
  droppedTotal = 0;

  constructor(
    private readonly risk: RiskEngine,
    private readonly send: (batch: RiskReportBatch) => Promise<boolean>,
    private readonly intervalMs = 1000,
    private readonly maxPending = 10_000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Collects changed scores and sends what is pending; one send at a time. */
  flush(now = Date.now()): Promise<void> {
    for (const e of this.risk.collectReport(now, MAX_RISK_REPORT)) {
      const key = `${e.target}:${e.value}`;
      if (this.pending.size >= this.maxPending && !this.pending.has(key)) this.droppedTotal++;
      else this.pending.set(key, e);
    }
    if (this.sending || this.pending.size === 0) return this.sending ?? Promise.resolve();
    const entries = [...this.pending.values()].slice(0, MAX_RISK_REPORT);
    this.sending = this.send({ batch_id: randomUUID(), at: now, entries })
      .then((ok) => {
        if (!ok) return;
        this.sentTotal += entries.length;
        // A newer score for the same entity may have arrived meanwhile: keep that one.
        for (const e of entries) if (this.pending.get(`${e.target}:${e.value}`) === e) this.pending.delete(`${e.target}:${e.value}`);
      })
      .finally(() => (this.sending = null));
    return this.sending;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sending;
  }
}
