/**
 * uuid.rfc4122 (a random version 4 UUID, the same for the same key within one
 * evaluation) and uuid.parse (the fields RFC 4122 defines, as OPA reports them).
 */
import { randomUUID } from 'node:crypto';
import type { HostFamily } from './impl';
import { stringArg, type Value } from './values';

/** Ticks of 100 ns between 1582-10-15 and 1970-01-01. */
const GREGORIAN_OFFSET = 122192928000000000n;
const DOMAINS = ['Person', 'Group', 'Org'];

/** The 16 bytes of a UUID in any of the accepted spellings, or undefined. */
function uuidBytes(s: string): Buffer | undefined {
  let hex: string;
  if (s.length === 36) hex = s;
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') hex = s.slice(1, 37);
  else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') hex = s.slice(9);
  else if (s.length === 32) return /^[0-9a-fA-F]{32}$/.test(s) ? Buffer.from(s, 'hex') : undefined;
  else return undefined;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return Buffer.from(hex.replace(/-/g, ''), 'hex');
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function macVariables(b: number): string {
  if ((b & 3) === 3) return 'local:multicast';
  if (b & 1) return 'global:multicast';
  if (b & 2) return 'local:unicast';
  return 'global:unicast';
}

function parse(s: string): Value | undefined {
  const b = uuidBytes(s);
  if (!b) return undefined;
  const version = b[6] >> 4;
  const out: Record<string, Value> = { version, variant: variant(b[8]) };
  if (version === 1 || version === 2) {
    const ticks = BigInt(b.readUInt32BE(0)) | (BigInt(b.readUInt16BE(4)) << 32n) | (BigInt(b.readUInt16BE(6) & 0xfff) << 48n);
    out.time = BigInt.asIntN(64, (ticks - GREGORIAN_OFFSET) * 100n);
    out.nodeid = [...b.subarray(10)].map((x) => x.toString(16).padStart(2, '0')).join('-');
    out.macvariables = macVariables(b[10]);
    out.clocksequence = b.readUInt16BE(8) & 0x3fff;
    if (version === 2) {
      out.id = b.readUInt32BE(0);
      out.domain = DOMAINS[b[9]] ?? `Domain${b[9]}`;
    }
  }
  return out;
}

export const UUID_BUILTINS: HostFamily = {
  'uuid.rfc4122': ([k], ctx) => {
    const key = stringArg('uuid.rfc4122', k, 1);
    return ctx.memo(`uuid.rfc4122\u0000${key}`, () => randomUUID());
  },
  // Undefined (not an error) for text that is no UUID.
  'uuid.parse': ([s]) => parse(stringArg('uuid.parse', s, 1)),
};
