/**
 * Per-evaluation state shared by the host builtins of one loaded policy. OPA answers
 * `time.now_ns`, `rand.intn` and `uuid.rfc4122` consistently within one query; the
 * engine calls `begin()` before each evaluation so that the next one sees a new clock
 * and fresh random values.
 */
import type { JsonObject } from './values';

export interface EvalContext {
  /** Nanoseconds since the epoch, the same for the whole evaluation. */
  nowNs(): bigint;
  /** A value computed once per evaluation and key (random numbers, UUIDs). */
  memo<T>(key: string, make: () => T): T;
  /** Where `print` output goes. */
  print(message: string): void;
  /** What `opa.runtime()` returns. */
  readonly runtime: JsonObject;
}

export interface EvalContextOptions {
  readonly onPrint?: (message: string) => void;
  readonly runtime?: JsonObject;
  /** The wall clock in ns (tests pin it). */
  readonly clock?: () => bigint;
}

/** Wall-clock nanoseconds; sub-millisecond digits come from the monotonic clock. */
export function wallClockNs(): bigint {
  const ms = performance.timeOrigin + performance.now();
  return BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.floor((ms % 1) * 1e6));
}

export class EvaluationState implements EvalContext {
  private pinned: bigint | undefined;
  private readonly memos = new Map<string, unknown>();
  private readonly clock: () => bigint;
  private readonly onPrint: (message: string) => void;
  readonly runtime: JsonObject;

  constructor(opts: EvalContextOptions = {}) {
    this.clock = opts.clock ?? wallClockNs;
    this.onPrint = opts.onPrint ?? ((m) => process.stderr.write(`${m}\n`));
    this.runtime = opts.runtime ?? {};
  }

  /** Starts a new evaluation: pins the clock now and forgets memoised values. */
  begin(): void {
    this.pinned = this.clock();
    this.memos.clear();
  }

  nowNs(): bigint {
    // Without begin() (builtins called directly), pin at first use.
    if (this.pinned === undefined) this.pinned = this.clock();
    return this.pinned;
  }

  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = make();
    this.memos.set(key, v);
    return v;
  }

  print(message: string): void {
    this.onPrint(message);
  }
}
