/**
 * Limits how many agents a replica admits at once (authenticating or catching up), so a
 * restart that reconnects thousands of agents becomes a queue, not a storm. Refused agents
 * get a jittered retry-after hint on top of their own jittered backoff.
 */
export class AdmissionGate {
  private inFlight = 0;

  constructor(
    private readonly max: number,
    private readonly retryBaseMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** A release function, or null with the suggested wait when full. */
  tryEnter(): { release: () => void } | { retryAfterMs: number } {
    if (this.inFlight >= this.max) return { retryAfterMs: Math.round(this.retryBaseMs * (1 + this.random())) };
    this.inFlight++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
      },
    };
  }

  get active(): number {
    return this.inFlight;
  }
}
