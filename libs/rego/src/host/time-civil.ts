/**
 * Civil time for the time builtins: instants are bigint nanoseconds since the Unix
 * epoch (OPA's int64 range), zones come from Node's Intl (IANA tzdata), and calendar
 * arithmetic is the proleptic Gregorian calendar with Go's normalisation rules
 * (month 13 is January of the next year, day 0 is the last day of the previous month).
 */

export const NS_PER_SEC = 1_000_000_000n;
export const MIN_NS = -(2n ** 63n);
export const MAX_NS = 2n ** 63n - 1n;

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A time zone: its UTC offset (seconds east) and abbreviation at a Unix second. */
export interface Zone {
  readonly name: string;
  offsetAt(unixSec: number): number;
  abbreviationAt(unixSec: number): string;
}

/** A zone with a constant offset (UTC, or what a parsed `-0700` stands for). */
export function fixedZone(name: string, offset: number): Zone {
  return { name, offsetAt: () => offset, abbreviationAt: () => name };
}

export const UTC = fixedZone('UTC', 0);

const zoneCache = new Map<string, Zone>();

/**
 * The zone named as OPA accepts it: "" and "UTC" are UTC, "Local" is the machine's zone,
 * anything else an IANA name. Throws Go's "unknown time zone <name>" for other names.
 */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  const cached = zoneCache.get(name);
  if (cached) return cached;
  const iana = name === 'Local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : name;
  let parts: Intl.DateTimeFormat;
  let abbrev: Intl.DateTimeFormat;
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    abbrev = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'short' });
  } catch {
    throw new Error(`unknown time zone ${name}`);
  }
  const zone = intlZone(name, parts, abbrev);
  zoneCache.set(name, zone);
  return zone;
}

function intlZone(name: string, fmt: Intl.DateTimeFormat, abbrevFmt: Intl.DateTimeFormat): Zone {
  const offsetAt = (unixSec: number): number => {
    const f: Record<string, string> = {};
    for (const p of fmt.formatToParts(new Date(unixSec * 1000))) f[p.type] = p.value;
    const year = f.era === 'BC' || f.era === 'B' ? 1 - Number(f.year) : Number(f.year);
    const local = daysFromCivil(year, Number(f.month), Number(f.day)) * 86400 + Number(f.hour) * 3600 + Number(f.minute) * 60 + Number(f.second);
    return local - unixSec;
  };
  const abbreviationAt = (unixSec: number): string => {
    const part = abbrevFmt.formatToParts(new Date(unixSec * 1000)).find((p) => p.type === 'timeZoneName');
    return part?.value ?? name;
  };
  return { name, offsetAt, abbreviationAt };
}

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, any day). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** An instant seen in a zone: calendar fields plus the zone's offset and abbreviation then. */
export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanosecond: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  /** 1..366. */
  readonly yearDay: number;
  readonly offset: number;
  readonly zone: Zone;
}

export function toCivil(ns: bigint, zone: Zone): Civil {
  let sec = ns / NS_PER_SEC;
  let nanos = ns % NS_PER_SEC;
  if (nanos < 0n) {
    nanos += NS_PER_SEC;
    sec -= 1n;
  }
  const unix = Number(sec);
  const offset = zone.offsetAt(unix);
  const local = unix + offset;
  const days = floorDiv(local, 86400);
  const sod = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    nanosecond: Number(nanos),
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    zone,
  };
}

/**
 * The instant of a civil time in a zone, normalising out-of-range fields as Go's
 * time.Date does. Around a zone transition the offset valid at the result wins.
 */
export function fromCivil(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nanosecond: number,
  zone: Zone,
): bigint {
  const m0 = month - 1;
  const y = year + floorDiv(m0, 12);
  const mo = m0 - floorDiv(m0, 12) * 12 + 1;
  const days = daysFromCivil(y, mo, 1) + day - 1;
  let local = BigInt(days) * 86400n + BigInt(hour) * 3600n + BigInt(minute) * 60n + BigInt(second);
  const nsec = BigInt(nanosecond);
  local += nsec / NS_PER_SEC - (nsec % NS_PER_SEC < 0n ? 1n : 0n);
  const nsRem = ((nsec % NS_PER_SEC) + NS_PER_SEC) % NS_PER_SEC;
  const guess = zone.offsetAt(Number(local));
  let offset = guess;
  if (guess !== 0) {
    const actual = zone.offsetAt(Number(local) - guess);
    if (actual !== guess) offset = actual;
  }
  return (local - BigInt(offset)) * NS_PER_SEC + nsRem;
}

/** OPA's int64 window for results. */
export function inNsRange(ns: bigint): boolean {
  return ns >= MIN_NS && ns <= MAX_NS;
}
