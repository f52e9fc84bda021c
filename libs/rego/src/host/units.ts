/**
 * units.parse and units.parse_bytes with OPA's rules: quotes removed, no spaces, a
 * decimal amount (optionally with an exponent of at most 6 digits) and an SI or binary
 * suffix. Arithmetic is exact (rationals on bigints); parse_bytes truncates to an integer.
 */
import { builtinError } from './errors';
import type { HostFamily } from './impl';
import { RawJson, stringArg, type Value } from './values';

/** SI / binary prefixes in order: the n-th (from 1) is 1000^n or 1024^n. */
const PREFIXES = ['k', 'm', 'g', 't', 'p', 'e'] as const;
const decimalPower = (n: number): bigint => 1000n ** BigInt(n);
const binaryPower = (n: number): bigint => 1n << (10n * BigInt(n));

/** units.parse_bytes (lower-cased unit): "k", "kb" decimal; "ki", "kib" binary. */
const BYTES: Readonly<Record<string, bigint>> = Object.fromEntries([
  ['', 1n],
  ...PREFIXES.flatMap((p, i) => [
    [p, decimalPower(i + 1)],
    [`${p}b`, decimalPower(i + 1)],
    [`${p}i`, binaryPower(i + 1)],
    [`${p}ib`, binaryPower(i + 1)],
  ]),
]);

/**
 * units.parse: a unit as written with the first letter's case kept ("m" milli, "M" mega); either
 * case of the first letter for the other prefixes and for every binary prefix ("mi", "Mi").
 */
const UNITS: Readonly<Record<string, [bigint, bigint]>> = Object.fromEntries([
  ['', [1n, 1n]],
  ['m', [1n, 1000n]],
  ...PREFIXES.flatMap((p, i) => {
    const upper = p.toUpperCase();
    const decimal = [decimalPower(i + 1), 1n];
    const binary = [binaryPower(i + 1), 1n];
    return [...(p === 'm' ? [] : [[p, decimal]]), [upper, decimal], [`${p}i`, binary], [`${upper}i`, binary]];
  }),
]);

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

/**
 * The checks both builtins make before reading a resource string: quotes removed, no spaces, an
 * exponent of at most 6 digits, an amount present (`what` names it in the error text).
 */
function splitResource(name: string, text: string, what: string): [amount: string, unit: string] {
  const s = text.replace(/"/g, '');
  if (s.includes(' ')) fail(name, 'spaces not allowed in resource strings');
  let parts: [string, string];
  try {
    parts = splitAmount(s);
  } catch {
    return fail(name, 'exponent too large');
  }
  if (parts[0] === '') fail(name, `no ${what} provided`);
  return parts;
}

function parseBytes([v]: readonly Value[]): Value {
  const name = 'units.parse_bytes';
  const [amount, unit] = splitResource(name, stringArg(name, v, 1).toLowerCase(), 'byte amount');
  const mult = BYTES[unit];
  if (mult === undefined) fail(name, `byte unit ${unit} not recognized`);
  const dec = parseDecimal(amount);
  if (!dec) fail(name, 'could not parse byte amount to a number');
  return (dec[0] * mult) / dec[1];
}

function parseUnits([v]: readonly Value[]): Value {
  const name = 'units.parse';
  const [amount, written] = splitResource(name, stringArg(name, v, 1), 'amount');
  const unit = written.length > 1 ? written[0] + written.slice(1).toLowerCase() : written;
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
