/** Requests waiting for the agent to reach a revision (`min_revision`), released as revisions apply. */
export class RevisionWaiters {
  private waiting: { revision: number; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }[] = [];

  /** Resolves true once `applied()` reaches `revision`, false after `timeoutMs`. */
  wait(revision: number, applied: () => number, timeoutMs: number): Promise<boolean> {
    if (applied() >= revision) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        revision,
        resolve,
        timer: setTimeout(() => {
          this.waiting = this.waiting.filter((w) => w !== entry);
          resolve(false);
        }, timeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Called after each applied revision. */
  reached(applied: number): void {
    if (this.waiting.length === 0) return;
    const keep: typeof this.waiting = [];
    for (const w of this.waiting) {
      if (w.revision <= applied) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else keep.push(w);
    }
    this.waiting = keep;
  }

  get size(): number {
    return this.waiting.length;
  }

  cancelAll(): void {
    for (const w of this.waiting) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiting = [];
  }
}
