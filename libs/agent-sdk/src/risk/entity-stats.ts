/**
 * Sliding-window counters and EWMA baselines for one kind of entity (subjects, or calling
 * services), in fixed memory: every field is a typed array indexed by the entity's slot in
 * a bounded LRU table, so 100,000 subjects cost a few tens of MB and a request is a
 * handful of array writes (no objects per request).
 *
 * Windows: time is cut into buckets of `windowMs`; the "last window" is the previous
 * bucket weighted by how much of it still lies within `windowMs` plus the current one
 * (the classic sliding-window approximation). When a bucket closes, its counts update the
 * baseline: μ ← μ + α(x − μ), σ² ← (1 − α)(σ² + α(x − μ)²), with x clipped to μ + 3σ so
 * one burst cannot teach the baseline that bursts are normal.
 */
import { SlotTable } from './slot-table';
import { FEATURE_FLOOR, FEATURE_PRIOR, FEATURES, W_ORIGIN, contribution, featureReason, squash, zScore } from './risk-score';

const NF = FEATURES.length; // request_rate, deny_rate, distinct_resources
const ORIGINS = 4;
/** Empty buckets folded at most when an entity comes back after a long gap (the baseline has decayed by then). */
const MAX_GAP_FOLD = 32;

export interface EntityStatsOptions {
  readonly capacity: number;
  readonly windowMs: number;
  readonly alpha: number;
  /** How long an origin must have been known before it counts as usual. */
  readonly originSettleMs: number;
}

