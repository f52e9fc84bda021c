/**
 * Errors raised while loading or evaluating a policy. The runtime aborts with text
 * `<code>: <message>`; the SDK throws that text as a bare string (or a plain object
 * for a missing builtin), which we turn into one Error type with a stable code.
 */
import { HostBuiltinError } from '../host/errors';

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

/** Where in the policy a run-time error happened (`col` when known). */
export interface EvalErrorLocation {
  readonly file: string;
  readonly row: number;
  readonly col?: number;
}

/**
 * The message reads as OPA prints evaluation errors: `<file>:<row>: <code>: <detail>` when the
 * location is known and came first (strict builtin errors), else `<code>: <detail>` (conflicts
 * keep their location at the end: `... (<file>:<row>:<col>)`, parsed into `location` too).
 */
export class RegoEvalError extends Error {
  constructor(
    readonly code: RegoEvalErrorCode,
    readonly detail: string,
    readonly location?: EvalErrorLocation,
    locationFirst = location !== undefined,
  ) {
    super(`${locationFirst && location ? `${location.file}:${location.row}: ` : ''}${code}: ${detail}`);
    this.name = 'RegoEvalError';
  }
}

/** `<file>:<row>[:<col>]` (a file name may itself hold colons: the numbers are taken from the end). */
export function parseLocation(text: string): EvalErrorLocation | undefined {
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(text);
  if (!m) return undefined;
  return m[3] === undefined ? { file: m[1], row: Number(m[2]) } : { file: m[1], row: Number(m[2]), col: Number(m[3]) };
}

const PREFIXED = /^(.+?:\d+(?::\d+)?): ([a-z_]+): ([\s\S]*)$/;
const PLAIN = /^([a-z_]+): ([\s\S]*)$/;
const TRAILING_LOCATION = / \(([^()]+:\d+:\d+)\)$/;

/** The runtime's abort texts (and host builtin errors): optional `<file>:<row>[:<col>]: ` prefix, then `<code>: `. */
function runtimeError(text: string): RegoEvalError | undefined {
  const p = PREFIXED.exec(text);
  if (p && RUNTIME_CODES.has(p[2])) return new RegoEvalError(p[2] as RegoEvalErrorCode, p[3], parseLocation(p[1]));
  const m = PLAIN.exec(text);
  if (!m || !RUNTIME_CODES.has(m[1])) return undefined;
  const t = TRAILING_LOCATION.exec(m[2]);
  const loc = t ? parseLocation(t[1]) : undefined;
  return new RegoEvalError(m[1] as RegoEvalErrorCode, m[2], loc, false);
}

/**
 * Maps anything the SDK, the runtime or a host builtin threw to a RegoEvalError. `where` gives
 * the location a strict module recorded for the builtin call in progress; it is asked only for
 * host builtin errors, which are raised outside the module and so carry no location of their own.
 */
export function toEvalError(e: unknown, where?: () => EvalErrorLocation | undefined): RegoEvalError {
  if (e instanceof RegoEvalError) return e;
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  const r = runtimeError(text);
  // The module's input parser failed: malformed JSON, or nesting beyond the runtime's limit.
  if (r?.code === 'internal_error' && r.detail.startsWith('opa_eval: input is not valid JSON')) {
    return new RegoEvalError('invalid_input', 'input is not valid JSON, or is nested deeper than 10,000 levels');
  }
  if (r) {
    const loc = e instanceof HostBuiltinError && r.location === undefined && where ? where() : undefined;
    return loc ? new RegoEvalError(r.code, r.detail, { file: loc.file, row: loc.row, col: loc.col }) : r;
  }
  if (text.startsWith('opa_malloc: failed') || e instanceof RangeError) {
    return new RegoEvalError('memory_limit', `policy memory limit reached (${text})`);
  }
  if (text.startsWith('failed to parse json value')) return new RegoEvalError('invalid_input', 'input or data is not valid JSON');
  if (/entrypoint .* is not valid/.test(text)) return new RegoEvalError('unknown_entrypoint', text);
  if (text.startsWith('not implemented: built-in function')) return new RegoEvalError('builtin_not_implemented', text);
  if (e instanceof WebAssembly.RuntimeError) return new RegoEvalError('internal_error', `wasm trap: ${text}`);
  return new RegoEvalError('internal_error', text);
}
