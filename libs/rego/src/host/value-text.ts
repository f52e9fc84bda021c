/**
 * Rego value text ⇄ host values, for exact host calls (registry flag `exactValues`): the module
 * passes each argument as a string holding the runtime's value dump (`vg_value_text`, the text
 * of `opa_value_dump`) and parses the string we answer with (`vg_value_from_text`, value mode of
 * the runtime's parser). Unlike the SDK's JSON round trip this keeps sets, integers beyond 2^53
 * and non-string object keys.
 *
 * The text is what the runtime writes: JSON plus `{a, b}` / `set()` for sets and objects whose
 * keys are any values. Numbers are integers (any length) or Go-formatted floats.
 */
import { jsonText } from './wire';
import { formatFloat } from './go-float';
import { NumberText, ObjectEntries, RawJson, SetValue, type Value } from './values';

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new Error(`value text: ${what} at ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }

  eat(c: string): boolean {
    if (this.peek() !== c) return false;
    this.i++;
    return true;
  }

  expect(c: string): void {
    if (!this.eat(c)) this.fail(`expected ${c}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

/**
 * A number from its text: integers exactly (bigint beyond 2^53), others as doubles, unless the
 * double would not print as the text (`2e308`, `1e21`, `1.0`; the runtime prints computed floats
 * as Go's shortest 'g'): then the text (NumberText).
 */
function numberOf(text: string): Value {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  const n = Number(text);
  return Number.isFinite(n) && !Number.isInteger(n) && formatFloat(n, 'g', -1) === text ? n : new NumberText(text);
}

function readValue(r: Reader): Value {
  const c = r.peek();
  if (c === '[') {
    r.i++;
    const out: Value[] = [];
    if (!r.eat(']')) {
      do out.push(readValue(r));
      while (r.eat(','));
      r.expect(']');
    }
    return out;
  }
  if (c === '{') return readBraces(r);
  if (c === '"') {
    STRING.lastIndex = r.i;
    const m = STRING.exec(r.s) ?? r.fail('bad string');
    r.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }
  for (const [word, v] of [['null', null], ['true', true], ['false', false], ['set()', undefined]] as const) {
    if (r.s.startsWith(word, r.i)) {
      r.i += word.length;
      return v === undefined ? new SetValue([]) : v;
    }
  }
  NUMBER.lastIndex = r.i;
  const m = NUMBER.exec(r.s) ?? r.fail('unexpected character');
  r.i += m[0].length;
  return numberOf(m[0]);
}

/** `{}` (empty object), `{k: v, ...}` (object) or `{a, b}` (set). */
function readBraces(r: Reader): Value {
  r.i++;
  if (r.eat('}')) return {};
  const first = readValue(r);
  if (!r.eat(':')) {
    const items = [first];
    while (r.eat(',')) items.push(readValue(r));
    r.expect('}');
    return new SetValue(items);
  }
  const entries: [Value, Value][] = [[first, readValue(r)]];
  while (r.eat(',')) {
    const k = readValue(r);
    r.expect(':');
    entries.push([k, readValue(r)]);
  }
  r.expect('}');
  if (!entries.every(([k]) => typeof k === 'string')) return new ObjectEntries(entries);
  const out: Record<string, Value> = {};
  for (const [k, v] of entries) out[k as string] = v;
  return out;
}

/** Decodes one value text (throws on malformed text: a bug on either side). */
export function decodeValueText(text: string): Value {
  const r = new Reader(text);
  const v = readValue(r);
  if (r.peek() !== '') r.fail('trailing text');
  return v;
}

/** Rego value text of a host value, for the module's value parser. */
export function encodeValueText(v: Value): string {
  if (v instanceof SetValue) return v.items.length === 0 ? 'set()' : `{${v.items.map(encodeValueText).join(',')}}`;
  if (v instanceof ObjectEntries) return `{${v.entries.map(([k, x]) => `${encodeValueText(k)}:${encodeValueText(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(encodeValueText).join(',')}]`;
  if (v !== null && typeof v === 'object' && !(v instanceof RawJson)) {
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${encodeValueText(v[k])}`).join(',')}}`;
  }
  return jsonText(v);
}
