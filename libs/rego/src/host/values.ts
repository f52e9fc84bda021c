/**
 * Values as host builtins see them: what JSON.parse gives for the arguments (sets arrive
 * as arrays, object keys as strings), plus `bigint` in results for integers that must
 * stay exact (nanosecond timestamps) — the wire encoder writes those as integer text.
 *
 * Builtins flagged `exactValues` in the registry receive their arguments decoded from Rego
 * value text instead (value-text.ts): sets as `SetValue`, integers beyond 2^53 as `bigint`,
 * objects with a non-string key as `ObjectEntries`. Only those builtins ever see these types.
 */
import { operandError } from './errors';

/**
 * A result given as JSON text, handed to the module as it is (so big numbers in parsed
 * JSON stay exact). Only ever returned, never received.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * A number as the text the module printed it with (exact calls only), when JS's number would
 * not print the same (`2e308`, `1e21`, `1.0`, `1e-400`): OPA keeps the text of numbers it did not
 * compute, and sprintf reads numbers from their text. Written back as that text.
 */
export class NumberText extends RawJson {
  /** The nearest JS number (±Infinity, 0 beyond range). */
  get value(): number {
    return Number(this.text);
  }
}

/** A Rego set (exact calls only): members in the runtime's order, without duplicates. */
export class SetValue {
  constructor(readonly items: Value[]) {}
}

/** An object with at least one non-string key (exact calls only), entries in key order. */
export class ObjectEntries {
  constructor(readonly entries: [Value, Value][]) {}
}

export type Value = null | boolean | number | string | bigint | RawJson | SetValue | ObjectEntries | Value[] | { [key: string]: Value };
export type JsonObject = { [key: string]: Value };

/**
 * The JSON shape of a set or non-string-key object (one level): a set's members as an array,
 * keys as their JSON text — what OPA's JSON output of such values is.
 */
export function jsonView(v: SetValue | ObjectEntries): Value[] | JsonObject {
  if (v instanceof SetValue) return v.items;
  const out: JsonObject = {};
  for (const [k, x] of v.entries) out[typeof k === 'string' ? k : JSON.stringify(k, (_key, y: unknown) => (y instanceof SetValue ? y.items : y))] = x;
  return out;
}

/** OPA's type name of a value as it reaches the host (a set is indistinguishable from an array). */
export function typeNameOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof SetValue) return 'set';
  if (v instanceof NumberText) return 'number';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return 'undefined';
  }
}

/** A plain object (string keys); not a set, array, ObjectEntries or RawJson. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SetValue) && !(v instanceof ObjectEntries) && !(v instanceof RawJson);
}

/** Argument `pos` (1-based) as a string, or OPA's operand type error. */
export function stringArg(name: string, v: unknown, pos: number): string {
  if (typeof v !== 'string') throw operandError(name, pos, 'string', typeNameOf(v));
  return v;
}

export function numberArg(name: string, v: unknown, pos: number): number {
  if (typeof v !== 'number') throw operandError(name, pos, 'number', typeNameOf(v));
  return v;
}

export function booleanArg(name: string, v: unknown, pos: number): boolean {
  if (typeof v !== 'boolean') throw operandError(name, pos, 'boolean', typeNameOf(v));
  return v;
}

export function objectArg(name: string, v: unknown, pos: number): JsonObject {
  if (!isObject(v)) throw operandError(name, pos, 'object', typeNameOf(v));
  return v;
}

/** An array or a set (sets arrive as arrays); `want` is OPA's wording for the builtin. */
export function collectionArg(name: string, v: unknown, pos: number, want = 'one of {array, set}'): Value[] {
  if (!Array.isArray(v)) throw operandError(name, pos, want, typeNameOf(v));
  return v as Value[];
}

/** An integer number, with OPA's wording for a fractional one. */
export function intArg(name: string, v: unknown, pos: number): number {
  const n = numberArg(name, v, pos);
  if (!Number.isInteger(n)) throw operandError(name, pos, 'integer number', 'floating-point number');
  return n;
}
