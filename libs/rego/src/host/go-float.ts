/**
 * Float text as Go's strconv.FormatFloat writes it ('e', 'f', 'g' with a precision, or
 * the shortest text that round-trips). Rounding works on the exact decimal expansion of
 * the double with ties to even, as Go does; JS's toFixed rounds ties up instead.
 */

/** Exact decimal digits of |x| (no leading/trailing zeros) and the position of the point. */
interface Decimal {
  digits: string;
  /** Value = 0.digits × 10^point. */
  point: number;
}

function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp2: number;
  if (expBits === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = expBits - 1075;
  }
  let text: string;
  let point: number;
  if (exp2 >= 0) {
    text = (mant << BigInt(exp2)).toString();
    point = text.length;
  } else {
    // mant / 2^k = mant * 5^k / 10^k
    const k = -exp2;
    text = (mant * 5n ** BigInt(k)).toString();
    point = text.length - k;
  }
  const lead = text.match(/^0*/)![0].length;
  text = text.slice(lead);
  point -= lead;
  return { digits: text.replace(/0+$/, ''), point };
}

/** The shortest digits that round-trip (what JS and Go both produce for shortest formatting). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '').replace(/0+$/, '');
  return { digits, point: Number(exp) + 1 };
}

/** Rounds to n significant digits, ties to even; trailing zeros are dropped. */
function roundDigits(d: Decimal, n: number): Decimal {
  // Fewer than zero digits kept: the value is below a tenth of the last unit.
  if (n < 0) return { digits: '', point: 0 };
  if (d.digits.length <= n) return d;
  const keep = d.digits.slice(0, n);
  const next = d.digits.charCodeAt(n) - 48;
  const rest = d.digits.slice(n + 1);
  const up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || (n > 0 && (keep.charCodeAt(n - 1) - 48) % 2 === 1)));
  if (!up) return { digits: keep.replace(/0+$/, ''), point: d.point };
  const bumped = (BigInt(keep === '' ? '0' : keep) + 1n).toString();
  if (keep === '' || bumped.length > keep.length) {
    return { digits: bumped.replace(/0+$/, ''), point: d.point + 1 };
  }
  return { digits: bumped.padStart(keep.length, '0').replace(/0+$/, ''), point: d.point };
}

function fmtE(d: Decimal, prec: number, upper: boolean): string {
  const digits = d.digits === '' ? '0' : d.digits;
  const first = digits[0];
  let frac = digits.slice(1);
  if (prec >= 0) frac = frac.padEnd(prec, '0').slice(0, prec);
  const exp = d.digits === '' ? 0 : d.point - 1;
  const expText = String(Math.abs(exp)).padStart(2, '0');
  return `${first}${frac === '' ? '' : `.${frac}`}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${expText}`;
}

function fmtF(d: Decimal, prec: number): string {
  const digits = d.digits;
  let int: string;
  let frac: string;
  if (d.point <= 0) {
    int = '0';
    frac = '0'.repeat(-d.point) + digits;
  } else {
    int = digits.slice(0, d.point).padEnd(d.point, '0');
    frac = digits.slice(d.point);
  }
  if (int === '') int = '0';
  frac = frac.padEnd(prec, '0').slice(0, prec);
  return prec > 0 ? `${int}.${frac}` : int;
}

/**
 * Go's strconv.FormatFloat(x, verb, prec, 64) for verbs e E f F g G; prec -1 means
 * the shortest representation.
 */
export function formatFloat(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) d = shortestDecimal(x);
  else {
    const exact = exactDecimal(x);
    switch (verb) {
      case 'e':
      case 'E':
        d = roundDigits(exact, prec + 1);
        break;
      case 'f':
      case 'F':
        d = roundDigits(exact, exact.point + prec);
        break;
      default:
        d = roundDigits(exact, prec === 0 ? 1 : prec);
    }
  }
  const sign = neg ? '-' : '';
  const nd = d.digits.length;
  switch (verb) {
    case 'e':
    case 'E':
      return sign + fmtE(d, shortest ? Math.max(nd - 1, 0) : prec, verb === 'E');
    case 'f':
    case 'F':
      return sign + fmtF(d, shortest ? Math.max(nd - d.point, 0) : prec);
    default: {
      let p = shortest ? nd : prec === 0 ? 1 : prec;
      let eprec = p;
      if (eprec > nd && nd >= d.point) eprec = nd;
      if (shortest) eprec = 6;
      const exp = d.point - 1;
      if (nd > 0 && (exp < -4 || exp >= eprec)) {
        if (p > nd) p = nd;
        return sign + fmtE(d, p - 1, verb === 'G');
      }
      if (p > d.point) p = nd;
      return sign + fmtF(d, Math.max(p - d.point, 0));
    }
  }
}
