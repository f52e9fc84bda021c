/**
 * Run counts and seeds for the fuzz specs. CI runs a short, fixed-seed pass (a few seconds per
 * spec); `FUZZ_RUNS=100000` (and optionally `FUZZ_SEED=<n>`) makes a long run. Long runs of the
 * compiler fuzzer are better done with `node dist/libs/rego/src/fuzz/main.js`, which bounds
 * each case with a worker-thread timeout.
 */
export interface FuzzParams {
  readonly numRuns: number;
  readonly seed: number;
}

/** `ciRuns` unless FUZZ_RUNS is set; the seed is fixed unless FUZZ_SEED is set. */
export function fuzzParams(ciRuns: number, ciSeed = 20261123): FuzzParams {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: Number.isFinite(runs) && runs > 0 ? runs : ciRuns, seed: Number.isFinite(seed) ? seed : ciSeed };
}

/** Long runs need a longer jest timeout: about 50 ms a case, at least a minute. */
export function fuzzTimeoutMs(p: FuzzParams): number {
  return Math.max(60_000, p.numRuns * 50);
}
