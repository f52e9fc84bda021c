/**
 * Errors of host builtins. OPA distinguishes a wrong operand type (`eval_type_error`)
 * from any other failure of a builtin (`eval_builtin_error`); both carry a message
 * that starts with the builtin's name, as OPA prints it.
 */
export type BuiltinErrorCode = 'eval_builtin_error' | 'eval_type_error';

export class BuiltinError extends Error {
  constructor(
    readonly code: BuiltinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BuiltinError';
  }
}

/** `eval_builtin_error` with `<name>: <message>`. */
export function builtinError(name: string, message: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', `${name}: ${message}`);
}

/** `eval_type_error` with `<name>: <message>`. */
export function typeError(name: string, message: string): BuiltinError {
  return new BuiltinError('eval_type_error', `${name}: ${message}`);
}

/** OPA's operand message: `<name>: operand <pos> must be <want> but got <got>`. */
export function operandError(name: string, pos: number, want: string, got: string): BuiltinError {
  return typeError(name, `operand ${pos} must be ${want} but got ${got}`);
}

/**
 * What the SDK sees in strict mode: an Error whose message starts with the code
 * (`eval_type_error: ...`), the same text the runtime aborts with, so one parser
 * (engine/errors.ts) maps both to RegoEvalError.
 */
export class HostBuiltinError extends Error {
  constructor(
    readonly code: BuiltinErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HostBuiltinError';
  }
}
