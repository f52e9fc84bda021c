/**
 * Declarations of the library builtins: encodings, time, JWT, crypto, networks, versions,
 * units, UUIDs, randomness and the runtime/IO ones. Types follow OPA v1's declarations.
 * `impl` must say where each one actually runs today (see registry.spec.ts).
 */
import { def, type BuiltinDef, type RowOptions } from './decl';
import {
  T_ANY,
  T_ARRAY_ANY,
  T_BOOL,
  T_NULL,
  T_NUM,
  T_OBJECT_ANY,
  T_STR,
  anyOf,
  arrayOf,
  objectOf,
  objectWith,
  setOf,
  tuple,
  type RegoType,
} from './types';

const NONDET: RowOptions = { deterministic: false };
const H: RowOptions = { impl: 'host' };
/** Host, with arguments and result as Rego value text (sets, exact numbers): decl.ts `exactValues`. */
const HOST_EXACT: RowOptions = { impl: 'host', exactValues: true };
const NATIVE: RowOptions = { impl: 'native' };
const H_NONDET: RowOptions = { impl: 'host', deterministic: false };

const STR_OBJ = objectOf(T_STR, T_ANY);
/** A time value: nanoseconds since the epoch, or `[ns, "IANA zone"]`. */
const TIME = anyOf(T_NUM, tuple(T_NUM, T_STR));
const PATHS = anyOf(arrayOf(anyOf(T_STR, T_ARRAY_ANY)), setOf(anyOf(T_STR, T_ARRAY_ANY)));
const CIDR_TERMS = anyOf(
  T_STR,
  arrayOf(anyOf(T_STR, T_ARRAY_ANY)),
  objectOf(T_STR, anyOf(T_STR, T_ARRAY_ANY)),
  setOf(anyOf(T_STR, T_ARRAY_ANY)),
);

const enc = (name: string, result: RegoType = T_STR, opts: RowOptions = H) => def('encoding', name, [T_STR], result, opts);
const jwtVerify = (alg: string) => def('jwt', `io.jwt.verify_${alg}`, [T_STR, T_STR], T_BOOL, H);
const hmac = (alg: string) => def('crypto', `crypto.hmac.${alg}`, [T_STR, T_STR], T_STR, H);

