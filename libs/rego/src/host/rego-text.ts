/**
 * OPA's order of values and its text of values (ast.Value.String()): how sprintf and
 * print show composites. `[1, "a"]`, `{"k": 1}`, sets as `{1, 2}` or `set()`.
 * Sets and non-string keys are only known as such in exact calls (`SetValue`, `ObjectEntries`);
 * from JSON a set is an array, unless the caller says otherwise (`asSet`).
 */
import { goQuote } from './go-quote';
import { NumberText, ObjectEntries, RawJson, SetValue, type Value } from './values';

const RANK: Readonly<Record<string, number>> = { null: 0, boolean: 1, number: 2, bigint: 2, string: 3, array: 4, object: 5, set: 6 };

function rank(v: Value): number {
  if (v === null) return 0;
  if (Array.isArray(v)) return RANK.array;
  if (v instanceof SetValue) return RANK.set;
  if (v instanceof NumberText) return RANK.number;
  return RANK[typeof v];
}

/** Entries of any object, sorted by key (OPA's order). */
function sortedEntries(v: Value): [Value, Value][] {
  const entries: [Value, Value][] = v instanceof ObjectEntries ? [...v.entries] : Object.entries(v as Record<string, Value>);
  return entries.sort((a, b) => compareValues(a[0], b[0]));
}

function compareSequences(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Strings compare by code point, which is the UTF-8 byte order Go uses. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
}

/** OPA's total order: null < boolean < number < string < array < object < set; arrays element-wise. */
export function compareValues(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a === null || b === null) return 0;
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (ra === RANK.number) {
    const x = a instanceof NumberText ? a.value : (a as number | bigint);
    const y = b instanceof NumberText ? b.value : (b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (Array.isArray(a)) return compareSequences(a, b as Value[]);
  if (a instanceof SetValue) return compareSequences(toSortedSet(a.items), toSortedSet((b as SetValue).items));
  const ea = sortedEntries(a);
  const eb = sortedEntries(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    const c = compareValues(ea[i][0], eb[i][0]) || compareValues(ea[i][1], eb[i][1]);
    if (c !== 0) return c;
  }
  return ea.length === eb.length ? 0 : ea.length < eb.length ? -1 : 1;
}

/** Sorted copy without duplicates: how a set of these values iterates. */
export function toSortedSet(values: readonly Value[]): Value[] {
  const sorted = [...values].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}

/** The text of a number as OPA prints it: integers in full, others in shortest form. */
export function numberText(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Number.isSafeInteger(n) ? String(n) : BigInt(String(n)).toString();
  return String(n);
}

/** A value that prints without looking inside it: null, a boolean, number or string, or raw JSON. */
export type ScalarValue = null | boolean | number | bigint | string | RawJson;

export function isScalarValue(v: Value): v is ScalarValue {
  return v === null || typeof v !== 'object' || v instanceof RawJson;
}

/** The text of a scalar, the same in Rego and in JSON but for strings, which `quote` writes. */
export function scalarText(v: ScalarValue, quote: (s: string) => string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'number':
    case 'bigint':
      return numberText(v);
    case 'string':
      return quote(v);
    default:
      return v.text;
  }
}

/** Levels printed by recursion (fast for the values policies print); deeper ones use a stack. */
const RECURSION_DEPTH = 1000;

/** OPA's `String()` of a value; `asSet` marks a top-level array that stands for a set. */
export function regoText(v: Value, asSet = false): string {
  return textAt(v, asSet, 0);
}

function textAt(v: Value, asSet: boolean, depth: number): string {
  if (isScalarValue(v)) return scalarText(v, goQuote);
  if (depth === RECURSION_DEPTH) return deepRegoText(v, asSet);
  const d = depth + 1;
  if (v instanceof SetValue) return textAt(v.items, true, depth);
  if (Array.isArray(v)) {
    if (asSet) return v.length === 0 ? 'set()' : `{${toSortedSet(v).map((x) => textAt(x, false, d)).join(', ')}}`;
    return `[${v.map((x) => textAt(x, false, d)).join(', ')}]`;
  }
  return `{${sortedEntries(v).map(([k, x]) => `${textAt(k, false, d)}: ${textAt(x, false, d)}`).join(', ')}}`;
}

/**
 * `regoText` of a value nested deeper than recursion may go (values reach 10,000 levels): `todo`
 * holds the text still to write and the composites still to open (`[value]`), last first.
 */
function deepRegoText(root: Value, asSet: boolean): string {
  if (isScalarValue(root)) return scalarText(root, goQuote);
  const out: string[] = [];
  const todo: (string | readonly [Value])[] = [];
  const push = (v: Value): void => void todo.push(isScalarValue(v) ? scalarText(v, goQuote) : [v]);
  const items = (open: string, xs: readonly Value[], close: string): void => {
    out.push(open);
    todo.push(close);
    for (let i = xs.length - 1; i >= 0; i--) {
      push(xs[i] as Value);
      if (i > 0) todo.push(', ');
    }
  };
  let first = true;
  todo.push([root]);
  while (todo.length > 0) {
    const x = todo.pop() as string | readonly [Value];
    if (typeof x === 'string') {
      out.push(x);
      continue;
    }
    const v = x[0];
    const set = v instanceof SetValue || (first && asSet);
    first = false;
    const xs = v instanceof SetValue ? v.items : Array.isArray(v) ? v : undefined;
    if (xs && set) {
      if (xs.length === 0) out.push('set()');
      else items('{', toSortedSet(xs), '}');
    } else if (xs) {
      items('[', xs, ']');
    } else {
      const entries = sortedEntries(v);
      out.push('{');
      todo.push('}');
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, e] = entries[i] as [Value, Value];
        push(e);
        todo.push(': ');
        push(k);
        if (i > 0) todo.push(', ');
      }
    }
  }
  return out.join('');
}
