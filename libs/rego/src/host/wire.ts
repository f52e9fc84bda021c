/**
 * Encodes a host builtin's result for the SDK. The SDK accepts an ArrayBuffer holding
 * JSON text and parses it inside the module, which lets results carry integers beyond
 * 2^53 exactly (a `bigint` is written as its decimal text).
 */
import { ObjectEntries, RawJson, SetValue, type Value } from './values';

const encoder = new TextEncoder();

/** JSON text of `v`; bigints as integers, non-finite numbers as null (as JSON.stringify). */
export function jsonText(v: Value): string {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    default:
      break;
  }
  if (v === null) return 'null';
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  // JSON has neither sets nor non-string keys: OPA's JSON form (arrays, keys as their JSON text).
  if (v instanceof SetValue) return `[${v.items.map(jsonText).join(',')}]`;
  if (v instanceof ObjectEntries) {
    return `{${v.entries.map(([k, x]) => `${JSON.stringify(typeof k === 'string' ? k : jsonText(k))}:${jsonText(x)}`).join(',')}}`;
  }
  const parts: string[] = [];
  for (const k of Object.keys(v)) parts.push(`${JSON.stringify(k)}:${jsonText(v[k])}`);
  return `{${parts.join(',')}}`;
}

/** True when `v` holds something JSON.stringify cannot write as OPA does (bigint, sets, non-string keys). */
export function containsBigInt(v: Value): boolean {
  if (typeof v === 'bigint' || v instanceof RawJson || v instanceof SetValue || v instanceof ObjectEntries) return true;
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(containsBigInt);
  return Object.values(v).some(containsBigInt);
}

/** What to hand the SDK: plain values as they are, values with bigints as JSON bytes. */
export function toWire(v: Value | undefined): unknown {
  if (v === undefined || !containsBigInt(v)) return v;
  const bytes = encoder.encode(jsonText(v));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
