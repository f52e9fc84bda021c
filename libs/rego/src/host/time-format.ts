/** Formatting a civil time with a Go layout (time.format). */
import { MONTHS, WEEKDAYS, type Civil } from './time-civil';
import { nextChunk, type Field } from './time-layout';

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

function formatOffset(field: Field, offset: number): string {
  const iso = field.startsWith('iso8601');
  if (iso && offset === 0) return 'Z';
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  const ss = pad(abs % 60, 2);
  switch (field) {
    case 'iso8601ShortTZ':
    case 'numShortTZ':
      return sign + hh;
    case 'iso8601ColonTZ':
    case 'numColonTZ':
      return `${sign}${hh}:${mm}`;
    case 'iso8601SecondsTZ':
    case 'numSecondsTz':
      return sign + hh + mm + ss;
    case 'iso8601ColonSecondsTZ':
    case 'numColonSecondsTZ':
      return `${sign}${hh}:${mm}:${ss}`;
    default:
      return sign + hh + mm;
  }
}

/** The zone abbreviation Go prints for MST: the zone's name, or a numeric offset when it has none. */
function zoneAbbreviation(t: Civil, unixSec: number): string {
  const name = t.zone.abbreviationAt(unixSec);
  if (!/^(GMT|UTC)[+-]/.test(name)) return name;
  // Intl has no letters for this zone; Go prints the offset as -07 or -0700 then.
  const abs = Math.abs(t.offset);
  const sign = t.offset < 0 ? '-' : '+';
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = Math.floor((abs % 3600) / 60);
  return mm === 0 ? sign + hh : sign + hh + pad(mm, 2);
}

function fraction(t: Civil, field: Field, text: string, digits: number): string {
  const all = pad(t.nanosecond, 9).slice(0, digits);
  const sep = text[0];
  if (field === 'fracSecond0') return sep + all;
  const trimmed = all.replace(/0+$/, '');
  return trimmed === '' ? '' : sep + trimmed;
}

function formatField(t: Civil, field: Field, text: string, digits: number, unixSec: number): string {
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (field) {
    case 'longMonth':
      return MONTHS[t.month - 1];
    case 'month':
      return MONTHS[t.month - 1].slice(0, 3);
    case 'numMonth':
      return String(t.month);
    case 'zeroMonth':
      return pad(t.month, 2);
    case 'longWeekDay':
      return WEEKDAYS[t.weekday];
    case 'weekDay':
      return WEEKDAYS[t.weekday].slice(0, 3);
    case 'day':
      return String(t.day);
    case 'underDay':
      return t.day < 10 ? ` ${t.day}` : String(t.day);
    case 'zeroDay':
      return pad(t.day, 2);
    case 'underYearDay':
      return String(t.yearDay).padStart(3, ' ');
    case 'zeroYearDay':
      return pad(t.yearDay, 3);
    case 'hour':
      return pad(t.hour, 2);
    case 'hour12':
      return String(hour12);
    case 'zeroHour12':
      return pad(hour12, 2);
    case 'minute':
      return String(t.minute);
    case 'zeroMinute':
      return pad(t.minute, 2);
    case 'second':
      return String(t.second);
    case 'zeroSecond':
      return pad(t.second, 2);
    case 'longYear':
      return pad(t.year, 4);
    case 'year':
      return pad(((t.year % 100) + 100) % 100, 2);
    case 'PM':
      return t.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return t.hour >= 12 ? 'pm' : 'am';
    case 'tz':
      return zoneAbbreviation(t, unixSec);
    case 'fracSecond0':
    case 'fracSecond9':
      return fraction(t, field, text, digits);
    default:
      return formatOffset(field, t.offset);
  }
}

/** `t` formatted with a Go layout. */
export function formatTime(t: Civil, unixSec: number, layout: string): string {
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const c = nextChunk(rest);
    out += c.prefix;
    if (!c.field) break;
    out += formatField(t, c.field, c.text, c.digits, unixSec);
    rest = c.suffix;
  }
  return out;
}
