/**
 * Builtins about the evaluation itself: rand.intn (one value per key and bound within
 * an evaluation), print's internal.print, trace, and opa.runtime (what the host chose to
 * expose; empty unless configured, so policies cannot read the agent's environment).
 */
import { randomInt } from 'node:crypto';
import type { HostFamily } from './impl';
import { regoText } from './rego-text';
import { intArg, stringArg, typeNameOf, type Value } from './values';
import { operandError } from './errors';

/** The texts of one print operand: "<undefined>" for an empty set, strings raw, others as Rego values. */
function operandTexts(v: Value): string[] {
  const values = Array.isArray(v) ? v : [v];
  if (values.length === 0) return ['<undefined>'];
  return values.map((x) => (typeof x === 'string' ? x : regoText(x)));
}

/** One line per combination of operand values (OPA prints the cross product). */
function lines(operands: readonly Value[]): string[] {
  return operands.reduce<string[][]>((acc, op) => acc.flatMap((prefix) => operandTexts(op).map((t) => [...prefix, t])), [[]]).map((parts) => parts.join(' '));
}

export const RUNTIME_BUILTINS: HostFamily = {
  'rand.intn': ([s, n], ctx) => {
    const key = stringArg('rand.intn', s, 1);
    const bound = Math.abs(intArg('rand.intn', n, 2));
    if (bound === 0) return 0;
    return ctx.memo(`rand.intn\u0000${key}\u0000${bound}`, () => (bound <= 2 ** 48 ? randomInt(bound) : Math.floor(Math.random() * bound)));
  },
  // Returns true so that the call is defined; print has no result in Rego.
  'internal.print': ([operands], ctx) => {
    if (!Array.isArray(operands)) throw operandError('internal.print', 1, 'array', typeNameOf(operands));
    for (const line of lines(operands)) ctx.print(line);
    return true;
  },
  trace: ([s]) => {
    stringArg('trace', s, 1);
    return true;
  },
  'opa.runtime': (_args, ctx) => ctx.runtime,
};
