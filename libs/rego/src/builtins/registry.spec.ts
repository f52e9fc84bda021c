import type { BuiltinLookup } from '../check/builtin-api';
import { HOST_IMPLEMENTATIONS } from '../host';
import { NATIVE_BUILTINS, RUNTIME_API } from '../wasm/runtime-api';
import {
  BUILTINS,
  arityOf,
  builtinUseError,
  builtinsByImpl,
  hostResultIsSet,
  isBuiltin,
  isBuiltinNamespace,
  lookupBuiltin,
  lookupByHostName,
  registryLookup,
} from './registry';
import { T_NUM, T_STR, anyOf, arrayOf, formatType, objectOf, objectWith, setOf, tuple } from './types';

describe('builtin registry', () => {
  it('has unique names, sorted', () => {
    const names = BUILTINS.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
  });

  it('marks host only what src/host implements, and every host implementation is registered', () => {
    const host = builtinsByImpl('host').map((b) => b.name).sort();
    for (const name of host) expect(HOST_IMPLEMENTATIONS[name]).toBeInstanceOf(Function);
    for (const name of Object.keys(HOST_IMPLEMENTATIONS)) {
      const b = lookupBuiltin(name);
      expect(b).toBeDefined();
      // A host implementation may exist as a fallback for a native builtin, never for an unsupported one.
      expect(['host', 'native']).toContain(b?.impl);
    }
  });

  it('marks native exactly what wasm/runtime-api.ts lists in NATIVE_BUILTINS', () => {
    const native = builtinsByImpl('native').map((b) => b.name).sort();
    expect(native).toEqual(Object.keys(NATIVE_BUILTINS).sort());
    for (const b of builtinsByImpl('native')) {
      const exp = RUNTIME_API[NATIVE_BUILTINS[b.name]];
      // The export takes one value pointer per argument.
      expect({ name: b.name, params: exp.params.length }).toEqual({ name: b.name, params: b.args.length });
    }
  });

  it('gives host builtins their private name and only them', () => {
    for (const b of BUILTINS) {
      expect(b.hostName).toBe(b.impl === 'host' ? `vigil.${b.name}` : undefined);
      if (b.hostName) expect(lookupByHostName(b.hostName)).toBe(b);
    }
  });

  it('flags exactly the builtins OPA deprecated', () => {
    const deprecated = BUILTINS.filter((b) => b.deprecated).map((b) => b.name).sort();
    expect(deprecated).toEqual([
      'all',
      'any',
      'cast_array',
      'cast_boolean',
      'cast_null',
      'cast_object',
      'cast_set',
      'cast_string',
      'net.cidr_overlap',
      're_match',
      'set_diff',
    ]);
  });

  it('flags exactly the builtins OPA declares nondeterministic', () => {
    const nondet = BUILTINS.filter((b) => !b.deterministic).map((b) => b.name).sort();
    expect(nondet).toEqual([
      'http.send',
      'io.jwt.decode_verify',
      'io.jwt.encode_sign',
      'io.jwt.encode_sign_raw',
      'net.lookup_ip_addr',
      'opa.runtime',
      'rand.intn',
      'time.now_ns',
      'uuid.rfc4122',
    ]);
  });

  it('maps the parser operators to builtins', () => {
    const infix = Object.fromEntries(BUILTINS.filter((b) => b.infix && b.infix !== 'in').map((b) => [b.infix, b.name]));
    expect(infix).toEqual({
      '=': 'eq',
      ':=': 'assign',
      '==': 'equal',
      '!=': 'neq',
      '<': 'lt',
      '<=': 'lte',
      '>': 'gt',
      '>=': 'gte',
      '+': 'plus',
      '-': 'minus',
      '*': 'mul',
      '/': 'div',
      '%': 'rem',
      '&': 'and',
      '|': 'or',
    });
  });

  it('declares arities and relations', () => {
    expect(arityOf(lookupBuiltin('time.now_ns')!)).toBe(0);
    expect(arityOf(lookupBuiltin('regex.template_match')!)).toBe(4);
    expect(arityOf(lookupBuiltin('print')!)).toBeUndefined();
    expect(BUILTINS.filter((b) => b.relation).map((b) => b.name)).toEqual(['walk']);
    // The SDK has opa_builtin0..4 only.
    for (const b of BUILTINS) expect(b.args.length).toBeLessThanOrEqual(4);
  });

  it('knows builtin namespaces', () => {
    expect(isBuiltinNamespace('io')).toBe(true);
    expect(isBuiltinNamespace('io.jwt')).toBe(true);
    expect(isBuiltinNamespace('crypto.hmac')).toBe(true);
    expect(isBuiltinNamespace('io.jwt.decode')).toBe(false);
    expect(isBuiltinNamespace('authz')).toBe(false);
    expect(isBuiltin('io.jwt.decode')).toBe(true);
    expect(isBuiltin('io.jwt')).toBe(false);
  });

  it('says which host results are sets', () => {
    expect(hostResultIsSet(lookupBuiltin('net.cidr_expand')!)).toBe(true);
    expect(hostResultIsSet(lookupBuiltin('graph.reachable')!)).toBe(true);
    expect(hostResultIsSet(lookupBuiltin('split')!)).toBe(false);
  });

  it('serves the check passes through their BuiltinLookup interface', () => {
    const lookup: BuiltinLookup = registryLookup;
    expect(lookup.get('count')?.args).toHaveLength(1);
    expect(lookup.get('http.send')).toBeUndefined();
    expect(lookup.isKnownUnsupported?.('http.send')).toBe(true);
    expect(lookup.isKnownUnsupported?.('nope')).toBe(false);
  });

  it('explains why a call cannot compile, in OPA wording', () => {
    expect(builtinUseError('nope.fn')).toEqual({ code: 'rego_type_error', message: 'undefined function nope.fn' });
    expect(builtinUseError('re_match')).toEqual({
      code: 'rego_type_error',
      message: 'deprecated built-in function calls in expression: re_match',
    });
    expect(builtinUseError('http.send')?.code).toBe('rego_unsupported_builtin_error');
    expect(builtinUseError('eq')).toBeUndefined();
  });
});

describe('type notation', () => {
  it('prints the shapes of declarations', () => {
    expect(formatType(arrayOf(T_STR))).toBe('array<string>');
    expect(formatType(tuple(T_NUM, T_STR))).toBe('[number, string]');
    expect(formatType(anyOf(T_NUM, setOf(T_STR)))).toBe('number | set<string>');
    expect(formatType(objectOf(T_STR, arrayOf(T_NUM)))).toBe('object<string, array<number>>');
    expect(formatType(objectWith({ pretty: T_NUM, indent: T_STR }, { key: T_STR, value: T_NUM }))).toBe(
      '{indent: string, pretty: number, ...object<string, number>}',
    );
  });
});
