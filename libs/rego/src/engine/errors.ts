/**
 * Errors raised while loading or evaluating a policy. The runtime aborts with text
 * `<code>: <message>`; the SDK throws that text as a bare string (or a plain object
 * for a missing builtin), which we turn into one Error type with a stable code.
 */

export type RegoEvalErrorCode =
  | 'eval_conflict_error'
  | 'eval_builtin_error'
  | 'eval_type_error'
  | 'memory_limit'
  | 'input_too_large'
  | 'invalid_input'
  | 'unknown_entrypoint'
  | 'builtin_not_implemented'
  | 'internal_error';

const RUNTIME_CODES = new Set(['eval_conflict_error', 'eval_builtin_error', 'eval_type_error', 'internal_error']);

export class RegoEvalError extends Error {
  constructor(
    readonly code: RegoEvalErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RegoEvalError';
  }
}

/** Maps anything the SDK, the runtime or a host builtin threw to a RegoEvalError. */
export function toEvalError(e: unknown): RegoEvalError {
  if (e instanceof RegoEvalError) return e;
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(text);
  if (m && RUNTIME_CODES.has(m[1])) return new RegoEvalError(m[1] as RegoEvalErrorCode, m[2]);
  if (text.startsWith('opa_malloc: failed') || e instanceof RangeError) {
    return new RegoEvalError('memory_limit', `policy memory limit reached (${text})`);
  }
  if (text.startsWith('failed to parse json value')) return new RegoEvalError('invalid_input', 'input or data is not valid JSON');
  if (/entrypoint .* is not valid/.test(text)) return new RegoEvalError('unknown_entrypoint', text);
  if (text.startsWith('not implemented: built-in function')) return new RegoEvalError('builtin_not_implemented', text);
  if (e instanceof WebAssembly.RuntimeError) return new RegoEvalError('internal_error', `wasm trap: ${text}`);
  return new RegoEvalError('internal_error', text);
}
