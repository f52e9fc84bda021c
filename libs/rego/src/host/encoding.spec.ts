import { callArgs } from './testing/rego-args';
import { opaCase, opaCases, wantX } from './testing/opa-cases';
import { callHost, expectCaseError, hostError } from './testing/host-call';
import { EvaluationState } from './context';
import { HOST_IMPLEMENTATIONS } from './index';
import { SetValue, type Value } from './values';

/** Cases of the form `p contains x if { f(args..., x) }` whose want is a one-element list. */
const firstOf = (c: ReturnType<typeof opaCase>) => (wantX(c) as unknown[])[0];

describe('crypto.* (OPA cases)', () => {
  it.each([
    ['cryptomd5', 'crypto.md5'],
    ['cryptosha1', 'crypto.sha1'],
    ['cryptosha256', 'crypto.sha256'],
  ])('%s', (cat, name) => {
    const c = opaCases(cat)[0];
    expect(callHost(name, callArgs(c.modules[0], name).slice(0, 1))).toBe(firstOf(c));
  });
  it.each([
    ['cryptohmacmd5', 'crypto.hmac.md5'],
    ['cryptohmacsha1', 'crypto.hmac.sha1'],
    ['cryptohmacsha256', 'crypto.hmac.sha256'],
    ['cryptohmacsha512', 'crypto.hmac.sha512'],
    ['cryptohmacequal', 'crypto.hmac.equal'],
  ])('%s', (cat, name) => {
    for (const c of opaCases(cat)) {
      const input = c.input as Record<string, string>;
      const args = name === 'crypto.hmac.equal' ? [input.mac1, input.mac2] : [input.message, input.key];
      expect({ note: c.note, got: callHost(name, args) }).toEqual({ note: c.note, got: firstOf(c) });
    }
  });
});

describe('encodings (OPA cases)', () => {
  it('base64 and base64url', () => {
    expect(callHost('base64.encode', ['hello'])).toBe(wantX(opaCase('base64builtins', 'base64builtins/encode-1')));
    expect(callHost('base64.decode', ['dGhlcmU='])).toBe(wantX(opaCase('base64builtins', 'base64builtins/decode-2')));
    expect(callHost('base64url.encode', ['hello'])).toBe(wantX(opaCase('base64urlbuiltins', 'base64urlbuiltins/encode-1')));
    expect(callHost('base64url.encode', ['there'])).toBe(wantX(opaCase('base64urlbuiltins', 'base64urlbuiltins/encode-2')));
    expect(callHost('base64url.decode', ['aGVsbG8='])).toBe(wantX(opaCase('base64urlbuiltins', 'base64urlbuiltins/decode-1 padded string')));
    expect(callHost('base64url.decode', ['aGVsbG8'])).toBe(wantX(opaCase('base64urlbuiltins', 'base64urlbuiltins/decode-2 non-padded string')));
  });
  it('hex', () => {
    expect(callHost('hex.encode', ['lorem ipsum'])).toBe(wantX(opaCase('hexbuiltins', 'hexbuiltins/hex_encode with string')));
    expect(callHost('hex.decode', ['6c6f72656d20697073756d'])).toBe(wantX(opaCase('hexbuiltins', 'hexbuiltins/hex_decode with string')));
    expectCaseError(opaCase('hexbuiltins', 'hexbuiltins/hex_decode with invalid hex encoded string'), 'hex.decode', ['fghijkl']);
    expect(hostError('hex.decode', ['abc']).message).toBe('hex.decode: encoding/hex: odd length hex string');
  });
  it('urlquery', () => {
    expect(callHost('urlquery.encode', ['a=b+1'])).toBe(wantX(opaCase('urlbuiltins', 'urlbuiltins/encode')));
    expect(callHost('urlquery.encode_object', [{}])).toBe(wantX(opaCase('urlbuiltins', 'urlbuiltins/encode_object empty')));
  });
  it('json.marshal, marshal_with_options, unmarshal, is_valid', () => {
    const marshalCase = opaCase('jsonbuiltins', 'jsonbuiltins/marshal');
    expect(callHost('json.marshal', [[{ foo: [1, 2, 3] }]])).toBe(wantX(marshalCase));
    expect(callHost('json.marshal', [[1234567890, 2000000, 1000000000]])).toBe(wantX(opaCase('jsonbuiltins', 'jsonbuiltins/marshal large integers')));
    const nums = [1234567890, 2000000, 1000000000];
    for (const c of opaCases('jsonbuiltins').filter((x) => x.note.startsWith('jsonbuiltins/marshal_with_options'))) {
      const [value, opts] = callArgs(c.modules[0], 'json.marshal_with_options');
      const v = (value as { $ref?: string }).$ref ? nums : value;
      if (c.want_error) expectCaseError(c, 'json.marshal_with_options', [v, opts]);
      else expect({ note: c.note, got: callHost('json.marshal_with_options', [v, opts]) }).toEqual({ note: c.note, got: wantX(c) });
    }
    expect(callHost('json.unmarshal', ['[{"foo":[1,2,3]}]'])).toEqual(wantX(opaCase('jsonbuiltins', 'jsonbuiltins/unmarshal')));
    expect(['plainstring', '{', '{"json": "ok"}'].map((d) => callHost('json.is_valid', [d]))).toEqual(wantX(opaCase('jsonbuiltins', 'jsonbuiltins/json is_valid')));
    expect(callHost('json.is_valid', [1])).toBe(wantX(opaCase('jsonbuiltins', 'jsonbuiltins/json is_valid not string')));
    expect(hostError('json.unmarshal', ['{x'])).toEqual({ code: 'eval_builtin_error', message: "json.unmarshal: invalid character 'x' looking for beginning of value" });
  });
  it('yaml', () => {
    const docs = ['foo:\n- qux: bar\n- baz: 2', 'foo:\n- qux: bar\n- baz: {', '{"json": "ok"}'];
    expect(docs.map((d) => callHost('yaml.is_valid', [d]))).toEqual(wantX(opaCase('jsonbuiltins', 'jsonbuiltins/yaml is_valid')));
    expect(callHost('yaml.is_valid', [1])).toBe(false);
    expect(callHost('yaml.unmarshal', [docs[0]])).toEqual({ foo: [{ qux: 'bar' }, { baz: 2 }] });
    expect(callHost('yaml.unmarshal', ['on: yes'])).toEqual({ true: true });
    expect(callHost('yaml.marshal', [{ b: [1, 'x'], a: { c: null } }])).toBe('a:\n  c: null\nb:\n- 1\n- x\n');
  });
});

