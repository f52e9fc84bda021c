/** The signature every host builtin implementation has. */
import type { EvalContext } from './context';
import type { Value } from './values';

/**
 * One host builtin: receives the arguments as JSON values and the evaluation context;
 * returns the result, or `undefined` for "no result" (the call is undefined); throws a
 * BuiltinError for OPA's run-time errors.
 */
export type HostImpl = (args: readonly Value[], ctx: EvalContext) => Value | undefined;

export type HostFamily = Readonly<Record<string, HostImpl>>;
