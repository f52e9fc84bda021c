/**
 * Go duration strings ("1h30m", "-1.5s", "300ms") as time.parse_duration_ns reads them:
 * a sign, then one or more decimal numbers each with a unit; "0" alone needs no unit.
 * Exact int64 nanoseconds (bigint); fractions go through a double, as Go does.
 */

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const LIMIT = 2n ** 63n;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function invalid(orig: string): Error {
  return new Error(`time: invalid duration ${JSON.stringify(orig)}`);
}

/** Nanoseconds of a Go duration string; throws Go's error text. */
export function parseDuration(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid(orig);
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid(orig);
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      v = v * 10n + BigInt(s[i]);
      if (v >= LIMIT) throw invalid(orig);
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      let j = 1;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s[j]);
          if (next > LIMIT / 10n) overflow = true;
          else {
            frac = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 1;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid(orig);
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) throw new Error(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS[unitName];
    if (unit === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unitName)} in duration ${JSON.stringify(orig)}`);
    if (v > LIMIT / unit) throw invalid(orig);
    v *= unit;
    if (frac > 0n) {
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid(orig);
    }
    total += v;
    if (total > LIMIT) throw invalid(orig);
  }
  if (neg) return -total;
  if (total > LIMIT - 1n) throw invalid(orig);
  return total;
}
