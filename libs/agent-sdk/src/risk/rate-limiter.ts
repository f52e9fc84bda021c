/**
 * Token buckets for `limit` results: one bucket per key (subject, service, or the pair, as
 * the policy's `limit.per` says), `rate` tokens per second up to `burst`, refilled lazily
 * on use. Buckets live in a bounded LRU table (two Float64Arrays), so a flood of distinct
 * keys costs fixed memory; an evicted bucket starts full again, which only ever errs
 * towards the burst the policy already allows.
 */
import { SlotTable } from './slot-table';

export class RateLimiter {
  private readonly tokens: Float64Array;
  private readonly last: Float64Array;
  private readonly table: SlotTable;

  constructor(capacity = 100_000) {
    this.tokens = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.table = new SlotTable(capacity, (slot) => {
      this.tokens[slot] = -1; // "full" once the burst is known
      this.last[slot] = 0;
    });
  }

  get size(): number {
    return this.table.size;
  }

  /** Takes one token; returns 0 when granted, else the seconds until one is available. */
  take(key: string, rate: number, burst: number, now: number): number {
    const slot = this.table.acquire(key);
    let t = this.tokens[slot];
    if (t < 0) t = burst;
    else t = Math.min(burst, t + ((now - this.last[slot]) / 1000) * rate);
    this.last[slot] = now;
    if (t >= 1) {
      this.tokens[slot] = t - 1;
      return 0;
    }
    this.tokens[slot] = t;
    return (1 - t) / rate;
  }
}
