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

/** A scalar at the reader's position (after white space; `c` is its first character): string, null, booleans, `set()` or a number. */
function readScalar(r: Reader, c: string): Value {
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

/** What the next value read inside an open composite is. */
const enum Mode {
  /** An array element. */
  Element,
  /** The first item in braces: a set member, or an object key when `:` follows. */
  First,
  Member,
  Key,
  Value,
}

/** Objects with string keys only are plain objects; others keep their entries. `kv`: k0, v0, k1, v1, ... */
function objectOf(kv: Value[]): Value {
  let strings = true;
  for (let i = 0; i < kv.length && strings; i += 2) strings = typeof kv[i] === 'string';
  if (strings) {
    const out: Record<string, Value> = {};
    for (let i = 0; i < kv.length; i += 2) out[kv[i] as string] = kv[i + 1] as Value;
    return out;
  }
  const entries: [Value, Value][] = [];
  for (let i = 0; i < kv.length; i += 2) entries.push([kv[i] as Value, kv[i + 1] as Value]);
  return new ObjectEntries(entries);
}

/**
 * Decodes one value text (throws on malformed text: a bug on either side). Iterative, so values
 * nested as deep as the runtime allows (10,000 levels) decode: each open composite has a mode (what
 * the next value read is) and a buffer (array elements, set members, or object keys and values
 * alternating), on two parallel stacks.
 */
export function decodeValueText(text: string): Value {
  const r = new Reader(text);
  const modes: Mode[] = [];
  const bufs: Value[][] = [];
  for (;;) {
    let v: Value;
    const c = r.peek();
    if (c === '[' || c === '{') {
      r.i++;
      if (!r.eat(c === '[' ? ']' : '}')) {
        modes.push(c === '[' ? Mode.Element : Mode.First);
        bufs.push([]);
        continue;
      }
      v = c === '[' ? [] : {};
    } else {
      v = readScalar(r, c);
    }
    // Hand v to the innermost open composite; close every composite that ends here.
    for (;;) {
      const top = modes.length - 1;
      if (top < 0) {
        if (r.peek() !== '') r.fail('trailing text');
        return v;
      }
      const mode = modes[top] as Mode;
      const buf = bufs[top] as Value[];
      buf.push(v);
      if (mode === Mode.Element) {
        if (r.eat(',')) break;
        r.expect(']');
      } else if (mode === Mode.Key) {
        r.expect(':');
        modes[top] = Mode.Value;
        break;
      } else if (mode === Mode.First && r.eat(':')) {
        modes[top] = Mode.Value;
        break;
      } else if (mode === Mode.Value) {
        if (r.eat(',')) {
          modes[top] = Mode.Key;
          break;
        }
        r.expect('}');
      } else {
        if (r.eat(',')) {
          modes[top] = Mode.Member;
          break;
        }
        r.expect('}');
      }
      modes.pop();
      bufs.pop();
      v = mode === Mode.Element ? buf : mode === Mode.Value ? objectOf(buf) : new SetValue(buf);
    }
  }
}

/** Composites are encoded from the stack; everything else is its JSON text. */
function isComposite(v: Value): v is SetValue | ObjectEntries | Value[] | { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !(v instanceof RawJson);
}

/**
 * Rego value text of a host value, for the module's value parser. Iterative: the stack holds the
 * text still to write (strings) and the composites still to open, last first.
 */
export function encodeValueText(root: Value): string {
  if (!isComposite(root)) return jsonText(root);
  let out = '';
  const todo: (string | Value)[] = [root];
  const push = (v: Value): void => void todo.push(isComposite(v) ? v : jsonText(v));
  while (todo.length > 0) {
    const x = todo.pop() as string | Value;
    if (typeof x === 'string') {
      out += x;
      continue;
    }
    if (x instanceof SetValue) {
      if (x.items.length === 0) {
        out += 'set()';
        continue;
      }
      out += '{';
      todo.push('}');
      for (let i = x.items.length - 1; i >= 0; i--) {
        push(x.items[i] as Value);
        if (i > 0) todo.push(',');
      }
    } else if (x instanceof ObjectEntries) {
      out += '{';
      todo.push('}');
      for (let i = x.entries.length - 1; i >= 0; i--) {
        const [k, v] = x.entries[i] as [Value, Value];
        push(v);
        todo.push(':');
        push(k);
        if (i > 0) todo.push(',');
      }
    } else if (Array.isArray(x)) {
      out += '[';
      todo.push(']');
      for (let i = x.length - 1; i >= 0; i--) {
        push(x[i] as Value);
        if (i > 0) todo.push(',');
      }
    } else {
      const o = x as { [key: string]: Value };
      const keys = Object.keys(o);
      out += '{';
      todo.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        push(o[k] as Value);
        todo.push(i > 0 ? `,${JSON.stringify(k)}:` : `${JSON.stringify(k)}:`);
      }
    }
  }
  return out;
}
