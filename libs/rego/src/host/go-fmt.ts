/**
 * Go's fmt.Sprintf over the three kinds of operand OPA's sprintf hands it: int64 (or
 * *big.Int beyond int64), float64 and string (composites, booleans and null arrive as
 * their Rego text). Flags + - # 0 space, width, precision, `*`, explicit `[n]` indexes,
 * and Go's error texts (%!d(string=x), %!v(MISSING), %!(EXTRA ...), %!(NOVERB)).
 */
import { formatFloat } from './go-float';
import { goQuote, goQuoteRune } from './go-quote';

export type FmtArg =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  wid?: number;
  prec?: number;
}

/** Go's type name of an operand, as bad-verb and EXTRA texts print it. */
function typeName(a: FmtArg): string {
  if (a.kind === 'int') return isBig(a.value) ? '*big.Int' : 'int64';
  return a.kind === 'float' ? 'float64' : 'string';
}

const isBig = (v: bigint) => v < INT64_MIN || v > INT64_MAX;
const runeCount = (s: string) => [...s].length;

function pad(f: Flags, s: string, zeroOk = true): string {
  const n = (f.wid ?? 0) - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero && zeroOk ? '0' : ' ').repeat(n) + s;
}

function fmtInteger(f: Flags, v: bigint, verb: string): string {
  const base = verb === 'b' ? 2 : verb === 'o' || verb === 'O' ? 8 : verb === 'x' || verb === 'X' ? 16 : 10;
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    if (prec === 0 && v === 0n) return pad({ ...f, zero: false }, '');
  } else if (f.zero && !f.minus && f.wid !== undefined) {
    prec = f.wid - (neg || f.plus || f.space ? 1 : 0);
  }
  digits = digits.padStart(prec, '0');
  if (f.sharp) {
    if (base === 2) digits = `0b${digits}`;
    else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = `0o${digits}`;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(f, sign + digits, false);
}

function fmtFloat(f: Flags, v: number, verb: string, defaultPrec: number): string {
  const goVerb = (verb === 'v' ? 'g' : verb) as 'e' | 'E' | 'f' | 'F' | 'g' | 'G';
  let num = formatFloat(v, goVerb, f.prec ?? defaultPrec);
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.wid !== undefined && f.wid > num.length) {
      return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
    }
    return pad(f, num);
  }
  return pad(f, num.slice(1));
}

function fmtString(f: Flags, s: string, verb: string): string {
  const limited = f.prec !== undefined ? [...s].slice(0, f.prec).join('') : s;
  switch (verb) {
    case 'v':
    case 's':
      return pad(f, limited);
    case 'q':
      return pad(f, goQuote(limited, f.plus));
    default:
      return pad(f, hexBytes(f, s, verb === 'X'));
  }
}

function hexBytes(f: Flags, s: string, upper: boolean): string {
  let bytes = [...Buffer.from(s, 'utf8')];
  if (f.prec !== undefined) bytes = bytes.slice(0, f.prec);
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
  const prefix = f.sharp ? (upper ? '0X' : '0x') : '';
  const text = f.space ? hex.map((h) => prefix + h).join(' ') : prefix + hex.join('');
  return upper ? text.toUpperCase().replace(/0X/g, '0X') : text;
}

function badVerb(verb: string, a: FmtArg): string {
  if (a.kind === 'int' && isBig(a.value)) return `%!${verb}(big.Int=${a.value})`;
  return `%!${verb}(${typeName(a)}=${printArg(blank(), a, 'v')})`;
}

function blank(): Flags {
  return { plus: false, minus: false, sharp: false, zero: false, space: false };
}

