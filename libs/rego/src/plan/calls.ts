/**
 * Calls of builtins and user functions. With arity+1 arguments the last one is an output: the
 * result is unified with it. With arity arguments the call is a test: the result must be defined
 * and not `false`. Relation builtins (`walk`) return a collection that is scanned. `with` mocks
 * replace the call target (by a value, another function or another builtin) while planning under
 * the mock's scope. `internal.member_2/3` with unbound operands iterate instead of testing.
 */
import { functionArity, findNode } from '../check/program';
import type { CallExpr, Term } from '../syntax/ast';
import { operatorName } from '../syntax/ast';
import { lookupBuiltin } from '../builtins/registry';
import type { BuiltinSignature } from '../check/builtin-api';
import { RegoInternalError } from '../diagnostics';
import { localOp } from './builder';
import type { FuncCtx } from './context';
import * as ir from './ir';
import { rulesFuncName } from './rules';
import type { Mock, Scope } from './scope';
import { type Cont, hasUnboundVars, planTerm, planTerms, toLocal } from './terms';
import { unify, unifyLocal } from './unify';

/** Calls a planned function with (input, data, ...args, ...captures of its scope). */
export function callPlanned(c: FuncCtx, name: string, scope: Scope, args: readonly ir.Operand[]): ir.Local {
  const result = c.newLocal();
  const caps = c.caps.slice(0, scope.captureCount).map(localOp);
  const all = [localOp(ir.INPUT_LOCAL), localOp(ir.DATA_LOCAL), ...args, ...caps];
  c.emit({ type: 'Call', func: name, args: all, result }); // aborts inside carry their own location
  return result;
}

export function planCallExpr(c: FuncCtx, e: CallExpr, k: Cont): void {
  const name = operatorName(e.operator);
  const args = e.args;
  if (name === 'eq' || name === 'assign') return unify(c, args[0] as Term, args[1] as Term, k);
  if (name === 'internal.member_2' && args.length === 2 && hasUnboundVars(c, args[0] as Term)) {
    return memberScan(c, undefined, args[0] as Term, args[1] as Term, k);
  }
  if (name === 'internal.member_3' && args.length === 3 && (hasUnboundVars(c, args[0] as Term) || hasUnboundVars(c, args[1] as Term))) {
    return memberScan(c, args[0], args[1] as Term, args[2] as Term, k);
  }
  const target = resolveTarget(c, name);
  const arity = target.arity;
  const inputs = args.slice(0, arity);
  const output = args.length > arity ? args[arity] : undefined;
  planTerms(c, inputs, (ops) => invoke(c, target, ops, output, k));
}

/** `some x in xs` / `some k, v in xs` with patterns still to bind: iterate `xs`. */
function memberScan(c: FuncCtx, keyPat: Term | undefined, valuePat: Term, coll: Term, k: Cont): void {
  planTerm(c, coll, (op) => {
    const source = toLocal(c, op);
    const key = c.newLocal();
    const value = c.newLocal();
    const block = c.b.loopBlock(() =>
      c.vars.scoped(() => {
        const rest = (): void => unifyLocal(c, valuePat, value, k);
        if (keyPat) unifyLocal(c, keyPat, key, rest);
        else rest();
      }),
    );
    c.emit({ type: 'Scan', source, key, value, block });
  });
}

/** What a call goes to after applying mocks. */
interface Target {
  readonly name: string;
  readonly arity: number;
  readonly mock?: Mock;
}

function resolveTarget(c: FuncCtx, name: string): Target {
  const arity = arityOf(c, name);
  const mock = c.scope.mocks.get(name);
  return { name, arity, mock };
}

function arityOf(c: FuncCtx, name: string): number {
  if (name.startsWith('data.')) {
    const n = functionArity(c.planner.program, name.split('.'));
    if (n === undefined) throw new RegoInternalError(`call to ${name}, which is not a function`);
    return n;
  }
  const b = builtinSignature(c, name);
  if (!b) throw new RegoInternalError(`call to unknown builtin ${name}`);
  return b.variadic ? 1 : b.args.length;
}

function invoke(c: FuncCtx, t: Target, args: ir.Operand[], output: Term | undefined, k: Cont): void {
  const mock = t.mock;
  if (mock?.kind === 'const') return planTerm(c, mock.term, (op) => finish(c, toLocal(c, op), output, false, k));
  if (mock?.kind === 'capture') return finish(c, c.caps[mock.index] as ir.Local, output, false, k);
  if (mock?.kind === 'userFunc') return finish(c, callUser(c, mock.path, args, c.scope.withoutMocks()), output, false, k);
  const name = mock?.kind === 'builtin' ? mock.name : t.name;
  if (name.startsWith('data.')) return finish(c, callUser(c, name.split('.'), args, c.scope), output, false, k);
  callBuiltin(c, name, args, output, k);
}

function callUser(c: FuncCtx, path: readonly string[], args: readonly ir.Operand[], scope: Scope): ir.Local {
  const node = findNode(c.planner.program, path);
  if (!node) throw new RegoInternalError(`no function at ${path.join('.')}`);
  const inner = scope === c.scope ? c : undefined;
  const { name, scope: fs } = rulesFuncName(inner ?? { planner: c.planner, scope }, node);
  return callPlanned(c, name, fs, args);
}

/** The check's signature of a called builtin (custom ones included), else the registry's. */
function builtinSignature(c: FuncCtx, name: string): BuiltinSignature | undefined {
  return c.planner.program.builtinSignatures?.get(name) ?? lookupBuiltin(name);
}

function callBuiltin(c: FuncCtx, name: string, args: ir.Operand[], output: Term | undefined, k: Cont): void {
  const def = builtinSignature(c, name);
  if (!output && (name === 'equal' || name === 'neq') && args.length === 2) {
    c.emit({ type: name === 'equal' ? 'Equal' : 'NotEqual', a: args[0] as ir.Operand, b: args[1] as ir.Operand });
    return k();
  }
  c.planner.useBuiltin(name, def?.variadic ? 1 : (def?.args.length ?? args.length));
  const result = c.newLocal();
  c.emitAt({ type: 'Call', func: name, args, result });
  if (def && def.result === undefined) return k(); // void (internal.print)
  finish(c, result, output, def?.relation === true, k);
}

/** Output form: unify the result (each element, for relations); test form: result must not be false. */
function finish(c: FuncCtx, result: ir.Local, output: Term | undefined, relation: boolean, k: Cont): void {
  if (relation) {
    const key = c.newLocal();
    const value = c.newLocal();
    const block = c.b.loopBlock(() => c.vars.scoped(() => (output ? unifyLocal(c, output, value, k) : k())));
    c.emit({ type: 'Scan', source: result, key, value, block });
    return;
  }
  if (output) return unifyLocal(c, output, result, k);
  c.emit({ type: 'NotEqual', a: localOp(result), b: { kind: 'bool', value: false } });
  k();
}