/** Distinct values from a 32-bit linear-counting bitmap. */
function distinct(bits: number): number {
  let v = bits - ((bits >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  const ones = (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  const zeros = 32 - ones;
  return zeros === 0 ? 32 * Math.log(32) : -32 * Math.log(zeros / 32);
}

export class EntityStats {
  readonly table: SlotTable;
  private readonly bucket: Float64Array;
  private readonly curReq: Float32Array;
  private readonly curDeny: Float32Array;
  private readonly prevReq: Float32Array;
  private readonly prevDeny: Float32Array;
  private readonly curBits: Int32Array;
  private readonly prevBits: Int32Array;
  private readonly mean: Float32Array;
  private readonly vari: Float32Array;
  private readonly originHash: Int32Array;
  private readonly originSince: Float64Array;
  private readonly originNext: Uint8Array;
  private readonly newOriginAt: Float64Array;
  /** Slots seen since the last report (ring + membership flags), and what was last reported. */
  private readonly touchedFlag: Uint8Array;
  private readonly touchedRing: Int32Array;
  private touchedCount = 0;
  readonly reported: Float32Array;
  /** Per-feature z of the last `score` call, and whether the last observed origin is usual. */
  readonly lastZ = new Float64Array(NF);
  lastUsualOrigin = true;
  /** Reasons of risky slots, rebuilt when the score moves or after a second (formatting is the costly part). */
  private readonly reasonCache = new Map<number, { score: number; at: number; reasons: string[] }>();
  /** A risky slot's reasons as JSON (see RiskEngine), under the same reuse rule. */
  private readonly jsonCache = new Map<number, { score: number; at: number; json: string }>();

  constructor(private readonly opts: EntityStatsOptions) {
    const n = opts.capacity;
    this.bucket = new Float64Array(n);
    this.curReq = new Float32Array(n);
    this.curDeny = new Float32Array(n);
    this.prevReq = new Float32Array(n);
    this.prevDeny = new Float32Array(n);
    this.curBits = new Int32Array(n);
    this.prevBits = new Int32Array(n);
    this.mean = new Float32Array(n * NF);
    this.vari = new Float32Array(n * NF);
    this.originHash = new Int32Array(n * ORIGINS);
    this.originSince = new Float64Array(n * ORIGINS);
    this.originNext = new Uint8Array(n);
    this.newOriginAt = new Float64Array(n);
    this.touchedFlag = new Uint8Array(n);
    this.touchedRing = new Int32Array(n);
    this.reported = new Float32Array(n);
    this.table = new SlotTable(n, (slot) => this.reset(slot));
  }

  private reset(slot: number): void {
    this.bucket[slot] = -1;
    this.curReq[slot] = this.curDeny[slot] = this.prevReq[slot] = this.prevDeny[slot] = 0;
    this.curBits[slot] = this.prevBits[slot] = 0;
    for (let f = 0; f < NF; f++) {
      this.mean[slot * NF + f] = FEATURE_PRIOR[FEATURES[f]][0];
      this.vari[slot * NF + f] = FEATURE_PRIOR[FEATURES[f]][1];
    }
    this.originHash.fill(0, slot * ORIGINS, slot * ORIGINS + ORIGINS);
    this.originSince.fill(0, slot * ORIGINS, slot * ORIGINS + ORIGINS);
    this.originNext[slot] = 0;
    this.newOriginAt[slot] = 0;
    this.reported[slot] = 0;
    this.reasonCache.delete(slot);
    this.jsonCache.delete(slot);
    // A recycled slot may still sit in the touched ring under its old key; it is simply reported under the new one.
  }

  /** Counts a request (origin and resource hashes, 0 when unknown) and returns the entity's slot. */
  observe(key: string, originHash: number, resourceHash: number, now: number): number {
    const slot = this.table.acquire(key);
    this.roll(slot, now);
    this.curReq[slot]++;
    if (resourceHash !== 0) this.curBits[slot] |= 1 << (resourceHash & 31);
    this.lastUsualOrigin = originHash === 0 ? true : this.seeOrigin(slot, originHash, now);
    this.touch(slot);
    return slot;
  }

  /** Counts a denied request for an entity `observe` returned. */
  deny(slot: number): void {
    this.curDeny[slot]++;
  }

  /** The local score of a slot now; also leaves each feature's z in `lastZ`. */
  score(slot: number, now: number): number {
    this.roll(slot, now);
    const w = this.opts.windowMs;
    const keep = 1 - (now - this.bucket[slot] * w) / w;
    const x0 = this.prevReq[slot] * keep + this.curReq[slot];
    const x1 = this.prevDeny[slot] * keep + this.curDeny[slot];
    const x2 = this.curReq[slot] + this.prevReq[slot] > 0 ? distinct(this.prevBits[slot] | this.curBits[slot]) : 0;
    const m = slot * NF;
    const z = this.lastZ;
    z[0] = zScore(x0, this.mean[m], this.vari[m], FEATURE_FLOOR.request_rate);
    z[1] = zScore(x1, this.mean[m + 1], this.vari[m + 1], FEATURE_FLOOR.deny_rate);
    z[2] = zScore(x2, this.mean[m + 2], this.vari[m + 2], FEATURE_FLOOR.distinct_resources);
    let s = contribution('request_rate', z[0]) + contribution('deny_rate', z[1]) + contribution('distinct_resources', z[2]);
    if (this.newOriginAt[slot] > 0 && now - this.newOriginAt[slot] < w) s += W_ORIGIN;
    return squash(s);
  }

  /** `reasons`, reused while the score stays within 0.01 of when they were built (for at most a second). */
  cachedReasons(slot: number, now: number, score: number): string[] {
    const hit = this.reasonCache.get(slot);
    if (hit && Math.abs(hit.score - score) < 0.01 && now - hit.at < 1000) return hit.reasons;
    const reasons = this.reasons(slot, now);
    if (this.reasonCache.size >= 10_000) this.reasonCache.clear();
    this.reasonCache.set(slot, { score, at: now, reasons });
    return reasons;
  }

  /** A JSON rendering of the slot at `score`, reused like `cachedReasons`. */
  cachedJson(slot: number, now: number, score: number, build: () => string): string {
    const hit = this.jsonCache.get(slot);
    if (hit && Math.abs(hit.score - score) < 0.01 && now - hit.at < 1000) return hit.json;
    const json = build();
    if (this.jsonCache.size >= 10_000) this.jsonCache.clear();
    this.jsonCache.set(slot, { score, at: now, json });
    return json;
  }

  /** Why a slot scores what it does (only built for a score above zero). */
  reasons(slot: number, now: number): string[] {
    this.score(slot, now);
    const w = this.opts.windowMs;
    const keep = 1 - (now - this.bucket[slot] * w) / w;
    const xs = [this.prevReq[slot] * keep + this.curReq[slot], this.prevDeny[slot] * keep + this.curDeny[slot], distinct(this.prevBits[slot] | this.curBits[slot])];
    const out: { c: number; text: string }[] = [];
    for (let f = 0; f < NF; f++) {
      const c = contribution(FEATURES[f], this.lastZ[f]);
      if (c > 0) out.push({ c, text: featureReason(FEATURES[f], xs[f], this.mean[slot * NF + f], this.vari[slot * NF + f], this.lastZ[f], w) });
    }
    if (this.newOriginAt[slot] > 0 && now - this.newOriginAt[slot] < w) out.push({ c: W_ORIGIN, text: `new_origin: a request came from an origin not seen before, in the last ${w / 1000}s` });
    return out.sort((a, b) => b.c - a.c).map((r) => r.text);
  }

  /** Moves the slot's windows to `now`, folding closed buckets into the baseline. */
  private roll(slot: number, now: number): void {
    const b = Math.floor(now / this.opts.windowMs);
    const at = this.bucket[slot];
    if (b === at) return;
    if (at >= 0 && b > at) {
      this.fold(slot, this.curReq[slot], this.curDeny[slot], this.curBits[slot] === 0 ? 0 : distinct(this.curBits[slot]));
      const gap = Math.min(b - at - 1, MAX_GAP_FOLD);
      for (let i = 0; i < gap; i++) this.fold(slot, 0, 0, 0);
      const adjacent = b === at + 1;
      this.prevReq[slot] = adjacent ? this.curReq[slot] : 0;
      this.prevDeny[slot] = adjacent ? this.curDeny[slot] : 0;
      this.prevBits[slot] = adjacent ? this.curBits[slot] : 0;
    }
    // b < at only if the clock went back: start the bucket again rather than corrupt the baseline.
    this.curReq[slot] = this.curDeny[slot] = 0;
    this.curBits[slot] = 0;
    this.bucket[slot] = b;
  }

  private fold(slot: number, x0: number, x1: number, x2: number): void {
    const a = this.opts.alpha;
    const m = slot * NF;
    for (let f = 0; f < NF; f++) {
      const mean = this.mean[m + f];
      const sd = Math.sqrt(this.vari[m + f]);
      const raw = f === 0 ? x0 : f === 1 ? x1 : x2;
      const x = Math.min(raw, mean + 3 * (sd + FEATURE_FLOOR[FEATURES[f]]));
      const diff = x - mean;
      const inc = a * diff;
      this.mean[m + f] = mean + inc;
      this.vari[m + f] = (1 - a) * (this.vari[m + f] + diff * inc);
    }
  }

  /** Whether an origin is usual for the slot; records it (and the time it is first seen). */
  private seeOrigin(slot: number, hash: number, now: number): boolean {
    const base = slot * ORIGINS;
    const settle = this.opts.originSettleMs;
    let settled = false;
    let found = -1;
    for (let i = 0; i < ORIGINS; i++) {
      const since = this.originSince[base + i];
      if (since > 0 && now - since >= settle) settled = true;
      if (this.originHash[base + i] === hash && since > 0) found = i;
    }
    let usual: boolean;
    if (found >= 0) usual = now - this.originSince[base + found] >= settle || !settled;
    else {
      usual = !settled; // with nothing settled yet there is no pattern to break
      const i = this.originNext[slot];
      this.originHash[base + i] = hash;
      this.originSince[base + i] = now;
      this.originNext[slot] = (i + 1) % ORIGINS;
    }
    if (!usual) this.newOriginAt[slot] = now;
    return usual;
  }

  private touch(slot: number): void {
    if (this.touchedFlag[slot]) return;
    this.touchedFlag[slot] = 1;
    if (this.touchedCount < this.touchedRing.length) this.touchedRing[this.touchedCount++] = slot;
  }

  /**
   * Hands every slot seen since the last call to `fn`, oldest first (the reporter's drain).
   * `fn` answering false stops the drain there: that slot and the ones after it stay touched
   * for the next call (a report that is full does not lose them).
   */
  drainTouched(fn: (slot: number, key: string) => boolean | void): void {
    const n = this.touchedCount;
    let i = 0;
    for (; i < n; i++) {
      const slot = this.touchedRing[i];
      const key = this.table.keyOf(slot);
      if (key !== null && fn(slot, key) === false) break;
      this.touchedFlag[slot] = 0;
    }
    this.touchedRing.copyWithin(0, i, n);
    this.touchedCount = n - i;
  }
}
