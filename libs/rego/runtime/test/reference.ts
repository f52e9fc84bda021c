/**
 * Small TypeScript references of OPA's rules, to test the runtime against: number text (integers
 * in full, floats as Go's shortest 'g'), canonical JSON (sorted keys by UTF-8 bytes), and the
 * total order over values (with sets).
 */

/** Go's strconv.FormatFloat(x, 'g', -1, 64). */
export function goFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, e] = Math.abs(x).toExponential().split('e'); // shortest round-trip digits
  const digits = mant.replace('.', '');
  const exp = Number(e);
  let s: string;
  if (exp < -4 || exp >= 6) {
    s = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    s = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return (x < 0 ? '-' : '') + s;
}

/**
 * How we print a number parsed from JS's text for x: integral literals exactly and in full (JS
 * writes 1e+21 or 32822764205125590, not the double's exact value), others Go-style.
 */
export function opaNumber(x: number): string {
  return Number.isInteger(x) ? integerText(String(x)) : goFloat(x);
}

/** "1.5e+22" → "15000000000000000000000"; plain integers unchanged. */
export function integerText(js: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e\+?(\d+))?$/.exec(js);
  if (!m) throw new Error(`not an integer literal: ${js}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = (int + frac).replace(/^0+(?=\d)/, '');
  const zeros = Number(exp) - frac.length;
  const text = zeros >= 0 ? digits + '0'.repeat(zeros) : digits.slice(0, zeros);
  return text === '0' ? '0' : sign + text;
}

export function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The JSON text our dump must produce for a JSON.parse'd value. */
export function canonicalJson(v: unknown, num: (x: number) => string = opaNumber): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, num)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(utf8Compare);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], num)}`).join(',')}}`;
}

/** A Rego value model for order tests. Numbers are exact: bigint or a JS number. */
export type RValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; v: number | bigint }
  | { t: 'str'; v: string }
  | { t: 'arr'; v: RValue[] }
  | { t: 'obj'; v: [RValue, RValue][] }
  | { t: 'set'; v: RValue[] };

const RANK = { null: 1, bool: 2, num: 3, str: 4, arr: 5, obj: 6, set: 7 } as const;

function numCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // exact mixed comparison: compare the bigint with the number's floor/ceil
  const [big, num, sign] = typeof a === 'bigint' ? [a, b as number, 1] : [b as bigint, a as number, -1];
  const fl = BigInt(Math.floor(num));
  if (big < fl) return -sign;
  if (big > fl) return sign;
  return Number.isInteger(num) ? 0 : -sign; // big == floor(num) < num
}

function sortedUnique(items: RValue[]): RValue[] {
  const out: RValue[] = [];
  for (const x of [...items].sort(refCompare)) if (out.length === 0 || refCompare(out[out.length - 1], x) !== 0) out.push(x);
  return out;
}

function objEntries(v: [RValue, RValue][]): [RValue, RValue][] {
  const out: [RValue, RValue][] = [];
  for (const [k, val] of v) {
    const i = out.findIndex(([k2]) => refCompare(k, k2) === 0);
    if (i >= 0) out[i] = [k, val];
    else out.push([k, val]);
  }
  return out.sort((x, y) => refCompare(x[0], y[0]));
}

export function refCompare(a: RValue, b: RValue): number {
  if (a.t !== b.t) return RANK[a.t] < RANK[b.t] ? -1 : 1;
  switch (a.t) {
    case 'null': return 0;
    case 'bool': return a.v === (b as typeof a).v ? 0 : a.v ? 1 : -1;
    case 'num': return numCompare(a.v, (b as typeof a).v);
    case 'str': return Math.sign(utf8Compare(a.v, (b as typeof a).v));
    case 'arr': return seqCompare(a.v, (b as typeof a).v, (x, y) => refCompare(x, y));
    case 'set': return seqCompare(sortedUnique(a.v), sortedUnique((b as typeof a).v), (x, y) => refCompare(x, y));
    case 'obj':
      return seqCompare(objEntries(a.v), objEntries((b as typeof a).v), (x, y) => refCompare(x[0], y[0]) || refCompare(x[1], y[1]));
  }
}

function seqCompare<T>(a: T[], b: T[], cmp: (x: T, y: T) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Value-syntax text (opa_value_parse) of a model value. */
export function valueText(v: RValue): string {
  switch (v.t) {
    case 'null': return 'null';
    case 'bool': return String(v.v);
    case 'num': return typeof v.v === 'bigint' ? v.v.toString() : JSON.stringify(v.v);
    case 'str': return JSON.stringify(v.v);
    case 'arr': return `[${v.v.map(valueText).join(',')}]`;
    case 'set': return v.v.length === 0 ? 'set()' : `{${v.v.map(valueText).join(',')}}`;
    case 'obj': return `{${v.v.map(([k, x]) => `${valueText(k)}:${valueText(x)}`).join(',')}}`;
  }
}
