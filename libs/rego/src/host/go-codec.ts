/**
 * Go's base64 and hex decoders and JSON encoder, whose acceptance rules and error texts
 * OPA's builtins pass through: "illegal base64 data at input byte N",
 * "encoding/hex: invalid byte: U+0067 'g'", json.Marshal's sorted keys and HTML escapes.
 */
import { compareStrings, isScalarValue, scalarText } from './rego-text';
import { ObjectEntries, SetValue, isObject, jsonView, type Value } from './values';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Go's base64 decoding (padded alphabets): CR/LF are skipped, padding must be exact. */
export function base64Decode(s: string, url: boolean): Buffer {
  const alphabet = url ? URL : STD;
  const illegal = (i: number) => new Error(`illegal base64 data at input byte ${i}`);
  const bytes = Buffer.from(s, 'latin1');
  const out: number[] = [];
  let quantum: number[] = [];
  let i = 0;
  for (; i < bytes.length; i++) {
    const c = String.fromCharCode(bytes[i]);
    if (c === '\r' || c === '\n') continue;
    if (c === '=') break;
    const v = alphabet.indexOf(c);
    if (v < 0 || bytes[i] > 127) throw illegal(i);
    quantum.push(v);
    if (quantum.length === 4) {
      out.push((quantum[0] << 2) | (quantum[1] >> 4), ((quantum[1] & 15) << 4) | (quantum[2] >> 2), ((quantum[2] & 3) << 6) | quantum[3]);
      quantum = [];
    }
  }
  if (i < bytes.length) {
    // Padding: only after 2 or 3 symbols, exactly filling the quantum, and nothing after it.
    const need = 4 - quantum.length;
    if (quantum.length < 2) throw illegal(i);
    let pads = 0;
    let j = i;
    for (; j < bytes.length && pads < need; j++) {
      const c = bytes[j];
      if (c === 13 || c === 10) continue;
      if (c !== 61) throw illegal(j - 1);
      pads++;
    }
    if (pads < need) throw illegal(bytes.length);
    for (; j < bytes.length; j++) if (bytes[j] !== 13 && bytes[j] !== 10) throw illegal(j);
  } else if (quantum.length !== 0) {
    // Unpadded end of a padded encoding: Go reports where the incomplete quantum starts.
    throw illegal(bytes.length - quantum.length);
  }
  if (quantum.length >= 2) out.push((quantum[0] << 2) | (quantum[1] >> 4));
  if (quantum.length === 3) out.push(((quantum[1] & 15) << 4) | (quantum[2] >> 2));
  return Buffer.from(out);
}

/**
 * OPA's base64url.decode: unpadded input is padded first (RFC 7515 appendix C);
 * a length of 1 mod 4 cannot be padded.
 */
export function base64UrlDecode(s: string): Buffer {
  let padded = s;
  if (!s.endsWith('=')) {
    const rem = Buffer.byteLength(s, 'latin1') % 4;
    if (rem === 1) throw new Error(`illegal base64url string: ${s}`);
    if (rem === 2) padded += '==';
    else if (rem === 3) padded += '=';
  }
  return base64Decode(padded, true);
}

export function base64UrlEncode(bytes: Buffer | string, pad: boolean): string {
  const b64 = Buffer.from(bytes).toString('base64url');
  return pad ? b64.padEnd(Math.ceil(b64.length / 4) * 4, '=') : b64;
}

/** Go's hex.DecodeString. */
export function hexDecode(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const val = (b: number) => (b >= 48 && b <= 57 ? b - 48 : b >= 97 && b <= 102 ? b - 87 : b >= 65 && b <= 70 ? b - 55 : -1);
  const bad = (b: number) => {
    const hex = b.toString(16).toUpperCase().padStart(4, '0');
    return new Error(`encoding/hex: invalid byte: U+${hex} '${String.fromCharCode(b)}'`);
  };
  const out: number[] = [];
  let j = 1;
  for (; j < bytes.length; j += 2) {
    const a = val(bytes[j - 1]);
    const b = val(bytes[j]);
    if (a < 0) throw bad(bytes[j - 1]);
    if (b < 0) throw bad(bytes[j]);
    out.push((a << 4) | b);
  }
  if (bytes.length % 2 === 1) {
    if (val(bytes[j - 1]) < 0) throw bad(bytes[j - 1]);
    throw new Error('encoding/hex: odd length hex string');
  }
  return Buffer.from(out);
}

/** A JSON string as Go's encoding/json writes it (HTML-safe: <, >, & and U+2028/9 escaped). */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's json.Marshal of a value: sorted keys, no spaces. */
export function goJsonMarshal(v: Value): string {
  if (isScalarValue(v)) return scalarText(v, goJsonString);
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`;
  if (v instanceof SetValue || v instanceof ObjectEntries) return goJsonMarshal(jsonView(v));
  const keys = Object.keys(v).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonMarshal(v[k])}`).join(',')}}`;
}

/** Go's json.MarshalIndent(v, prefix, indent) (the prefix also starts the first line, as OPA prints it). */
export function goJsonIndent(v: Value, prefix: string, indent: string, depth = 0): string {
  const nl = (d: number) => `\n${prefix}${indent.repeat(d)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl(depth + 1) + goJsonIndent(x, prefix, indent, depth + 1)).join(',')}${nl(depth)}]`;
  }
  if (v instanceof SetValue || v instanceof ObjectEntries) return goJsonIndent(jsonView(v), prefix, indent, depth);
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareStrings);
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${nl(depth + 1)}${goJsonString(k)}: ${goJsonIndent(v[k], prefix, indent, depth + 1)}`);
    return `{${items.join(',')}${nl(depth)}}`;
  }
  return goJsonMarshal(v);
}

/** Go-style text of a JSON syntax error, from what JSON.parse reports. */
export function goJsonError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const ch = text[Number(pos[1])];
    if (ch !== undefined) return `invalid character '${ch}' looking for beginning of value`;
  }
  return 'unexpected end of JSON input';
}
