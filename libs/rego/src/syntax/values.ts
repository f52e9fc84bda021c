/**
 * Ground terms as JS values and back, for test inputs written as Rego terms
 * (`input_term`), expected results and the conformance harness.
 *
 * JSON cannot hold everything a Rego value can, so three marked types exist:
 * numbers keep their literal text (`RegoNumber`, exact beyond 2^53), sets are
 * `RegoSet` (JS Sets compare objects by identity), and objects with a non-string
 * key are `RegoObject`. Objects with string keys only are plain JS objects.
 */
import type { Location } from '../diagnostics';
import type { Term } from './ast';

/** A Rego number as its literal text. */
export class RegoNumber {
  constructor(readonly text: string) {}
  toNumber(): number {
    return Number(this.text);
  }
  toJSON(): number {
    return Number(this.text);
  }
}

/** A Rego set, elements in source order. */
export class RegoSet {
  constructor(readonly items: readonly RegoValue[]) {}
}

/** An object with at least one non-string key, as entries in source order. */
export class RegoObject {
  constructor(readonly entries: readonly (readonly [RegoValue, RegoValue])[]) {}
}

export type RegoValue =
  | null
  | boolean
  | string
  | RegoNumber
  | RegoSet
  | RegoObject
  | readonly RegoValue[]
  | { readonly [key: string]: RegoValue };

/** The value of a ground term; undefined for terms with vars, refs, calls or comprehensions. */
export function termToValue(t: Term): RegoValue | undefined {
  switch (t.kind) {
    case 'null':
      return null;
    case 'boolean':
      return t.value;
    case 'string':
      return t.value;
    case 'number':
      return new RegoNumber(t.text);
    case 'array':
      return allValues(t.items);
    case 'set': {
      const items = allValues(t.items);
      return items && new RegoSet(items);
    }
    case 'object':
      return objectValue(t.items);
    default:
      return undefined;
  }
}

function allValues(terms: readonly Term[]): RegoValue[] | undefined {
  const out: RegoValue[] = [];
  for (const t of terms) {
    const v = termToValue(t);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function objectValue(items: readonly { key: Term; value: Term }[]): RegoValue | undefined {
  const entries: [RegoValue, RegoValue][] = [];
  for (const { key, value } of items) {
    const k = termToValue(key);
    const v = termToValue(value);
    if (k === undefined || v === undefined) return undefined;
    entries.push([k, v]);
  }
  if (!entries.every(([k]) => typeof k === 'string')) return new RegoObject(entries);
  const out: Record<string, RegoValue> = {};
  for (const [k, v] of entries) out[k as string] = v;
  return out;
}

const SYNTHETIC: Location = { file: '<value>', row: 1, col: 1 };

/**
 * A term for a value. Accepts the marked types, plain JSON (JS numbers become
 * their shortest text), and JS Sets and Maps. Non-finite numbers and other JS
 * values have no Rego form and raise a TypeError: that is a caller's bug.
 */
export function valueToTerm(v: unknown, loc: Location = SYNTHETIC): Term {
  if (v === null) return { kind: 'null', loc };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, loc };
  if (typeof v === 'string') return { kind: 'string', value: v, loc };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`valueToTerm: ${v} has no Rego representation`);
    return { kind: 'number', text: String(v), loc };
  }
  if (v instanceof RegoNumber) return { kind: 'number', text: v.text, loc };
  if (Array.isArray(v)) return { kind: 'array', items: v.map((i) => valueToTerm(i, loc)), loc };
  if (v instanceof RegoSet) return { kind: 'set', items: v.items.map((i) => valueToTerm(i, loc)), loc };
  if (v instanceof Set) return { kind: 'set', items: [...v].map((i) => valueToTerm(i, loc)), loc };
  if (v instanceof RegoObject || v instanceof Map) {
    const entries = v instanceof Map ? [...v.entries()] : v.entries;
    return { kind: 'object', items: entries.map(([k, x]) => ({ key: valueToTerm(k, loc), value: valueToTerm(x, loc) })), loc };
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const items = Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ key: valueToTerm(k, loc), value: valueToTerm(x, loc) }));
    return { kind: 'object', items, loc };
  }
  throw new TypeError(`valueToTerm: ${typeof v} has no Rego representation`);
}

/**
 * The JSON form OPA uses on the wire: numbers as JS numbers, sets as arrays,
 * non-string object keys as their JSON text.
 */
export function valueToJSON(v: RegoValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof RegoNumber) return v.toNumber();
  if (v instanceof RegoSet) return v.items.map(valueToJSON);
  if (Array.isArray(v)) return v.map(valueToJSON);
  const out: Record<string, unknown> = {};
  const entries = v instanceof RegoObject ? v.entries : Object.entries(v as Record<string, RegoValue>);
  for (const [k, x] of entries) out[typeof k === 'string' ? k : JSON.stringify(valueToJSON(k))] = valueToJSON(x);
  return out;
}
