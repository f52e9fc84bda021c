/**
 * A BigInt reference of what OPA computes for a quotient of integers that is not an integer:
 * Go's big.Float with the default 64-bit mantissa (operands read into 64 bits, the quotient
 * rounded to nearest, ties to even), printed with Text('g', -1): the shortest decimal that reads back to the same 64-bit
 * value (digit by digit against the half-ulp bounds, as Go's roundShortest does), in %e form
 * when the decimal exponent is < -4 or >= 6. Written from the documented behaviour, independently
 * of the runtime's algorithm, to test it against.
 */

/** An integer rounded to a 64-bit mantissa (nearest, ties to even), as big.Float.SetString does. */
export function round64(x: bigint): bigint {
  const neg = x < 0n;
  let n = neg ? -x : x;
  let shift = 0n;
  while (n >> shift >= 1n << 64n) shift++;
  if (shift > 0n) {
    const low = n & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    let m = n >> shift;
    if (low > half || (low === half && (m & 1n) === 1n)) m++;
    n = m << shift;
  }
  return neg ? -n : n;
}

/** a/b (b ≠ 0) with both operands first rounded to 64 bits, the quotient rounded to 64 bits: [negative, mantissa (2^63 ≤ m < 2^64), exponent]. */
export function roundQuotient64(a: bigint, b: bigint, roundOperands = true): [boolean, bigint, number] {
  if (roundOperands) {
    a = round64(a);
    b = round64(b);
  }
  if (b < 0n) return roundQuotient64(-a, -b, false);
  const neg = a < 0n;
  let n = neg ? -a : a;
  let d = b;
  let e = 0;
  // Scale so that 2^63 <= n/d < 2^64.
  while (n >= d << 64n) {
    d <<= 1n;
    e++;
  }
  while (n < d << 63n) {
    n <<= 1n;
    e--;
  }
  let m = n / d;
  const r = n % d;
  if (2n * r > d || (2n * r === d && (m & 1n) === 1n)) m++;
  if (m === 1n << 64n) {
    m >>= 1n;
    e++;
  }
  return [neg, m, e];
}

/** Decimal digits (no leading zeros) and point position of the exact value num / 2^k (k ≥ 0). */
function exactDecimal(num: bigint, k: number): { digits: string; dp: number } {
  const s = (num * 5n ** BigInt(k)).toString(); // num / 2^k = num * 5^k / 10^k
  return { digits: s.replace(/0+$/, '') || '0', dp: s.length - k };
}

/** Digit i of a decimal's digit string, 0 beyond it (Go's decimal.at: not aligned on the point). */
function digitAt(x: { digits: string }, i: number): number {
  return i < x.digits.length ? Number(x.digits[i]) : 0;
}

/**
 * big.Float(prec 64).Text('g', -1) of a/b: of the quotient of the two integers read at 64 bits
 * (division), or of the exact a/b rounded once (`roundOperands` false: a decimal text read at 64 bits).
 */
export function bigFloatQuotientText(a: bigint, b: bigint, roundOperands = true): string {
  const [neg, m, e] = roundQuotient64(a, b, roundOperands);
  // In half-ulp units: x = 2m, bounds 2m ± 1, all times 2^(e-1). e is negative for the quotients
  // tested here (|a/b| < 2^63), so every value is num / 2^k.
  const k = 1 - e;
  if (k <= 0) throw new Error('reference covers non-integral quotients below 2^63 only');
  const x = exactDecimal(2n * m, k);
  const lower = exactDecimal(2n * m - 1n, k);
  const upper = exactDecimal(2n * m + 1n, k);
  const inclusive = (m & 1n) === 0n;
  const dp = x.dp;
  let digits = x.digits;
  for (let i = 0; i < x.digits.length; i++) {
    const l = digitAt(lower, i);
    const d = Number(x.digits[i]);
    const u = digitAt(upper, i);
    const okDown = l !== d || (inclusive && i + 1 === lower.digits.length);
    const okUp = d !== u && (inclusive || d + 1 < u || i + 1 < upper.digits.length);
    if (okDown && okUp) {
      digits = roundDigits(x.digits, i + 1, shouldRoundUp(x.digits, i + 1));
      break;
    }
    if (okDown) {
      digits = x.digits.slice(0, i + 1);
      break;
    }
    if (okUp) {
      digits = roundDigits(x.digits, i + 1, true);
      break;
    }
  }
  let point = dp;
  if (digits.length > 0 && digits.startsWith('!')) {
    digits = digits.slice(1); // carried into a new leading digit
    point++;
  }
  digits = digits.replace(/0+$/, '') || '0';
  return (neg ? '-' : '') + gFormat(digits, point);
}

function shouldRoundUp(digits: string, n: number): boolean {
  if (n >= digits.length) return false;
  if (digits[n] === '5' && n + 1 === digits.length) return n > 0 && Number(digits[n - 1]) % 2 === 1;
  return digits[n] >= '5';
}

/** The first n digits, incremented in the last place when `up` ("!" marks a carry into a new digit). */
function roundDigits(digits: string, n: number, up: boolean): string {
  const ds = digits.slice(0, n).split('').map(Number);
  if (!up) return ds.join('');
  let i = n - 1;
  while (i >= 0 && ds[i] === 9) ds[i--] = 0;
  if (i < 0) return `!1${ds.join('')}`;
  ds[i]++;
  return ds.join('');
}

/** %g with shortest digits: %e when the exponent is < -4 or >= 6 (eprec 6 for shortest). */
function gFormat(digits: string, dp: number): string {
  const exp = dp - 1;
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (digits.length <= dp) return digits + '0'.repeat(dp - digits.length);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
