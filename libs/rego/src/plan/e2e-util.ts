/**
 * End-to-end helpers for the planner's specs: Rego source through the real parser, checker,
 * planner and codegen, loaded into `@open-policy-agent/opa-wasm` with our host builtins, and
 * evaluated. Nothing is mocked; a failure anywhere in the pipeline fails the spec.
 */
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { hostBuiltins } from '../host';
import { compileWasm } from '../wasm/codegen';
import { hoistInvariants } from './hoist';
import { planRego, type PlanSpecOptions } from './spec-util';

export interface EvalSpec extends PlanSpecOptions {
  readonly input?: unknown;
  readonly data?: unknown;
  /** Receives `print()` output (default: stderr). */
  readonly onPrint?: (message: string) => void;
  /** Run the IR optimisation stage (`hoistInvariants`) as `compilePolicy` does; default true. */
  readonly optimize?: boolean;
}

/** Compiles and loads a policy (query plan first, then the entrypoints). */
export async function loadRego(src: string | Readonly<Record<string, string>>, opts: EvalSpec = {}): Promise<LoadedPolicy> {
  const planned = planRego(src, opts);
  const { wasm } = compileWasm(opts.optimize === false ? planned : hoistInvariants(planned));
  return loadPolicy(wasm, undefined, hostBuiltins({ onPrint: opts.onPrint }) as Record<string, (...args: unknown[]) => unknown>);
}

/** Evaluates the query (or the first entrypoint) and returns the result set. */
export async function evalRego(src: string | Readonly<Record<string, string>>, spec: EvalSpec = {}): Promise<unknown> {
  const policy = await loadRego(src, spec);
  if (spec.data !== undefined) policy.setData(spec.data as object);
  return policy.evaluate(inputArg(spec.input), 0);
}

/** Falsy inputs reach the module as undefined unless passed as JSON bytes. */
export function inputArg(input: unknown): unknown {
  if (input === undefined) return undefined;
  if (input) return input;
  return new TextEncoder().encode(JSON.stringify(input)).buffer;
}

/** The abort text of a failing evaluation (the SDK throws strings). */
export async function evalError(src: string | Readonly<Record<string, string>>, spec: EvalSpec = {}): Promise<string> {
  try {
    await evalRego(src, spec);
  } catch (e) {
    return typeof e === 'string' ? e : String((e as Error).message ?? e);
  }
  throw new Error('expected an evaluation error');
}

/** Sorts a result set for order-insensitive comparison. */
export function sorted(rs: unknown): unknown {
  return Array.isArray(rs) ? [...rs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : rs;
}