describe('json.patch (OPA cases without sets)', () => {
  it('add-to-bad-path is undefined', () => {
    const c = opaCase('jsonpatch', 'jsonpatch/set-failure add-to-bad-path');
    expect(c.want_result).toEqual([]);
    expect(callHost('json.patch', [[1, 2, 3], [{ op: 'add', path: '1.2', value: 'foo' }]])).toBeUndefined();
  });
  it('RFC 6902 operations', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    const patch = (ops: unknown[]) => callHost('json.patch', [doc, ops]);
    expect(patch([{ op: 'add', path: '/a/b/1', value: 9 }])).toEqual({ a: { b: [1, 9, 2] }, c: 'x' });
    expect(patch([{ op: 'add', path: '/a/b/-', value: 3 }])).toEqual({ a: { b: [1, 2, 3] }, c: 'x' });
    expect(patch([{ op: 'remove', path: 'c' }])).toEqual({ a: { b: [1, 2] } });
    expect(patch([{ op: 'replace', path: ['a', 'b', 0], value: 0 }])).toEqual({ a: { b: [0, 2] }, c: 'x' });
    expect(patch([{ op: 'move', from: '/c', path: '/a/d' }])).toEqual({ a: { b: [1, 2], d: 'x' } });
    expect(patch([{ op: 'copy', from: '/a/b', path: '/e' }])).toEqual({ a: { b: [1, 2] }, c: 'x', e: [1, 2] });
    expect(patch([{ op: 'test', path: '/c', value: 'x' }])).toEqual(doc);
    expect(patch([{ op: 'test', path: '/c', value: 'y' }])).toBeUndefined();
    expect(patch([{ op: 'remove', path: '/nope' }])).toBeUndefined();
    expect(patch([{ op: 'add', path: '/a/b/5', value: 1 }])).toBeUndefined();
    expect(patch([{ op: 'frobnicate', path: '/c' }])).toBeUndefined();
    expect(patch([{ op: 'add', path: '', value: 7 }])).toBe(7);
    expect(patch([{ op: 'add', path: '/a~1b', value: 1 }])).toEqual({ a: { b: [1, 2] }, c: 'x', 'a/b': 1 });
    // the empty path is the whole document, for replace too (json-patch-tests "replace whole document")
    expect(patch([{ op: 'replace', path: '', value: { baz: 'qux' } }])).toEqual({ baz: 'qux' });
    expect(callHost('json.patch', ['foo', [{ op: 'replace', path: '', value: 'bar' }]])).toBe('bar');
  });
});

describe('json.patch on sets (an exact host call: sets arrive as SetValue)', () => {
  const set = (...items: unknown[]) => new SetValue(items as Value[]);
  // the implementation itself: callHost would turn the sets in results into arrays
  const patch = (doc: unknown, ops: unknown[]) => HOST_IMPLEMENTATIONS['json.patch']([doc as Value, ops as Value], new EvaluationState());
  it('addresses members by value; an added member must be named by its path', () => {
    expect(patch({ foo: set('a', 'b', 'c') }, [{ op: 'remove', path: 'foo/b' }])).toEqual({ foo: set('a', 'c') });
    expect(patch({ foo: set('a', 'b') }, [{ op: 'add', path: 'foo/d', value: 'd' }])).toEqual({ foo: set('a', 'b', 'd') });
    expect(patch({ foo: set('a', 'b') }, [{ op: 'add', path: 'foo/d', value: 'e' }])).toBeUndefined();
    expect(patch({ foo: set('a', 'b'), bar: set('c') }, [{ op: 'move', from: 'foo/a', path: 'bar/a' }])).toEqual({ foo: set('b'), bar: set('c', 'a') });
    expect(patch(set([1]), [{ op: 'add', path: [[1], 1], value: 2 }])).toEqual(set([1, 2]));
    expect(patch({ foo: set('a') }, [{ op: 'remove', path: 'foo/z' }])).toBeUndefined();
    expect(patch({ foo: set('a') }, [{ op: 'test', path: 'foo', value: set('a') }])).toEqual({ foo: set('a') });
  });
  it('leaves the argument untouched', () => {
    const doc = { foo: set('a', 'b') };
    patch(doc, [{ op: 'remove', path: 'foo/a' }]);
    expect(doc).toEqual({ foo: set('a', 'b') });
  });
});
