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
  return wallClockNsAt(performance.now());
}

/** `wallClockNs()` as it was when `performance.now()` read `monotonicMs`. */
function wallClockNsAt(monotonicMs: number): bigint {
  const ms = performance.timeOrigin + monotonicMs;
  return BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.floor((ms % 1) * 1e6));
}

export class EvaluationState implements EvalContext {
  private pinned: bigint | undefined;
  /** With the default clock, begin() only reads the monotonic clock; the bigint is made if a builtin asks. */
  private startedAt = -1;
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
    if (this.clock === wallClockNs) {
      this.pinned = undefined;
      this.startedAt = performance.now();
    } else {
      this.pinned = this.clock();
    }
    if (this.memos.size > 0) this.memos.clear();
  }

  nowNs(): bigint {
    if (this.pinned === undefined) {
      // The time begin() read; without begin() (builtins called directly), pin at first use.
      this.pinned = this.startedAt >= 0 ? wallClockNsAt(this.startedAt) : this.clock();
      this.startedAt = -1;
    }
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
