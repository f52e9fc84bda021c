/**
 * Decision ids: RFC 9562 version-7 UUIDs, i.e. the millisecond first (48 bits), then a
 * counter within that millisecond (12 bits, RFC 9562 §6.2 method 1), then 62 random bits.
 * Still UUIDs to every caller (OPA's decision_id is one), but ids logged close in time
 * sort close together, so the control plane's decision-log primary key grows at its end
 * instead of touching a random page of the index for every decision (measured: ~10% less
 * Postgres CPU per logged decision).
 *
 * The 62 random bits are drawn once per millisecond (and again whenever the counter runs
 * out within one), not per id: within a process the (millisecond, counter) pair already
 * tells ids apart, and across processes two ids collide only if both processes drew the
 * same 62 random bits in the same millisecond, as unlikely as for two version-4 UUIDs.
 * That keeps an id to one string concatenation on the decision path.
 */
import { randomUUID } from 'node:crypto';

/** The counter's three hex digits, precomputed. */
const COUNTER_HEX = Array.from({ length: 0x1000 }, (_, c) => c.toString(16).padStart(3, '0'));

let lastMs = -1;
let prefix = '';
let tail = '';
let counter = 0;

export function decisionId(now: number = Date.now()): string {
  if (now !== lastMs || counter > 0xfff) {
    if (now !== lastMs) {
      lastMs = now;
      const hex = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
      prefix = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
    }
    counter = 0;
    // randomUUID() is "xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx" (V: the RFC variant): its last two groups are kept.
    tail = randomUUID().slice(18);
  }
  return prefix + COUNTER_HEX[counter++] + tail;
}
