/**
 * Reconnect delays with "full jitter" (a uniformly random wait up to an exponentially
 * growing cap), so thousands of agents losing the same replica spread their reconnects
 * instead of arriving together.
 */
export class JitteredBackoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 250,
    private readonly maxMs = 5_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay; `atLeastMs` honours a server's retry-after hint. */
  next(atLeastMs = 0): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(atLeastMs, Math.round(this.random() * cap));
  }

  reset(): void {
    this.attempt = 0;
  }
}
