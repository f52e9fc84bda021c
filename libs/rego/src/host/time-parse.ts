/**
 * Parsing text with a Go layout (time.parse_ns, time.parse_rfc3339_ns), with Go's
 * rules and error texts: omitted fields default to year 0, January 1, midnight UTC;
 * a fraction after seconds is accepted even when the layout has none; zone names other
 * than UTC and GMT±h mean offset 0.
 */
import { MONTHS, UTC, WEEKDAYS, daysIn, fixedZone, fromCivil } from './time-civil';
import { nextChunk, type Field } from './time-layout';

/** Go's quoting of the pieces in a parse error. */
function quote(s: string): string {
  return JSON.stringify(s);
}

class ParseFailure extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message = ''): ParseFailure {
  if (message === '') {
    return new ParseFailure(
      `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`,
    );
  }
  return new ParseFailure(`parsing time ${quote(value)}${message}`);
}

const BAD = Symbol('bad');
const isDigit = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

/** One or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | typeof BAD {
  if (!isDigit(s, 0)) return BAD;
  if (!isDigit(s, 1)) return fixed ? BAD : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] | typeof BAD {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + Number(s[i]);
  if (i === 0 || (fixed && i !== 3)) return BAD;
  return [n, s.slice(i)];
}

/** Case-insensitive prefix match against a list of names; returns the index. */
function lookup(names: readonly string[], s: string): [number, string] | typeof BAD {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (s.length >= n.length && s.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, s.slice(n.length)];
  }
  return BAD;
}

/** Skips a literal layout prefix; runs of spaces match runs of spaces. */
function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return [value, false];
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

/** Length of a zone abbreviation at the start of s (MST, CEST, GMT+3, ...), or 0. */
function zoneNameLength(s: string): number {
  if (s.length < 3) return 0;
  if (s.startsWith('ChST') || s.startsWith('MeST')) return 4;
  if (s.startsWith('GMT')) {
    const m = /^GMT([+-]\d{1,2})?/.exec(s);
    return m ? m[0].length : 3;
  }
  let upper = 0;
  while (upper < s.length && s[upper] >= 'A' && s[upper] <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (s[3] === 'T' || s.startsWith('WIT'))) return 4;
  if (upper === 5 && s[4] === 'T') return 5;
  return 0;
}

interface State {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  pm?: boolean;
  am?: boolean;
  utc: boolean;
  offset?: number;
  zoneName?: string;
}

/** Parses `.123` (n bytes including the separator) into nanoseconds. */
function nanos(value: string, n: number): number | typeof BAD {
  if (value[0] !== '.' && value[0] !== ',') return BAD;
  const digits = value.slice(1, Math.min(n, 10));
  if (!/^\d+$/.test(digits)) return BAD;
  return Number(digits.padEnd(9, '0'));
}

type Step = { rest: string } | { bad: true } | { range: string; rest: string };

function numberField(st: State, value: string, field: Field): Step {
  const fixed = field.startsWith('zero');
  const r = getnum(value, fixed);
  if (r === BAD) return { bad: true };
  const [n, rest] = r;
  switch (field) {
    case 'numMonth':
    case 'zeroMonth':
      st.month = n;
      return n < 1 || n > 12 ? { range: 'month', rest } : { rest };
    case 'hour12':
    case 'zeroHour12':
      st.hour = n;
      return n > 12 ? { range: 'hour', rest } : { rest };
    case 'minute':
    case 'zeroMinute':
      st.minute = n;
      return n > 59 ? { range: 'minute', rest } : { rest };
    default:
      st.day = n;
      return { rest };
  }
}

function secondField(st: State, value: string, field: Field, layoutRest: string): Step {
  const r = getnum(value, field === 'zeroSecond');
  if (r === BAD) return { bad: true };
  const n = r[0];
  let rest = r[1];
  st.second = n;
  if (n > 59) return { range: 'second', rest };
  // A fraction the layout does not mention is still accepted after the seconds.
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    const next = nextChunk(layoutRest).field;
    if (next !== 'fracSecond0' && next !== 'fracSecond9') {
      let k = 2;
      while (isDigit(rest, k)) k++;
      const ns = nanos(rest, k);
      if (ns === BAD) return { bad: true };
      st.nsec = ns;
      rest = rest.slice(k);
    }
  }
  return { rest };
}

