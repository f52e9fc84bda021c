/**
 * Values as host builtins see them: what JSON.parse gives for the arguments (sets arrive
 * as arrays, object keys as strings), plus `bigint` in results for integers that must
 * stay exact (nanosecond timestamps) — the wire encoder writes those as integer text.
 */
import { operandError } from './errors';

/**
 * A result given as JSON text, handed to the module as it is (so big numbers in parsed
 * JSON stay exact). Only ever returned, never received.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Value = null | boolean | number | string | bigint | RawJson | Value[] | { [key: string]: Value };
export type JsonObject = { [key: string]: Value };

/** OPA's type name of a value as it reaches the host (a set is indistinguishable from an array). */
export function typeNameOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
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

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