function printArg(f: Flags, a: FmtArg, verb: string): string {
  if (verb === 'T') return pad(f, typeName(a));
  switch (a.kind) {
    case 'int':
      if (isBig(a.value)) {
        // *big.Int formats itself: b o d x X s v only.
        if ('bodxXsv'.includes(verb)) return fmtInteger(f, a.value, verb === 's' || verb === 'v' ? 'd' : verb);
        return badVerb(verb, a);
      }
      if ('vdboOxX'.includes(verb)) return fmtInteger(f, a.value, verb);
      if (verb === 'c') return pad(f, String.fromCodePoint(Number(a.value)));
      if (verb === 'q') return pad(f, goQuoteRune(Number(a.value)));
      if (verb === 'U') return pad(f, unicodeText(f, Number(a.value)));
      return badVerb(verb, a);
    case 'float':
      if (verb === 'v' || verb === 'g' || verb === 'G') return fmtFloat(f, a.value, verb, -1);
      if ('eEfF'.includes(verb)) return fmtFloat(f, a.value, verb, 6);
      return badVerb(verb, a);
    case 'string':
      if ('vsqxX'.includes(verb)) return fmtString(f, a.value, verb);
      return badVerb(verb, a);
  }
}

function unicodeText(f: Flags, cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(Math.max(4, f.prec ?? 0), '0');
  return f.sharp ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}

/** Reads `[n]` at i: the new argument number (0-based), the new position, and whether the index was good. */
function argIndex(format: string, i: number, argNum: number, nargs: number): { argNum: number; i: number; ok: boolean; found: boolean } {
  if (format[i] !== '[') return { argNum, i, ok: true, found: false };
  const close = format.indexOf(']', i);
  const text = close < 0 ? '' : format.slice(i + 1, close);
  if (close < 0 || !/^\d+$/.test(text)) return { argNum, i: close < 0 ? format.length : close + 1, ok: false, found: true };
  const n = Number(text) - 1;
  return { argNum: n, i: close + 1, ok: n >= 0 && n < nargs, found: true };
}

function intFromArg(args: readonly FmtArg[], argNum: number): number | undefined {
  const a = args[argNum];
  if (a?.kind !== 'int' || isBig(a.value) || a.value > 1_000_000n || a.value < -1_000_000n) return undefined;
  return Number(a.value);
}

/** Go's fmt.Sprintf(format, args...). */
export function goSprintf(format: string, args: readonly FmtArg[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = blank();
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus;
      else if (c === '+') f.plus = true;
      else if (c === '-') [f.minus, f.zero] = [true, false];
      else if (c === ' ') f.space = true;
      else break;
    }
    let good = true;
    let idx = argIndex(format, i, argNum, args.length);
    reordered ||= idx.found;
    good &&= idx.ok;
    ({ argNum, i } = idx);
    let afterIndex = idx.found;
    if (format[i] === '*') {
      i++;
      const w = intFromArg(args, argNum);
      argNum++;
      if (w === undefined) out += '%!(BADWIDTH)';
      else if (w < 0) [f.wid, f.minus, f.zero] = [-w, true, false];
      else f.wid = w;
      afterIndex = false;
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.wid = Number(m[0]);
        i += m[0].length;
        if (afterIndex) good = false;
      }
    }
    if (i + 1 < format.length && format[i] === '.') {
      i++;
      if (afterIndex) good = false;
      idx = argIndex(format, i, argNum, args.length);
      reordered ||= idx.found;
      good &&= idx.ok;
      ({ argNum, i } = idx);
      afterIndex = idx.found;
      if (format[i] === '*') {
        i++;
        const p = intFromArg(args, argNum);
        argNum++;
        if (p === undefined) out += '%!(BADPREC)';
        else if (p >= 0) f.prec = p;
        afterIndex = false;
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        i += m ? m[0].length : 0;
      }
    }
    if (!afterIndex) {
      idx = argIndex(format, i, argNum, args.length);
      reordered ||= idx.found;
      good &&= idx.ok;
      ({ argNum, i } = idx);
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') out += '%';
    else if (!good) out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else {
      // %v drops + and # (they mean Go-syntax and field names, which OPA's operands have none of).
      const ff = verb === 'v' ? { ...f, plus: false, sharp: false } : f;
      out += printArg(ff, args[argNum], verb);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => `${typeName(a)}=${printArg(blank(), a, 'v')}`);
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
