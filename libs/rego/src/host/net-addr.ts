/**
 * IP addresses and CIDRs with Go's net package rules: dotted IPv4 without leading zeros,
 * IPv6 with one `::` and an optional trailing IPv4 part, IPv4-mapped IPv6 addresses
 * treated as IPv4, and Go's text for IPv6 (lowercase, the longest run of two or more
 * zero groups as `::`). Addresses are bigints of 32 or 128 bits.
 */

export interface Addr {
  readonly v6: boolean;
  readonly n: bigint;
}

export interface Cidr {
  /** The address as written (not masked). */
  readonly ip: Addr;
  readonly prefix: number;
  /** First address of the network. */
  readonly first: bigint;
  readonly last: bigint;
}

export const bitsOf = (v6: boolean) => (v6 ? 128 : 32);

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  if (text.includes('.')) {
    // A trailing IPv4 part stands for the last two groups.
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const hex = [...head, ...rest];
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const total = hex.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const fill = 8 - total;
  const values = [...head.map((g) => BigInt(`0x${g}`)), ...Array<bigint>(halves.length === 2 ? fill : 0).fill(0n), ...rest.map((g) => BigInt(`0x${g}`)), ...tail];
  return values.reduce((acc, v) => (acc << 16n) | v, 0n);
}

/** Go's net.ParseIP; IPv4-mapped IPv6 comes back as IPv4 (as Go's To4 would make it). */
export function parseIP(s: string): Addr | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { v6: false, n: v4 };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, n: v6 & 0xffffffffn };
  return { v6: true, n: v6 };
}

/** Go's net.ParseCIDR; throws "invalid CIDR address: <s>". */
export function parseCidr(s: string): Cidr {
  const bad = () => new Error(`invalid CIDR address: ${s}`);
  const slash = s.indexOf('/');
  if (slash < 0) throw bad();
  const addrText = s.slice(0, slash);
  const v4 = parseIPv4(addrText);
  const v6 = v4 === undefined ? parseIPv6(addrText) : undefined;
  if (v4 === undefined && v6 === undefined) throw bad();
  const ip: Addr = v4 !== undefined ? { v6: false, n: v4 } : { v6: true, n: v6 as bigint };
  const bits = bitsOf(ip.v6);
  const maskText = s.slice(slash + 1);
  if (!/^\d+$/.test(maskText) || Number(maskText) > bits) throw bad();
  return cidrOf(ip, Number(maskText));
}

export function cidrOf(ip: Addr, prefix: number): Cidr {
  const bits = bitsOf(ip.v6);
  const host = (1n << BigInt(bits - prefix)) - 1n;
  const first = ip.n & ~host & ((1n << BigInt(bits)) - 1n);
  return { ip, prefix, first, last: first | host };
}

/** Whether the network contains the address (families must agree). */
export function cidrContains(c: Cidr, a: Addr): boolean {
  const net = c.ip.v6 && c.ip.n >> 32n === 0xffffn && c.prefix >= 96 ? { v6: false, first: c.first & 0xffffffffn, last: c.last & 0xffffffffn } : { v6: c.ip.v6, first: c.first, last: c.last };
  return net.v6 === a.v6 && a.n >= net.first && a.n <= net.last;
}

/** Go's text of an address. */
export function formatAddr(a: Addr): string {
  if (!a.v6) return [24n, 16n, 8n, 0n].map((s) => String((a.n >> s) & 0xffn)).join('.');
  if (a.n >> 32n === 0xffffn) return formatAddr({ v6: false, n: a.n & 0xffffffffn });
  const groups = Array.from({ length: 8 }, (_, i) => Number((a.n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export function formatCidr(ip: Addr, prefix: number): string {
  return `${formatAddr(ip)}/${prefix}`;
}

/** The fewest CIDRs covering [first, last] exactly. */
export function rangeToCidrs(v6: boolean, first: bigint, last: bigint): string[] {
  const bits = bitsOf(v6);
  const out: string[] = [];
  let cur = first;
  while (cur <= last) {
    let size = 0;
    while (size < bits && (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= last) size++;
    out.push(formatCidr({ v6, n: cur }, bits - size));
    cur += 1n << BigInt(size);
  }
  return out;
}
