/**
 * Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"), which OPA's time.format and
 * time.parse_ns take: splitting a layout into literal text and fields. The rules follow
 * Go's documented layout grammar: "Jan"/"Mon" only when not followed by a lower-case
 * letter, "_2006" is a literal underscore and a year, fractional seconds are a run of 0s
 * or 9s after '.' or ',' that is not followed by another digit.
 */

export type Field =
  | 'longMonth' // January
  | 'month' // Jan
  | 'numMonth' // 1
  | 'zeroMonth' // 01
  | 'longWeekDay' // Monday
  | 'weekDay' // Mon
  | 'day' // 2
  | 'underDay' // _2
  | 'zeroDay' // 02
  | 'underYearDay' // __2
  | 'zeroYearDay' // 002
  | 'hour' // 15
  | 'hour12' // 3
  | 'zeroHour12' // 03
  | 'minute' // 4
  | 'zeroMinute' // 04
  | 'second' // 5
  | 'zeroSecond' // 05
  | 'longYear' // 2006
  | 'year' // 06
  | 'PM' // PM
  | 'pm' // pm
  | 'tz' // MST
  | 'iso8601TZ' // Z0700
  | 'iso8601SecondsTZ' // Z070000
  | 'iso8601ShortTZ' // Z07
  | 'iso8601ColonTZ' // Z07:00
  | 'iso8601ColonSecondsTZ' // Z07:00:00
  | 'numTZ' // -0700
  | 'numSecondsTz' // -070000
  | 'numShortTZ' // -07
  | 'numColonTZ' // -07:00
  | 'numColonSecondsTZ' // -07:00:00
  | 'fracSecond0' // .000 (fixed digits)
  | 'fracSecond9'; // .999 (trailing zeros dropped)

export interface Chunk {
  /** Literal text before the field. */
  readonly prefix: string;
  /** The field, or undefined when the rest of the layout is literal. */
  readonly field?: Field;
  /** The layout text of the field (`Jan`, `-07:00`, `.000`). */
  readonly text: string;
  /** For fractional seconds: the number of digits. */
  readonly digits: number;
  readonly suffix: string;
}

/** Layout names OPA accepts in place of a layout (Go's time package constants). */
export const NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

/** Zone offset forms after 'Z' or '-', longest first: [text, field after Z, field after -]. */
const TZ_FORMS: readonly (readonly [string, Field, Field])[] = [
  ['070000', 'iso8601SecondsTZ', 'numSecondsTz'],
  ['07:00:00', 'iso8601ColonSecondsTZ', 'numColonSecondsTZ'],
  ['0700', 'iso8601TZ', 'numTZ'],
  ['07:00', 'iso8601ColonTZ', 'numColonTZ'],
  ['07', 'iso8601ShortTZ', 'numShortTZ'],
];

function chunk(layout: string, i: number, len: number, field: Field, digits = 0, prefixEnd = i): Chunk {
  return { prefix: layout.slice(0, prefixEnd), field, text: layout.slice(prefixEnd, i + len), digits, suffix: layout.slice(i + len) };
}

/** Splits off the first field of a layout. */
export function nextChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const found = fieldAt(layout, i);
    if (found) return found;
  }
  return { prefix: layout, text: '', digits: 0, suffix: '' };
}

function fieldAt(layout: string, i: number): Chunk | undefined {
  const at = (s: string) => layout.startsWith(s, i);
  switch (layout[i]) {
    case 'J':
      if (at('January')) return chunk(layout, i, 7, 'longMonth');
      if (at('Jan') && !isLower(layout[i + 3])) return chunk(layout, i, 3, 'month');
      return undefined;
    case 'M':
      if (at('Monday')) return chunk(layout, i, 6, 'longWeekDay');
      if (at('Mon') && !isLower(layout[i + 3])) return chunk(layout, i, 3, 'weekDay');
      if (at('MST')) return chunk(layout, i, 3, 'tz');
      return undefined;
    case '0': {
      const next = layout[i + 1];
      const zeroFields: Record<string, Field> = { '1': 'zeroMonth', '2': 'zeroDay', '3': 'zeroHour12', '4': 'zeroMinute', '5': 'zeroSecond', '6': 'year' };
      if (next !== undefined && zeroFields[next]) return chunk(layout, i, 2, zeroFields[next]);
      if (at('002')) return chunk(layout, i, 3, 'zeroYearDay');
      return undefined;
    }
    case '1':
      return at('15') ? chunk(layout, i, 2, 'hour') : chunk(layout, i, 1, 'numMonth');
    case '2':
      return at('2006') ? chunk(layout, i, 4, 'longYear') : chunk(layout, i, 1, 'day');
    case '_':
      if (at('_2')) return at('_2006') ? chunk(layout, i + 1, 4, 'longYear') : chunk(layout, i, 2, 'underDay');
      if (at('__2')) return chunk(layout, i, 3, 'underYearDay');
      return undefined;
    case '3':
      return chunk(layout, i, 1, 'hour12');
    case '4':
      return chunk(layout, i, 1, 'minute');
    case '5':
      return chunk(layout, i, 1, 'second');
    case 'P':
      return at('PM') ? chunk(layout, i, 2, 'PM') : undefined;
    case 'p':
      return at('pm') ? chunk(layout, i, 2, 'pm') : undefined;
    case '-':
    case 'Z':
      return zoneField(layout, i);
    case '.':
    case ',':
      return fractionField(layout, i);
    default:
      return undefined;
  }
}

function zoneField(layout: string, i: number): Chunk | undefined {
  const iso = layout[i] === 'Z';
  for (const [form, isoField, numField] of TZ_FORMS) {
    if (layout.startsWith(form, i + 1)) return chunk(layout, i, form.length + 1, iso ? isoField : numField);
  }
  return undefined;
}

function fractionField(layout: string, i: number): Chunk | undefined {
  const d = layout[i + 1];
  if (d !== '0' && d !== '9') return undefined;
  let j = i + 1;
  while (j < layout.length && layout[j] === d) j++;
  if (isDigitAt(layout, j)) return undefined;
  return chunk(layout, i, j - i, d === '0' ? 'fracSecond0' : 'fracSecond9', j - i - 1);
}
