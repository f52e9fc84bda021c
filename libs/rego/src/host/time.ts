/**
 * time.* host builtins. Instants are int64 nanoseconds (bigint inside, exact on the wire);
 * a time argument is `ns` or `[ns, zone]` (`[ns, zone, layout]` for time.format), zones
 * are IANA names through Intl, "" and "UTC" mean UTC and "Local" the machine's zone.
 * `time.now_ns` is the evaluation's pinned clock.
 */
import { builtinError, operandError } from './errors';
import type { HostFamily } from './impl';
import { NS_PER_SEC, UTC, WEEKDAYS, daysIn, fromCivil, inNsRange, loadZone, toCivil, type Zone } from './time-civil';
import { parseDuration } from './time-duration';
import { formatTime } from './time-format';
import { NAMED_LAYOUTS } from './time-layout';
import { parseTime } from './time-parse';
import { intArg, stringArg, typeNameOf, type Value } from './values';

const TIME_WANT = 'either number (ns) or [number (ns), string (tz)]';
const RFC3339 = NAMED_LAYOUTS.RFC3339;
const RFC3339_NANO = NAMED_LAYOUTS.RFC3339Nano;

interface ZonedTime {
  readonly ns: bigint;
  readonly zone: Zone;
  readonly layout: string;
}

/** Runs a Go-style operation and reports its error text as `<name>: <text>`. */
function attempt<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw builtinError(name, e instanceof Error ? e.message : String(e));
  }
}

/** Reads `ns` or `[ns, zone, layout?]`; OPA reports every problem here as operand 1. */
function zonedTime(name: string, v: Value): ZonedTime {
  let n: Value;
  let zone = UTC;
  let layout = '';
  if (Array.isArray(v)) {
    if (v.length === 0) throw operandError(name, 1, TIME_WANT, 'array');
    n = v[0];
    if (typeof n !== 'number' && typeof n !== 'bigint') throw operandError(name, 1, 'number', typeNameOf(n));
    if (v.length > 1) {
      const tz = stringArg(name, v[1], 1);
      zone = attempt(name, () => loadZone(tz));
    }
    if (v.length > 2) layout = stringArg(name, v[2], 1);
  } else if (typeof v === 'number' || typeof v === 'bigint') {
    n = v;
  } else {
    throw operandError(name, 1, TIME_WANT, typeNameOf(v));
  }
  return { ns: nanosOf(name, n), zone, layout };
}

/**
 * An int64 nanosecond count. Beyond 2^53 the argument arrived as a rounded double; its
 * shortest decimal text is the value the policy most likely had (exact for timestamps
 * with microsecond or coarser precision in this era), so that is what we read.
 */
function nanosOf(name: string, n: number | bigint): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isInteger(n) || n < -(2 ** 63) || n >= 2 ** 63) throw builtinError(name, 'timestamp too big');
  return Number.isSafeInteger(n) ? BigInt(n) : BigInt(String(n));
}

function safeNs(name: string, ns: bigint): bigint {
  if (!inNsRange(ns)) throw builtinError(name, 'time outside of valid range');
  return ns;
}

function unixSec(ns: bigint): number {
  const s = ns / NS_PER_SEC;
  return Number(ns < 0n && ns % NS_PER_SEC !== 0n ? s - 1n : s);
}

function parseWith(name: string, layout: string, value: string): bigint {
  return safeNs(name, attempt(name, () => parseTime(NAMED_LAYOUTS[layout] ?? layout, value)));
}

function diff(name: string, a: Value, b: Value): Value {
  const t1 = zonedTime(name, a);
  let t2 = zonedTime(name, b);
  if (t2.zone !== t1.zone) t2 = { ...t2, zone: t1.zone };
  const [x, y] = t1.ns > t2.ns ? [t2, t1] : [t1, t2];
  const c1 = toCivil(x.ns, x.zone);
  const c2 = toCivil(y.ns, y.zone);
  let [year, month, day] = [c2.year - c1.year, c2.month - c1.month, c2.day - c1.day];
  let [hour, min, sec] = [c2.hour - c1.hour, c2.minute - c1.minute, c2.second - c1.second];
  if (sec < 0) [sec, min] = [sec + 60, min - 1];
  if (min < 0) [min, hour] = [min + 60, hour - 1];
  if (hour < 0) [hour, day] = [hour + 24, day - 1];
  if (day < 0) [day, month] = [day + daysIn(c1.month, c1.year), month - 1];
  if (month < 0) [month, year] = [month + 12, year - 1];
  return [year, month, day, hour, min, sec];
}

export const TIME_BUILTINS: HostFamily = {
  'time.now_ns': (_args, ctx) => ctx.nowNs(),
  'time.parse_ns': ([layout, value]) =>
    parseWith('time.parse_ns', stringArg('time.parse_ns', layout, 1), stringArg('time.parse_ns', value, 2)),
  'time.parse_rfc3339_ns': ([value]) => parseWith('time.parse_rfc3339_ns', RFC3339, stringArg('time.parse_rfc3339_ns', value, 1)),
  'time.parse_duration_ns': ([value]) => {
    const s = stringArg('time.parse_duration_ns', value, 1);
    return attempt('time.parse_duration_ns', () => parseDuration(s));
  },
  'time.date': ([t]) => {
    const { ns, zone } = zonedTime('time.date', t);
    const c = toCivil(ns, zone);
    return [c.year, c.month, c.day];
  },
  'time.clock': ([t]) => {
    const { ns, zone } = zonedTime('time.clock', t);
    const c = toCivil(ns, zone);
    return [c.hour, c.minute, c.second];
  },
  'time.weekday': ([t]) => {
    const { ns, zone } = zonedTime('time.weekday', t);
    return WEEKDAYS[toCivil(ns, zone).weekday];
  },
  'time.format': ([t]) => {
    const { ns, zone, layout } = zonedTime('time.format', t);
    const l = layout === '' ? RFC3339_NANO : (NAMED_LAYOUTS[layout] ?? layout);
    return formatTime(toCivil(ns, zone), unixSec(ns), l);
  },
  'time.add_date': ([t, years, months, days]) => {
    const name = 'time.add_date';
    const { ns, zone } = zonedTime(name, t);
    const [y, m, d] = [intArg(name, years, 2), intArg(name, months, 3), intArg(name, days, 4)];
    const c = toCivil(ns, zone);
    const result = fromCivil(c.year + y, c.month + m, c.day + d, c.hour, c.minute, c.second, c.nanosecond, zone);
    return safeNs(name, result);
  },
  'time.diff': ([a, b]) => diff('time.diff', a, b),
};
