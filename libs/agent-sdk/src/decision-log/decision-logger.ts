/**
 * Decision logging off the request path: a decision is a push onto an array; a timer masks
 * and batches entries and sends them over the push stream. Batches that cannot be sent go
 * to the on-disk spool and are sent, oldest first, once the control plane acknowledges
 * again. Anything that fits neither the memory bound nor the spool is counted as dropped
 * and reported in the next batch.
 */
import { randomUUID } from 'node:crypto';
import { MAX_DECISION_REASONS, type DecisionLogBatch, type DecisionLogEntry } from '@vigil/contracts';
import type { Decision } from '../engine/decision';
import { masker, type Masker } from './mask';
import type { DecisionSpool } from './spool';

export interface DecisionLoggerOptions {
  readonly send: (batch: DecisionLogBatch) => Promise<boolean>;
  readonly spool?: DecisionSpool;
  readonly maskPaths?: readonly string[];
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  /** Entries held in memory before new ones are dropped. */
  readonly maxPending?: number;
}

interface Pending {
  readonly d: Decision;
  readonly path: string;
  readonly input: unknown;
  readonly at: number;
}

export class DecisionLogger {
  private pending: Pending[] = [];
  private droppedSinceBatch = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly mask: Masker;
  /** Entries dropped since start (memory bound or spool full). */
  droppedTotal = 0;
  sentTotal = 0;

  constructor(private readonly opts: DecisionLoggerOptions) {
    this.mask = masker(opts.maskPaths ?? []);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.flushIntervalMs ?? 250);
    this.timer.unref?.();
  }

  record(d: Decision, path: string, input: unknown): void {
    if (this.pending.length >= (this.opts.maxPending ?? 10_000)) {
      this.droppedSinceBatch++;
      this.droppedTotal++;
      return;
    }
    this.pending.push({ d, path, input, at: Date.now() });
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get spooledBatches(): number {
    return this.opts.spool?.batches ?? 0;
  }

  /** Sends spooled batches then pending entries; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    const spool = this.opts.spool;
    for (let b = spool?.peek(); b; b = spool?.peek()) {
      if (!(await this.opts.send(b))) break;
      this.sentTotal += b.entries.length;
      spool!.shift();
    }
    while (this.pending.length > 0) {
      const batch = this.nextBatch();
      if (spool && spool.batches > 0) {
        this.park(batch); // keep order: older batches are still waiting
        continue;
      }
      if (await this.opts.send(batch)) this.sentTotal += batch.entries.length;
      else this.park(batch);
    }
  }

  private nextBatch(): DecisionLogBatch {
    const take = this.pending.splice(0, this.opts.batchSize ?? 500);
    const dropped = this.droppedSinceBatch;
    this.droppedSinceBatch = 0;
    return { batch_id: randomUUID(), dropped, entries: take.map((p) => this.entry(p)) };
  }

  private entry({ d, path, input, at }: Pending): DecisionLogEntry {
    return {
      decision_id: d.decision_id,
      timestamp: new Date(at).toISOString(),
      path,
      input: this.mask(input) ?? null,
      result: d.result ?? null,
      allowed: d.allowed,
      reason: d.reason,
      outcome: d.outcome,
      reasons: reasonsOf(d),
      revision: d.revision,
      bundle_sha256: d.bundle_sha256,
      latency_us: d.latency_us,
    };
  }

  private park(batch: DecisionLogBatch): void {
    if (this.opts.spool?.append(batch)) return;
    this.droppedTotal += batch.entries.length;
    this.droppedSinceBatch += batch.entries.length + batch.dropped;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

const NO_REASONS: readonly string[] = Object.freeze([]);
/** Longest reason text logged (a policy's reasons are its own strings). */
const MAX_REASON_CHARS = 1000;

/** The policy's reasons, or the agent's explanation when it denied first (revoked, stale, ...). */
function reasonsOf(d: Decision): readonly string[] {
  const list = d.adaptive?.reasons ?? (d.message ? [d.message] : NO_REASONS);
  if (list.length === 0) return NO_REASONS;
  return list.slice(0, MAX_DECISION_REASONS).map((r) => (r.length > MAX_REASON_CHARS ? `${r.slice(0, MAX_REASON_CHARS - 1)}…` : r));
}
