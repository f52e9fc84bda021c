/**
 * Encoding builtins on the host: base64, base64url, hex, urlquery, json.* and yaml.*.
 * Strings are UTF-8 on the wire; decoded bytes that are not UTF-8 become U+FFFD.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { builtinError, operandError, typeError } from './errors';
import { base64Decode, base64UrlDecode, base64UrlEncode, goJsonError, goJsonIndent, goJsonMarshal, hexDecode } from './go-codec';
import type { HostFamily } from './impl';
import { jsonPatch } from './json-patch';
import { compareStrings } from './rego-text';
import { objectArg, stringArg, typeNameOf, RawJson, type Value } from './values';

/** Runs a decoder and reports its error text as `<name>: <text>`. */
function decoding<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw builtinError(name, e instanceof Error ? e.message : String(e));
  }
}

const str = (name: string, v: Value) => stringArg(name, v, 1);

/** Go's url.QueryEscape: unreserved bytes stay, space is +, the rest %XX. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.QueryUnescape. */
export function queryUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new Error(`invalid URL escape ${JSON.stringify(s.slice(i, Math.min(i + 3, s.length)))}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(32);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function encodeObject([o]: readonly Value[]): string {
  const name = 'urlquery.encode_object';
  const obj = objectArg(name, o, 1);
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort(compareStrings)) {
    const v = obj[k];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
    if (!values || values.some((x) => typeof x !== 'string')) {
      throw operandError(name, 1, 'one of {string, array, set} of strings as values', typeNameOf(v));
    }
    for (const x of values) parts.push(`${queryEscape(k)}=${queryEscape(x as string)}`);
  }
  return parts.join('&');
}

function decodeObject([s]: readonly Value[]): Value {
  const name = 'urlquery.decode_object';
  const text = stringArg(name, s, 1);
  const out: Record<string, Value[]> = {};
  for (const part of text.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) throw builtinError(name, 'invalid semicolon separator in query');
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = decoding(name, () => queryUnescape(k));
    const value = decoding(name, () => queryUnescape(v));
    (out[key] ??= []).push(value);
  }
  return out;
}

function unmarshal(name: string, s: Value): Value {
  const text = stringArg(name, s, 1);
  try {
    JSON.parse(text);
  } catch (e) {
    throw builtinError(name, goJsonError(text, e));
  }
  // The module parses the text itself, which keeps big numbers exact.
  return new RawJson(text);
}

const MARSHAL_OPTIONS = new Set(['indent', 'prefix', 'pretty']);

function marshalWithOptions([v, opts]: readonly Value[]): string {
  const name = 'json.marshal_with_options';
  const o = objectArg(name, opts, 2);
  for (const k of Object.keys(o)) {
    if (!MARSHAL_OPTIONS.has(k)) throw typeError(name, `operand 2 object contained unknown key ${JSON.stringify(k)}`);
  }
  for (const k of ['indent', 'prefix'] as const) {
    if (k in o && typeof o[k] !== 'string') throw typeError(name, `operand 2 "${k}" must be a string but got ${typeNameOf(o[k])}`);
  }
  if ('pretty' in o && typeof o.pretty !== 'boolean') throw typeError(name, `operand 2 "pretty" must be a boolean but got ${typeNameOf(o.pretty)}`);
  const pretty = o.pretty ?? ('indent' in o || 'prefix' in o);
  if (!pretty) return goJsonMarshal(v);
  const prefix = (o.prefix as string | undefined) ?? '';
  return prefix + goJsonIndent(v, prefix, (o.indent as string | undefined) ?? '\t');
}

function yamlParse(text: string): unknown {
  // Go's YAML (v1.1 booleans such as yes/no) as OPA reads it.
  return parseYaml(text, { version: '1.1', merge: true });
}

export const ENCODING_BUILTINS: HostFamily = {
  'base64.encode': ([s]) => Buffer.from(str('base64.encode', s), 'utf8').toString('base64'),
  'base64.decode': ([s]) => decoding('base64.decode', () => base64Decode(str('base64.decode', s), false)).toString('utf8'),
  'base64.is_valid': ([s]) => {
    try {
      base64Decode(str('base64.is_valid', s), false);
      return true;
    } catch {
      return false;
    }
  },
  'base64url.encode': ([s]) => base64UrlEncode(str('base64url.encode', s), true),
  'base64url.encode_no_pad': ([s]) => base64UrlEncode(str('base64url.encode_no_pad', s), false),
  'base64url.decode': ([s]) => decoding('base64url.decode', () => base64UrlDecode(str('base64url.decode', s))).toString('utf8'),
  'hex.encode': ([s]) => Buffer.from(str('hex.encode', s), 'utf8').toString('hex'),
  'hex.decode': ([s]) => decoding('hex.decode', () => hexDecode(str('hex.decode', s))).toString('utf8'),
  'urlquery.encode': ([s]) => queryEscape(str('urlquery.encode', s)),
  'urlquery.decode': ([s]) => decoding('urlquery.decode', () => queryUnescape(str('urlquery.decode', s))),
  'urlquery.encode_object': encodeObject,
  'urlquery.decode_object': decodeObject,
  'json.marshal': ([v]) => goJsonMarshal(v),
  'json.marshal_with_options': marshalWithOptions,
  'json.unmarshal': ([s]) => unmarshal('json.unmarshal', s),
  // OPA answers false, not an error, for a non-string.
  'json.is_valid': ([s]) => {
    if (typeof s !== 'string') return false;
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  },
  'json.patch': ([doc, patches]) => {
    if (!Array.isArray(patches)) throw operandError('json.patch', 2, 'array', typeNameOf(patches));
    return jsonPatch(doc, patches);
  },
  'yaml.marshal': ([v]) => stringifyYaml(v, { indentSeq: false, sortMapEntries: true, lineWidth: 0 }),
  'yaml.unmarshal': ([s]) => {
    const text = stringArg('yaml.unmarshal', s, 1);
    return decoding('yaml.unmarshal', () => yamlParse(text) ?? null) as Value;
  },
  'yaml.is_valid': ([s]) => {
    if (typeof s !== 'string') return false;
    try {
      yamlParse(s);
      return true;
    } catch {
      return false;
    }
  },
};
