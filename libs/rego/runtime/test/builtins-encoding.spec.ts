import fc from 'fast-check';
import { hostCall, stringsOf } from './host-reference';
import { useNativeRuntime } from './native-call';

const n = useNativeRuntime();
const call = n.call;

const text = stringsOf('aZ09+/=-_ %&<>~.é😀\r\n\u2028"\\', 14);
const b64ish = stringsOf('QUJDabc+/-_=\n', 12);
const hexish = stringsOf('0a9fFgz', 9);

/** Decoded bytes may not be UTF-8: the runtime keeps them, the host makes U+FFFD; compare only UTF-8 results. */
const utf8 = (v: unknown) => typeof v !== 'string' || !v.includes('\ufffd');

describe('encodings agree with the host implementations', () => {
  it('base64, base64url, hex, urlquery on random text', () => {
    fc.assert(
      fc.property(text, b64ish, hexish, (s, b, h) => {
        for (const name of ['base64.encode', 'base64url.encode', 'base64url.encode_no_pad', 'hex.encode', 'urlquery.encode']) {
          expect([name, s, n.callJson(name, s)]).toEqual([name, s, hostCall(name, s)]);
        }
        // The host works on UTF-16 units (astral characters, the 3 quoted units of an error);
        // the runtime on bytes, as Go does.
        const unescaped = hostCall('urlquery.decode', s);
        if (utf8(unescaped) && (typeof unescaped === 'string' || /^[\x00-\x7f]*$/.test(s))) expect(n.callJson('urlquery.decode', s)).toEqual(unescaped);
        for (const name of ['base64.decode', 'base64url.decode', 'base64.is_valid']) {
          const want = hostCall(name, b);
          if (utf8(want)) expect([name, b, n.callJson(name, b)]).toEqual([name, b, want]);
        }
        const want = hostCall('hex.decode', h);
        if (utf8(want)) expect(n.callJson('hex.decode', h)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('json.marshal (compact and pretty), unmarshal, is_valid on random documents', () => {
    // Numbers with exponents are left out: the runtime prints integers in full (1e+21 as
    // 1000000000000000000000) and floats the Go way (1e-07), JS neither.
    // and non-integral floats outside [1e-4, 1e6) in Go's exponent form (OPA prints the literal).
    const plain = (v: unknown): boolean =>
      typeof v === 'number'
        ? Number.isInteger(v) || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6)
        : v === null || typeof v !== 'object' || Object.values(v as object).every(plain);
    const doc = fc.jsonValue({ maxDepth: 3 }).filter((v) => !/-0|\d[eE]/.test(JSON.stringify(v)) && plain(v));
    fc.assert(
      fc.property(doc, fc.constantFrom({}, { pretty: true }, { indent: '  ' }, { prefix: '> ', indent: '\t' }, { pretty: false, indent: 'x' }), (v, opts) => {
        expect(n.callJson('json.marshal', v)).toEqual(hostCall('json.marshal', v));
        expect(n.callJson('json.marshal_with_options', v, opts)).toEqual(hostCall('json.marshal_with_options', v, opts));
        const s = JSON.stringify(v);
        expect(n.callJson('json.unmarshal', s)).toEqual(JSON.parse(s));
        expect(n.callJson('json.is_valid', s)).toBe(true);
        expect(n.callJson('json.is_valid', s.slice(0, -1) || '{')).toEqual(hostCall('json.is_valid', s.slice(0, -1) || '{'));
      }),
      { numRuns: 300 },
    );
  });

  it('urlquery objects', () => {
    const obj = fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 });
    fc.assert(fc.property(obj, (o) => expect(n.callJson('urlquery.encode_object', o)).toEqual(hostCall('urlquery.encode_object', o))));
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '=', '&', '%41', '+', 'é'), { maxLength: 10 }), (parts) => {
        const q = parts.join('');
        expect(n.callJson('urlquery.decode_object', q)).toEqual(hostCall('urlquery.decode_object', q));
      }),
    );
  });
});

describe('encodings: OPA texts and what only the runtime can see', () => {
  it('errors', () => {
    expect(call('base64.decode', '"YW=j"')).toBe('error: eval_builtin_error: base64.decode: illegal base64 data at input byte 2');
    expect(call('base64url.decode', '"a"')).toBe('error: eval_builtin_error: base64url.decode: illegal base64url string: a');
    expect(call('hex.decode', '"fghijkl"')).toBe("error: eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+0067 'g'");
    expect(call('hex.decode', '"abc"')).toBe('error: eval_builtin_error: hex.decode: encoding/hex: odd length hex string');
    expect(call('urlquery.decode', '"a%zz"')).toBe('error: eval_builtin_error: urlquery.decode: invalid URL escape "%zz"');
    expect(call('urlquery.decode', '"%😀"')).toBe('error: eval_builtin_error: urlquery.decode: invalid URL escape "%\\xf0\\x9f"');
    expect(call('urlquery.decode_object', '"a=1;b=2"')).toBe('error: eval_builtin_error: urlquery.decode_object: invalid semicolon separator in query');
    expect(call('urlquery.encode_object', '{"a": 1}')).toBe(
      'error: eval_type_error: urlquery.encode_object: operand 1 values must be string, array[string], or set[string]',
    );
    expect(call('json.marshal_with_options', '1', '{"include_winning_lottery_numbers": true}')).toBe(
      'error: eval_type_error: json.marshal_with_options: operand 2 object contained unknown key "include_winning_lottery_numbers"',
    );
    expect(call('json.unmarshal', '"{x"')).toBe('error: eval_builtin_error: json.unmarshal: unexpected end of JSON input');
    expect(call('json.unmarshal', '"x"')).toBe("error: eval_builtin_error: json.unmarshal: invalid character 'x' looking for beginning of value");
    expect(call('json.is_valid', '1')).toBe('false');
    expect(call('base64.is_valid', '1')).toBe('false');
  });

  it('sets, big numbers and raw bytes', () => {
    expect(call('json.marshal', '{"s": {3, 1}, "n": 123456789012345678901234567890}')).toBe('"{\\"n\\":123456789012345678901234567890,\\"s\\":[1,3]}"');
    expect(call('json.unmarshal', '"[123456789012345678901234567890]"')).toBe('[123456789012345678901234567890]');
    expect(call('urlquery.encode_object', '{"b": {"y", "x"}, "a": "1 2"}')).toBe('"a=1+2&b=x&b=y"');
    expect(n.rt.x.vg_len(n.rt.x.vg_builtin_base64_decode(n.rt.str('/w==')))).toBe(1); // one raw byte, as OPA keeps it
  });
});
