/**
 * units.parse and units.parse_bytes with OPA's rules: quotes removed, no spaces, a
 * decimal amount (optionally with an exponent of at most 6 digits) and an SI or binary
 * suffix. Arithmetic is exact (rationals on bigints); parse_bytes truncates to an integer.
 */
import { builtinError } from './errors';
import type { HostFamily } from './impl';
import { RawJson, stringArg, type Value } from './values';

const K = 1000n;
const BYTES: Readonly<Record<string, bigint>> = {
  '': 1n,
  k: K,
  kb: K,
  ki: 1n << 10n,
  kib: 1n << 10n,
  m: K ** 2n,
  mb: K ** 2n,
  mi: 1n << 20n,
  mib: 1n << 20n,
  g: K ** 3n,
  gb: K ** 3n,
  gi: 1n << 30n,
  gib: 1n << 30n,
  t: K ** 4n,
  tb: K ** 4n,
  ti: 1n << 40n,
  tib: 1n << 40n,
  p: K ** 5n,
  pb: K ** 5n,
  pi: 1n << 50n,
  pib: 1n << 50n,
  e: K ** 6n,
  eb: K ** 6n,
  ei: 1n << 60n,
  eib: 1n << 60n,
};

/** units.parse: a unit as written with the first letter's case kept ("m" milli, "M" mega). */
const UNITS: Readonly<Record<string, [bigint, bigint]>> = {
  '': [1n, 1n],
  m: [1n, 1000n],
  k: [K, 1n],
  K: [K, 1n],
  ki: [1n << 10n, 1n],
  Ki: [1n << 10n, 1n],
  M: [K ** 2n, 1n],
  mi: [1n << 20n, 1n],
  Mi: [1n << 20n, 1n],
  g: [K ** 3n, 1n],
  G: [K ** 3n, 1n],
  gi: [1n << 30n, 1n],
  Gi: [1n << 30n, 1n],
  t: [K ** 4n, 1n],
  T: [K ** 4n, 1n],
  ti: [1n << 40n, 1n],
  Ti: [1n << 40n, 1n],
  p: [K ** 5n, 1n],
  P: [K ** 5n, 1n],
  pi: [1n << 50n, 1n],
  Pi: [1n << 50n, 1n],
  e: [K ** 6n, 1n],
  E: [K ** 6n, 1n],
  ei: [1n << 60n, 1n],
  Ei: [1n << 60n, 1n],
};

class TooLarge extends Error {}

/** Splits "10.5GiB" into amount and unit, as OPA does (an `e` starts an exponent only before a digit or sign). */
function splitAmount(s: string): [string, string] {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const numeric = (c >= '0' && c <= '9') || c === '.' || c === '+' || c === '-';
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (next === undefined || !((next >= '0' && next <= '9') || next === '+' || next === '-')) return [s.slice(0, i), s.slice(i)];
      if (next === '+' || next === '-') i++;
      const digits = /^\d*/.exec(s.slice(i + 1))![0].length;
      if (digits > 6) throw new TooLarge();
      continue;
    }
    if (!numeric) return [s.slice(0, i), s.slice(i)];
  }
  return [s, ''];
}

/** An exact decimal as a fraction [numerator, denominator], or undefined when malformed. */
function parseDecimal(s: string): [bigint, bigint] | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let num = BigInt((m[2] || '0') + (m[3] ?? ''));
  let den = 10n ** BigInt((m[3] ?? '').length);
  const exp = Number(m[4] ?? 0);
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den *= 10n ** BigInt(-exp);
  return [m[1] === '-' ? -num : num, den];
}

/** OPA's error texts carry the builtin name themselves, and the evaluator prefixes it again. */
function fail(name: string, msg: string): never {
  throw builtinError(name, `${name}: ${msg}`);
}

function parseBytes([v]: readonly Value[]): Value {
  const name = 'units.parse_bytes';
  const s = stringArg(name, v, 1).toLowerCase().replace(/"/g, '');
  if (s.includes(' ')) fail(name, 'spaces not allowed in resource strings');
  let amount: string;
  let unit: string;
  try {
    [amount, unit] = splitAmount(s);
  } catch {
    return fail(name, 'exponent too large');
  }
  if (amount === '') fail(name, 'no byte amount provided');
  const mult = BYTES[unit];
  if (mult === undefined) fail(name, `byte unit ${unit} not recognized`);
  const dec = parseDecimal(amount);
  if (!dec) fail(name, 'could not parse byte amount to a number');
  return (dec[0] * mult) / dec[1];
}

function parseUnits([v]: readonly Value[]): Value {
  const name = 'units.parse';
  const s = stringArg(name, v, 1).replace(/"/g, '');
  if (s.includes(' ')) fail(name, 'spaces not allowed in resource strings');
  let amount: string;
  let unit: string;
  try {
    [amount, unit] = splitAmount(s);
  } catch {
    return fail(name, 'exponent too large');
  }
  if (amount === '') fail(name, 'no amount provided');
  if (unit.length > 1) unit = unit[0] + unit.slice(1).toLowerCase();
  const mult = UNITS[unit];
  if (!mult) fail(name, `unit ${unit} not recognized`);
  const dec = parseDecimal(amount);
  if (!dec) fail(name, 'could not parse amount to a number');
  const num = dec[0] * mult[0];
  const den = dec[1] * mult[1];
  if (num % den === 0n) return num / den;
  // OPA prints non-integers with 10 decimals (rounded); the module parses the text exactly.
  const neg = num < 0n;
  const scaled = ((neg ? -num : num) * 10n ** 10n * 2n + den) / (2n * den);
  const digits = scaled.toString().padStart(11, '0');
  return new RawJson(`${neg ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`);
}

export const UNITS_BUILTINS: HostFamily = {
  'units.parse_bytes': parseBytes,
  'units.parse': parseUnits,
};
