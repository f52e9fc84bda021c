/**
 * JSON inputs and data for the evaluation fuzzer: values shaped like the requests policies read
 * (keys from the vocabulary of Kubernetes reviews, Envoy requests and ABAC requests, so rule
 * bodies get past their first lookups), plain random JSON, and JSON *text* with what JS values
 * cannot carry: numbers beyond float64 range and precision, `-0`, and deep nesting.
 */
import fc from 'fast-check';

/** Keys the example policies look up. */
export const KEYS: readonly string[] = [
  'review', 'object', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'containers',
  'initContainers', 'image', 'securityContext', 'privileged', 'resources', 'limits', 'cpu', 'memory', 'parameters',
  'repos', 'request', 'operation', 'uid', 'attributes', 'http', 'method', 'path', 'headers', 'authorization',
  'source', 'address', 'subject', 'resource', 'action', 'tenant', 'roles', 'type', 'owner', 'id', 'context', 'time',
  'ip', 'user', 'order', 'amount', 'state', 'tls', 'rules', 'host', 'volumes', 'hostPath', 'capabilities', 'add', 'drop',
];

/** Strings the policies compare against, plus hostile ones. */
export const STRINGS: readonly string[] = [
  'Pod', 'Deployment', 'Ingress', 'Service', 'CREATE', 'DELETE', 'GET', 'POST', 'admin', 'viewer', 'acme', 't1',
  'read', 'write', 'Bearer x.y.z', '/api/v1/orders/o-1', '10.0.0.1', '::1', '2026-03-11T15:00:00Z', 'nginx:latest',
  '500m', '1Gi', '', ' ', '\u0000', '\ud800', '😀', 'é', '\u202e', 'a'.repeat(300),
];

export const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324),
  fc.boolean(),
  fc.constant(null),
);

/** Request-shaped values: objects with policy keys, arrays of them, scalars. */
export const shapedArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('object'), tie('array')),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 6 }),
  array: fc.array(tie('value'), { maxLength: 5 }),
})).value;

/** Any input: shaped, or plain JSON (including big and deep values). */
export const inputArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: shapedArb },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { minLength: 1000, maxLength: 3000 }) },
);

/** Number literals as JSON text that JS numbers cannot round-trip. */
export const NUMBER_TEXTS: readonly string[] = [
  '1e400', '-1e400', '1e-400', '-0', '0.0', '123456789012345678901234567890', '-9223372036854775809',
  '18446744073709551616', '9007199254740993', '0.1', '1.0000000000000000000001', '2.5e+3', '1E2',
];

/** JSON text of a request-shaped value where some numbers are replaced by NUMBER_TEXTS. */
export const jsonTextArb: fc.Arbitrary<string> = fc
  .tuple(shapedArb, fc.array(fc.constantFrom(...NUMBER_TEXTS), { minLength: 1, maxLength: 4 }))
  .map(([v, nums]) => {
    let i = 0;
    const text = JSON.stringify(v) ?? 'null';
    // Strings are matched first so that digits inside them (and in their escapes) stay as they are.
    return text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?([eE][+-]?\d+)?/g, (m) => (m.startsWith('"') || i >= nums.length ? m : nums[i++]));
  });

/** `depth` nested arrays (`[[[...]]]`) or objects (`{"a":{"a":...}}`) as JSON text, built without recursion. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
