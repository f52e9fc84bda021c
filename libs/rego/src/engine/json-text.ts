/**
 * JSON text of an input or data value for the module. `JSON.stringify` first (fast, native); V8's
 * implementation recurses, so a value nested a few thousand levels throws a RangeError although
 * OPA accepts 10,000 levels (Go's decoder limit, which the runtime's parser shares). Then the same
 * text is written with an explicit stack, following `JSON.stringify`'s rules for what JSON can
 * hold: `toJSON` is called, object members whose value is undefined, a function or a symbol are
 * left out, such array elements become `null`, non-finite numbers are `null`; cycles and BigInts
 * are errors.
 */

/** The JSON text of `value`; throws (TypeError, RangeError) where `JSON.stringify` would. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return deepJsonText(value);
  }
}

type Frame =
  | { readonly kind: 'array'; readonly value: readonly unknown[]; next: number }
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; readonly keys: string[]; next: number; wrote: boolean };

/** `JSON.stringify(value)` written iteratively (any depth). */
export function deepJsonText(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>(); // containers on the current path: a cycle is an error, as in JSON.stringify
  const write = (v: unknown, inArray: boolean): void => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      if (inArray) out.push('null');
      return;
    }
    if (v === null || typeof v !== 'object') return void out.push(scalarText(v));
    if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
    open.add(v);
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ kind: 'array', value: v, next: 0 });
    } else {
      out.push('{');
      stack.push({ kind: 'object', value: v as Record<string, unknown>, keys: Object.keys(v), next: 0, wrote: false });
    }
  };
  write(prepare(root, ''), false);
  for (let f = stack[stack.length - 1]; f; f = stack[stack.length - 1]) {
    if (f.kind === 'array') {
      if (f.next < f.value.length) {
        if (f.next > 0) out.push(',');
        const i = f.next++;
        write(prepare(f.value[i], String(i)), true);
        continue;
      }
      out.push(']');
    } else {
      if (f.next < f.keys.length) {
        const k = f.keys[f.next++] as string;
        const v = prepare(f.value[k], k);
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        out.push(`${f.wrote ? ',' : ''}${JSON.stringify(k)}:`);
        f.wrote = true;
        write(v, false);
        continue;
      }
      out.push('}');
    }
    open.delete(f.value);
    stack.pop();
  }
  return out.join('');
}

/** What `JSON.stringify` serialises for a value: its `toJSON()` result, boxed primitives unboxed. */
function prepare(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  return v;
}

function scalarText(v: unknown): string {
  if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return JSON.stringify(v) ?? 'null';
}
