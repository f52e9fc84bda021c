/**
 * Decision logging off the request path: a decision is a push onto an array; a timer (or a
 * full batch) masks and batches entries, serializes each batch once, and sends the JSON
 * text over the push stream, several batches in flight at a time so that delivery keeps
 * up with thousands of decisions a second. Batches that cannot be sent go to the on-disk
 * spool (the same text) and are sent, oldest first, once the control plane acknowledges
 * again. Anything that fits neither the memory bound nor the spool is counted as dropped
 * and reported in the next batch.
 */
import { randomUUID } from 'node:crypto';
import { MAX_DECISION_BATCH, MAX_DECISION_REASONS, type DecisionLogBatch, type DecisionLogEntry } from '@vigil/contracts';
import type { Decision } from '../engine/decision';
import { masker, type Masker } from './mask';
import type { DecisionSpool } from './spool';

/** A batch serialized once: the JSON text of a DecisionLogBatch, sent and spooled as it is. */
export interface EncodedDecisionBatch {
  readonly json: string;
  /** Entries in it. */
  readonly count: number;
  /** Its `dropped` field. */
  readonly dropped: number;
}

export function encodeDecisionBatch(batch: DecisionLogBatch): EncodedDecisionBatch {
  return { json: JSON.stringify(batch), count: batch.entries.length, dropped: batch.dropped };
}

export interface DecisionLoggerOptions {
  readonly send: (batch: EncodedDecisionBatch) => Promise<boolean>;
  readonly spool?: DecisionSpool;
  readonly maskPaths?: readonly string[];
  /** Entries per batch (default and most: MAX_DECISION_BATCH). */
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  /** Batches awaiting the control plane's ack at once (default 4). */
  readonly inFlight?: number;
  /** Entries held in memory; past that they go to the spool (held once more until the batches in flight return), else are dropped. */
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
  private readonly batchSize: number;
  private readonly maxPending: number;
  /** Full pending lists waiting to be spooled (record found the memory bound reached). */
  private overflow: Pending[][] = [];
  private overflowCount = 0;
  /** Entries dropped since start (memory bound or spool full). */
  droppedTotal = 0;
  sentTotal = 0;

  constructor(private readonly opts: DecisionLoggerOptions) {
    this.mask = masker(opts.maskPaths ?? []);
    this.batchSize = Math.max(1, Math.min(opts.batchSize ?? MAX_DECISION_BATCH, MAX_DECISION_BATCH));
    this.maxPending = opts.maxPending ?? 10_000;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.flushIntervalMs ?? 250);
    this.timer.unref?.();
  }

  record(d: Decision, path: string, input: unknown): void {
    const n = this.pending.length;
    if (n >= this.maxPending) {
      // The control plane is slower than the decisions: with a spool, the held entries go to
      // disk (after the batches in flight, off the request path) rather than being dropped.
      if (this.opts.spool && this.overflowCount < this.maxPending) {
        this.overflow.push(this.pending);
        this.overflowCount += n;
        this.pending = [];
      } else {
        this.droppedSinceBatch++;
        this.droppedTotal++;
        return;
      }
    }
    this.pending.push({ d, path, input, at: Date.now() });
    // A full batch goes now rather than at the next tick: less held in memory, less to drop.
    if (n + 1 >= this.batchSize && this.timer && !this.flushing) void this.flush();
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
      this.sentTotal += b.count;
      spool!.shift();
      this.spillOverflow();
    }
    const inFlight = Math.max(1, this.opts.inFlight ?? 4);
    this.spillOverflow();
    while (this.pending.length > 0) {
      if (spool && spool.batches > 0) {
        this.park(this.nextBatch()); // keep order: older batches are still waiting
        continue;
      }
      // Up to `inFlight` batches at once (inserts are idempotent by decision id, so order
      // between them does not matter); the ones not acknowledged are parked in order.
      const wave: EncodedDecisionBatch[] = [];
      while (wave.length < inFlight && this.pending.length > 0) wave.push(this.nextBatch());
      const acked = await Promise.all(wave.map((b) => this.opts.send(b)));
      wave.forEach((b, i) => {
        if (acked[i]) this.sentTotal += b.count;
        else this.park(b);
      });
      this.spillOverflow();
    }
  }

  /** Spools what overflowed the memory bound, oldest first (what the spool cannot hold is counted as dropped). */
  private spillOverflow(): void {
    const lists = this.overflow;
    if (lists.length === 0) return;
    this.overflow = [];
    this.overflowCount = 0;
    for (const list of lists) {
      for (let i = 0; i < list.length; i += this.batchSize) this.park(this.encode(list.slice(i, i + this.batchSize)));
    }
  }

  /** The next batch, serialized once (one JSON.stringify per batch, not per entry). */
  private nextBatch(): EncodedDecisionBatch {
    const take = this.pending.length <= this.batchSize ? this.pending : this.pending.slice(0, this.batchSize);
    this.pending = take === this.pending ? [] : this.pending.slice(this.batchSize);
    return this.encode(take);
  }

  private encode(take: readonly Pending[]): EncodedDecisionBatch {
    const dropped = this.droppedSinceBatch;
    this.droppedSinceBatch = 0;
    const entries = new Array<DecisionLogEntry>(take.length);
    for (let i = 0; i < take.length; i++) entries[i] = this.entry(take[i]);
    return encodeDecisionBatch({ batch_id: randomUUID(), dropped, entries });
  }

  private entry({ d, path, input, at }: Pending): DecisionLogEntry {
    return {
      decision_id: d.decision_id,
      timestamp: this.isoTime(at),
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

  private lastAt = NaN;
  private lastIso = '';

  /** Decisions under load share their millisecond: one Date and toISOString per millisecond. */
  private isoTime(at: number): string {
    if (at !== this.lastAt) {
      this.lastAt = at;
      this.lastIso = new Date(at).toISOString();
    }
    return this.lastIso;
  }

  private park(batch: EncodedDecisionBatch): void {
    if (this.opts.spool?.append(batch)) return;
    this.droppedTotal += batch.count;
    this.droppedSinceBatch += batch.count + batch.dropped;
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
