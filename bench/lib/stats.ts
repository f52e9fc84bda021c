/**
 * Small helpers shared by the benchmarks. Our machines are 2 noisy cores, so every
 * bench measures its baseline in the same run, interleaving baseline and subject in
 * rounds, and reports ratios plus p50/p99.
 */

export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, mean, p50: at(0.5), p99: at(0.99), min: s[0] ?? 0 };
}

/** Times `fn` per call in microseconds, `n` calls. */
export function timeCalls(fn: () => void, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out;
}

/**
 * Runs baseline and subject in alternating rounds so that noise hits both alike;
 * returns per-call samples (µs) for each.
 */
export function interleave(baseline: () => void, subject: () => void, rounds: number, perRound: number): { baseline: number[]; subject: number[] } {
  const b: number[] = [];
  const s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    b.push(...timeCalls(baseline, perRound));
    s.push(...timeCalls(subject, perRound));
  }
  return { baseline: b, subject: s };
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Prints the figures as the last line of output, as every bench must. */
export function emitJson(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
