/**
 * The freshness lease. The agent is "confirmed current" when a signed heartbeat's head is
 * at or below its applied revision; the lease then holds for `maxStalenessMs`. Confirmation
 * time is wall-clock and persisted, so a restart does not renew the lease by itself.
 */
export class FreshnessLease {
  private confirmedAt: number;

  constructor(
    readonly maxStalenessMs: number,
    confirmedAt = 0,
  ) {
    this.confirmedAt = confirmedAt;
  }

  confirm(now = Date.now()): void {
    if (now > this.confirmedAt) this.confirmedAt = now;
  }

  get lastConfirmedAt(): number {
    return this.confirmedAt;
  }

  isFresh(now = Date.now()): boolean {
    return now - this.confirmedAt <= this.maxStalenessMs;
  }

  /** Milliseconds since the last confirmation (Infinity if never). */
  ageMs(now = Date.now()): number {
    return this.confirmedAt === 0 ? Infinity : now - this.confirmedAt;
  }
}
