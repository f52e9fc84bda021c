/**
 * net.cidr_* host builtins. Results that are sets (cidr_expand, cidr_merge) are returned as
 * arrays (codegen makes them sets). cidr_contains_matches is an exact host call: it sees set
 * operands as SetValue (OPA reports set members, not indexes) and answers with a SetValue.
 */
import { builtinError } from './errors';
import type { HostFamily } from './impl';
import { cidrContains, cidrOf, formatAddr, formatCidr, parseCidr, parseIP, rangeToCidrs, type Cidr } from './net-addr';
import { ObjectEntries, SetValue, isObject, stringArg, type Value } from './values';

/** Addresses net.cidr_expand produces at most (OPA relies on evaluation timeouts instead). */
export const EXPAND_LIMIT = 1 << 20;

function cidrArg(name: string, v: Value): Cidr {
  const s = stringArg(name, v, 1);
  try {
    return parseCidr(s);
  } catch (e) {
    throw builtinError(name, (e as Error).message);
  }
}

function contains(name: string, a: Value, b: Value): boolean {
  const net = cidrArg(name, a);
  // OPA reports a non-string second operand as operand 1.
  const text = stringArg(name, b, 1);
  const ip = parseIP(text);
  if (ip) return cidrContains(net, ip);
  let inner: Cidr;
  try {
    inner = parseCidr(text);
  } catch {
    throw builtinError(name, `not a valid textual representation of an IP address or CIDR: ${text}`);
  }
  return cidrContains(net, { v6: inner.ip.v6, n: inner.first }) && cidrContains(net, { v6: inner.ip.v6, n: inner.last });
}

function intersects([a, b]: readonly Value[]): boolean {
  const x = cidrArg('net.cidr_intersects', a);
  const y = cidrArg('net.cidr_intersects', b);
  return x.ip.v6 === y.ip.v6 && x.first <= y.last && y.first <= x.last;
}

function expand([v]: readonly Value[]): string[] {
  const c = cidrArg('net.cidr_expand', v);
  const count = c.last - c.first + 1n;
  if (count > BigInt(EXPAND_LIMIT)) throw builtinError('net.cidr_expand', `CIDR ${formatCidr(c.ip, c.prefix)} has more than ${EXPAND_LIMIT} addresses`);
  const out: string[] = [];
  for (let n = c.first; n <= c.last; n++) out.push(formatAddr({ v6: c.ip.v6, n }));
  return out;
}

interface Range {
  v6: boolean;
  first: bigint;
  last: bigint;
  /** The network as written, while the range is not merged with another. */
  text?: string;
}

function mergeEntry(v: Value): Range {
  if (typeof v !== 'string') throw builtinError('net.cidr_merge', 'element must be string');
  const ip = parseIP(v);
  if (!ip) {
    const c = cidrArg('net.cidr_merge', v);
    return { v6: c.ip.v6, first: c.first, last: c.last, text: formatCidr({ v6: c.ip.v6, n: c.first }, c.prefix) };
  }
  if (ip.v6) throw builtinError('net.cidr_merge', 'IPv6 invalid: needs prefix length');
  // A bare IPv4 address stands for its classful network (Go's DefaultMask), printed unmasked.
  const first = Number(ip.n >> 24n);
  const prefix = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
  const c = cidrOf(ip, prefix);
  return { v6: false, first: c.first, last: c.last, text: formatCidr(ip, prefix) };
}

function merge([v]: readonly Value[]): string[] {
  if (!Array.isArray(v)) throw builtinError('net.cidr_merge', 'operand must be an array');
  const out: string[] = [];
  for (const v6 of [false, true]) {
    const ranges = v.map(mergeEntry).filter((r) => r.v6 === v6);
    ranges.sort((a, b) => (a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    for (let i = ranges.length - 1; i > 0; i--) {
      const prev = ranges[i].first === 0n ? 0n : ranges[i].first - 1n;
      if (prev <= ranges[i - 1].last) {
        const first = ranges[i - 1].first < ranges[i].first ? ranges[i - 1].first : ranges[i].first;
        ranges[i - 1] = { v6, first, last: ranges[i].last };
        ranges.splice(i, 1);
      }
    }
    for (const r of ranges) out.push(...(r.text !== undefined ? [r.text] : rangeToCidrs(v6, r.first, r.last)));
  }
  return out;
}

/**
 * The (cidr, key) pairs of one contains_matches operand: a string is its own key, array
 * elements are keyed by index, set members by themselves, object values by their key.
 * This is an exact host call, so sets arrive as SetValue.
 */
function matchTerms(v: Value, pos: number): [Value, Value][] {
  const cidrOfElem = (e: Value): Value => {
    if (typeof e === 'string') return e;
    if (Array.isArray(e) && e.length > 0) return e[0];
    throw builtinError('net.cidr_contains_matches', `operand ${pos}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((e, i) => [cidrOfElem(e), i]);
  if (v instanceof SetValue) return v.items.map((e) => [cidrOfElem(e), e]);
  if (v instanceof ObjectEntries) return v.entries.map(([k, e]) => [cidrOfElem(e), k]);
  if (isObject(v)) return Object.entries(v).map(([k, e]) => [cidrOfElem(e), k]);
  return [];
}

function containsMatches([a, b]: readonly Value[]): SetValue {
  const name = 'net.cidr_contains_matches';
  const out: Value[] = [];
  for (const [c1, i1] of matchTerms(a, 1)) {
    for (const [c2, i2] of matchTerms(b, 2)) {
      if (contains(name, c1, c2)) out.push([i1, i2]);
    }
  }
  return new SetValue(out);
}

export const NET_BUILTINS: HostFamily = {
  'net.cidr_contains': ([a, b]) => contains('net.cidr_contains', a, b),
  'net.cidr_overlap': ([a, b]) => contains('net.cidr_overlap', a, b),
  'net.cidr_intersects': intersects,
  'net.cidr_expand': expand,
  'net.cidr_is_valid': ([v]) => {
    if (typeof v !== 'string') return false;
    try {
      parseCidr(v);
      return true;
    } catch {
      return false;
    }
  },
  'net.cidr_merge': merge,
  'net.cidr_contains_matches': containsMatches,
};