export const EXT_BUILTINS: readonly BuiltinDef[] = [
  enc('base64.encode', T_STR, NATIVE),
  enc('base64.decode', T_STR, NATIVE),
  enc('base64.is_valid', T_BOOL, NATIVE),
  enc('base64url.encode', T_STR, NATIVE),
  enc('base64url.encode_no_pad', T_STR, NATIVE),
  enc('base64url.decode', T_STR, NATIVE),
  enc('hex.encode', T_STR, NATIVE),
  enc('hex.decode', T_STR, NATIVE),
  enc('urlquery.encode', T_STR, NATIVE),
  enc('urlquery.decode', T_STR, NATIVE),
  def('encoding', 'urlquery.encode_object', [objectOf(T_STR, anyOf(T_STR, arrayOf(T_STR), setOf(T_STR)))], T_STR, NATIVE),
  def('encoding', 'urlquery.decode_object', [T_STR], objectOf(T_STR, arrayOf(T_STR)), NATIVE),
  def('encoding', 'json.marshal', [T_ANY], T_STR, NATIVE),
  def('encoding', 'json.marshal_with_options', [T_ANY, objectWith({ indent: T_STR, prefix: T_STR, pretty: T_BOOL }, { key: T_STR, value: T_ANY })], T_STR, NATIVE),
  def('encoding', 'json.unmarshal', [T_STR], T_ANY, NATIVE),
  enc('json.is_valid', T_BOOL, NATIVE),
  def('encoding', 'json.patch', [T_ANY, arrayOf(objectWith({ op: T_STR, path: T_ANY }, { key: T_ANY, value: T_ANY }))], T_ANY, HOST_EXACT), // set members by value
  def('encoding', 'json.filter', [T_OBJECT_ANY, PATHS], T_OBJECT_ANY, NATIVE),
  def('encoding', 'json.remove', [T_OBJECT_ANY, PATHS], T_OBJECT_ANY, NATIVE),
  def('encoding', 'json.match_schema', [anyOf(T_STR, T_OBJECT_ANY), anyOf(T_STR, T_OBJECT_ANY)], tuple(T_BOOL, arrayOf(objectWith({ desc: T_STR, error: T_STR, field: T_STR, type: T_STR })))),
  def('encoding', 'json.verify_schema', [anyOf(T_STR, T_OBJECT_ANY)], tuple(T_BOOL, anyOf(T_NULL, T_STR))),
  def('encoding', 'yaml.marshal', [T_ANY], T_STR, H),
  enc('yaml.unmarshal', T_ANY),
  enc('yaml.is_valid', T_BOOL),

  def('time', 'time.now_ns', [], T_NUM, H_NONDET),
  def('time', 'time.parse_ns', [T_STR, T_STR], T_NUM, H),
  def('time', 'time.parse_rfc3339_ns', [T_STR], T_NUM, H),
  def('time', 'time.parse_duration_ns', [T_STR], T_NUM, H),
  def('time', 'time.date', [TIME], tuple(T_NUM, T_NUM, T_NUM), H),
  def('time', 'time.clock', [TIME], tuple(T_NUM, T_NUM, T_NUM), H),
  def('time', 'time.weekday', [TIME], T_STR, H),
  def('time', 'time.add_date', [T_NUM, T_NUM, T_NUM, T_NUM], T_NUM, H),
  def('time', 'time.diff', [TIME, TIME], tuple(T_NUM, T_NUM, T_NUM, T_NUM, T_NUM, T_NUM), H),
  def('time', 'time.format', [anyOf(T_NUM, tuple(T_NUM, T_STR), tuple(T_NUM, T_STR, T_STR))], T_STR, H),

  def('jwt', 'io.jwt.decode', [T_STR], tuple(T_OBJECT_ANY, T_OBJECT_ANY, T_STR), H),
  // Nondeterministic in OPA: without a `time` constraint the check uses the clock.
  def('jwt', 'io.jwt.decode_verify', [T_STR, STR_OBJ], tuple(T_BOOL, T_OBJECT_ANY, T_OBJECT_ANY), H_NONDET),
  def('jwt', 'io.jwt.encode_sign', [STR_OBJ, STR_OBJ, STR_OBJ], T_STR, H_NONDET),
  def('jwt', 'io.jwt.encode_sign_raw', [T_STR, T_STR, T_STR], T_STR, H_NONDET),
  ...['hs256', 'hs384', 'hs512', 'rs256', 'rs384', 'rs512', 'ps256', 'ps384', 'ps512', 'es256', 'es384', 'es512', 'eddsa'].map(jwtVerify),

  def('crypto', 'crypto.md5', [T_STR], T_STR, H),
  def('crypto', 'crypto.sha1', [T_STR], T_STR, H),
  def('crypto', 'crypto.sha256', [T_STR], T_STR, H),
  hmac('md5'),
  hmac('sha1'),
  hmac('sha256'),
  hmac('sha512'),
  def('crypto', 'crypto.hmac.equal', [T_STR, T_STR], T_BOOL, H),
  def('crypto', 'crypto.x509.parse_certificates', [T_STR], arrayOf(STR_OBJ)),
  def('crypto', 'crypto.x509.parse_and_verify_certificates', [T_STR], tuple(T_BOOL, arrayOf(STR_OBJ))),
  def('crypto', 'crypto.x509.parse_and_verify_certificates_with_options', [T_STR, STR_OBJ], tuple(T_BOOL, arrayOf(STR_OBJ))),
  def('crypto', 'crypto.x509.parse_certificate_request', [T_STR], STR_OBJ),
  def('crypto', 'crypto.x509.parse_keypair', [T_STR, T_STR], STR_OBJ),
  def('crypto', 'crypto.x509.parse_rsa_private_key', [T_STR], STR_OBJ),
  def('crypto', 'crypto.parse_private_keys', [T_STR], arrayOf(STR_OBJ)),

  def('net', 'net.cidr_contains', [T_STR, T_STR], T_BOOL, H),
  def('net', 'net.cidr_intersects', [T_STR, T_STR], T_BOOL, H),
  def('net', 'net.cidr_overlap', [T_STR, T_STR], T_BOOL, { deprecated: true, impl: 'host' }),
  def('net', 'net.cidr_contains_matches', [CIDR_TERMS, CIDR_TERMS], setOf(tuple(T_ANY, T_ANY)), HOST_EXACT), // set members are their own keys
  def('net', 'net.cidr_expand', [T_STR], setOf(T_STR), H),
  def('net', 'net.cidr_is_valid', [T_STR], T_BOOL, H),
  def('net', 'net.cidr_merge', [anyOf(arrayOf(T_STR), setOf(T_STR))], setOf(T_STR), H),
  def('net', 'net.lookup_ip_addr', [T_STR], setOf(T_STR), NONDET),

  def('semver', 'semver.compare', [T_STR, T_STR], T_NUM, H),
  def('semver', 'semver.is_valid', [T_ANY], T_BOOL, H),

  def('units', 'units.parse', [T_STR], T_NUM, H),
  def('units', 'units.parse_bytes', [T_STR], T_NUM, H),

  def('uuid', 'uuid.rfc4122', [T_STR], T_STR, H_NONDET),
  def('uuid', 'uuid.parse', [T_STR], STR_OBJ, H),

  def('random', 'rand.intn', [T_STR, T_NUM], T_NUM, H_NONDET),

  def('runtime', 'opa.runtime', [], STR_OBJ, H_NONDET),
  def('other', 'http.send', [STR_OBJ], T_OBJECT_ANY, NONDET),
  def('other', 'providers.aws.sign_req', [STR_OBJ, STR_OBJ, T_NUM], T_OBJECT_ANY),
  def('other', 'rego.parse_module', [T_STR, T_STR], STR_OBJ),
  def('other', 'rego.metadata.chain', [], T_ARRAY_ANY),
  def('other', 'rego.metadata.rule', [], T_ANY),
  def('other', 'graphql.parse', [anyOf(T_STR, T_OBJECT_ANY), anyOf(T_STR, T_OBJECT_ANY)], tuple(T_OBJECT_ANY, T_OBJECT_ANY)),
  def('other', 'graphql.parse_and_verify', [anyOf(T_STR, T_OBJECT_ANY), anyOf(T_STR, T_OBJECT_ANY)], tuple(T_BOOL, T_OBJECT_ANY, T_OBJECT_ANY)),
  def('other', 'graphql.parse_query', [T_STR], T_OBJECT_ANY),
  def('other', 'graphql.parse_schema', [T_STR], T_OBJECT_ANY),
  def('other', 'graphql.is_valid', [anyOf(T_STR, T_OBJECT_ANY), anyOf(T_STR, T_OBJECT_ANY)], T_BOOL),
  def('other', 'graphql.schema_is_valid', [anyOf(T_STR, T_OBJECT_ANY)], T_BOOL),
  def('other', 'uri.parse', [T_STR], objectOf(T_STR, T_STR)),
  def('other', 'uri.is_valid', [T_STR], T_BOOL),
];