function offsetField(st: State, value: string, field: Field): Step {
  if (field.startsWith('iso8601') && value[0] === 'Z') {
    st.utc = true;
    return { rest: value.slice(1) };
  }
  let parts: [string, string, string, string, string];
  const colon = field === 'iso8601ColonTZ' || field === 'numColonTZ';
  const short = field === 'iso8601ShortTZ' || field === 'numShortTZ';
  const colonSec = field === 'iso8601ColonSecondsTZ' || field === 'numColonSecondsTZ';
  const sec = field === 'iso8601SecondsTZ' || field === 'numSecondsTz';
  if (colon) {
    if (value.length < 6 || value[3] !== ':') return { bad: true };
    parts = [value[0], value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
  } else if (short) {
    if (value.length < 3) return { bad: true };
    parts = [value[0], value.slice(1, 3), '00', '00', value.slice(3)];
  } else if (colonSec) {
    if (value.length < 9 || value[3] !== ':' || value[6] !== ':') return { bad: true };
    parts = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
  } else if (sec) {
    if (value.length < 7) return { bad: true };
    parts = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
  } else {
    if (value.length < 5) return { bad: true };
    parts = [value[0], value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
  }
  const [sign, hh, mm, ss, rest] = parts;
  if (![hh, mm, ss].every((p) => /^\d\d$/.test(p)) || (sign !== '+' && sign !== '-')) return { bad: true };
  const [h, m, s] = [Number(hh), Number(mm), Number(ss)];
  if (h > 24) return { range: 'time zone offset hour', rest };
  if (m > 60) return { range: 'time zone offset minute', rest };
  if (s > 60) return { range: 'time zone offset second', rest };
  const off = (h * 60 + m) * 60 + s;
  st.offset = sign === '-' ? -off : off;
  return { rest };
}

function parseField(st: State, value: string, field: Field, digits: number, layoutRest: string): Step {
  switch (field) {
    case 'year': {
      if (value.length < 2 || !/^\d\d/.test(value)) return { bad: true };
      const y = Number(value.slice(0, 2));
      st.year = y >= 69 ? y + 1900 : y + 2000;
      return { rest: value.slice(2) };
    }
    case 'longYear':
      if (value.length < 4 || !/^\d{4}/.test(value)) return { bad: true };
      st.year = Number(value.slice(0, 4));
      return { rest: value.slice(4) };
    case 'month':
    case 'longMonth': {
      const names = field === 'month' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
      const r = lookup(names, value);
      if (r === BAD) return { bad: true };
      st.month = r[0] + 1;
      return { rest: r[1] };
    }
    case 'weekDay':
    case 'longWeekDay': {
      const r = lookup(field === 'weekDay' ? WEEKDAYS.map((d) => d.slice(0, 3)) : WEEKDAYS, value);
      return r === BAD ? { bad: true } : { rest: r[1] };
    }
    case 'underDay':
      return numberField(st, value[0] === ' ' ? value.slice(1) : value, 'day');
    case 'underYearDay':
    case 'zeroYearDay': {
      const r = getnum3(field === 'underYearDay' ? value.replace(/^ {1,2}/, '') : value, field === 'zeroYearDay');
      if (r === BAD) return { bad: true };
      st.yday = r[0];
      return r[0] < 1 || r[0] > 366 ? { range: 'day-of-year', rest: r[1] } : { rest: r[1] };
    }
    case 'hour': {
      const r = getnum(value, false);
      if (r === BAD) return { bad: true };
      st.hour = r[0];
      return r[0] > 23 ? { range: 'hour', rest: r[1] } : { rest: r[1] };
    }
    case 'second':
    case 'zeroSecond':
      return secondField(st, value, field, layoutRest);
    case 'PM':
    case 'pm': {
      const p = value.slice(0, 2);
      const [pm, am] = field === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
      if (p === pm) st.pm = true;
      else if (p === am) st.am = true;
      else return { bad: true };
      return { rest: value.slice(2) };
    }
    case 'tz': {
      if (value.startsWith('UTC')) {
        st.utc = true;
        return { rest: value.slice(3) };
      }
      const n = zoneNameLength(value);
      if (n === 0) return { bad: true };
      st.zoneName = value.slice(0, n);
      return { rest: value.slice(n) };
    }
    case 'fracSecond0': {
      const n = 1 + digits;
      if (value.length < n) return { bad: true };
      const ns = nanos(value, n);
      if (ns === BAD) return { bad: true };
      st.nsec = ns;
      return { rest: value.slice(n) };
    }
    case 'fracSecond9': {
      if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) return { rest: value };
      let i = 1;
      while (isDigit(value, i)) i++;
      const ns = nanos(value, i);
      if (ns === BAD) return { bad: true };
      st.nsec = ns;
      return { rest: value.slice(i) };
    }
    case 'numMonth':
    case 'zeroMonth':
    case 'day':
    case 'zeroDay':
    case 'hour12':
    case 'zeroHour12':
    case 'minute':
    case 'zeroMinute':
      return numberField(st, value, field);
    default:
      return offsetField(st, value, field);
  }
}

/** The instant (ns since the epoch) that `value` denotes under `layout`; throws Go's parse error text. */
export function parseTime(layout: string, value: string): bigint {
  const st: State = { year: 0, month: -1, day: -1, yday: -1, hour: 0, minute: 0, second: 0, nsec: 0, utc: false };
  let l = layout;
  let v = value;
  for (;;) {
    const c = nextChunk(l);
    const [afterPrefix, ok] = skip(v, c.prefix);
    if (!ok) throw parseError(layout, value, c.prefix, afterPrefix);
    v = afterPrefix;
    if (!c.field) {
      if (v.length > 0) throw parseError(layout, value, '', v, `: extra text: ${quote(v)}`);
      break;
    }
    l = c.suffix;
    const step = parseField(st, v, c.field, c.digits, l);
    if ('bad' in step) throw parseError(layout, value, c.text, v);
    if ('range' in step) throw parseError(layout, value, c.text, step.rest, `: ${step.range} out of range`);
    v = step.rest;
  }
  return finish(st, layout, value);
}

function finish(st: State, layout: string, value: string): bigint {
  if (st.pm && st.hour < 12) st.hour += 12;
  else if (st.am && st.hour === 12) st.hour = 0;
  if (st.yday >= 0) {
    const dayOfYear = dateOfYearDay(st.year, st.yday);
    if (!dayOfYear) throw parseError(layout, value, '', value, ': day-of-year out of range');
    if ((st.month >= 0 && st.month !== dayOfYear.month) || (st.day >= 0 && st.day !== dayOfYear.day)) {
      throw parseError(layout, value, '', value, ': day-of-year does not match ' + (st.month >= 0 && st.month !== dayOfYear.month ? 'month' : 'day'));
    }
    st.month = dayOfYear.month;
    st.day = dayOfYear.day;
  } else {
    if (st.month < 0) st.month = 1;
    if (st.day < 0) st.day = 1;
  }
  if (st.day < 1 || st.day > daysIn(st.month, st.year)) throw parseError(layout, value, '', '', ': day out of range');
  let offset = 0;
  if (!st.utc && st.offset !== undefined) offset = st.offset;
  else if (!st.utc && st.zoneName?.startsWith('GMT') && st.zoneName.length > 3) offset = Number(st.zoneName.slice(3)) * 3600;
  const zone = offset === 0 ? UTC : fixedZone('', offset);
  return fromCivil(st.year, st.month, st.day, st.hour, st.minute, st.second, st.nsec, zone);
}

function dateOfYearDay(year: number, yday: number): { month: number; day: number } | undefined {
  let rest = yday;
  for (let m = 1; m <= 12; m++) {
    const n = daysIn(m, year);
    if (rest <= n) return { month: m, day: rest };
    rest -= n;
  }
  return undefined;
}

export { ParseFailure };
