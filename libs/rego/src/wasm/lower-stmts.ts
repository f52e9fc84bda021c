/**
 * Lowering of IR statements: the dispatch, checks, locals, constructors and mutation.
 * Control statements are in lower-control.ts, calls in lower-calls.ts.
 */
import { RegoInternalError } from '../diagnostics';
import type { Block, ConflictKind, Operand, Stmt } from '../plan/ir';
import { lowerCall, lowerCallDynamic } from './lower-calls';
import { lowerBlockStmt, lowerNot, lowerReturn, lowerScan, lowerSwitch, lowerWith } from './lower-control';
import type { FunctionLowerer } from './lower';
import { ConflictMessage, InsertOnceStatus, ValueTag } from './runtime-api';

/** Lowers the statements of one IR block (the caller has opened its label). */
export function lowerStmts(f: FunctionLowerer, block: Block): void {
  for (const stmt of block.stmts) lowerStmt(f, stmt);
}

function lowerStmt(f: FunctionLowerer, s: Stmt): void {
  const c = f.code;
  const rt = f.rt;
  switch (s.type) {
    case 'Block': return lowerBlockStmt(f, s);
    case 'Break': return f.breakOut(s.index);
    case 'Not': return lowerNot(f, s);
    case 'Scan': return lowerScan(f, s);
    case 'With': return lowerWith(f, s);
    case 'Switch': return lowerSwitch(f, s);
    case 'Nop': return;
    case 'ReturnLocal': return lowerReturn(f, s.source);
    case 'ResultSetAdd': c.local_get(f.local(s.value)).call(rt.func('vg_result_add')); return;
    case 'Call': return lowerCall(f, s);
    case 'CallDynamic': return lowerCallDynamic(f, s);
    case 'Equal': return lowerEqual(f, s.a, s.b, true);
    case 'NotEqual': return lowerEqual(f, s.a, s.b, false);
    case 'IsArray': return lowerIsType(f, s.source, ValueTag.Array);
    case 'IsObject': return lowerIsType(f, s.source, ValueTag.Object);
    case 'IsSet': return lowerIsType(f, s.source, ValueTag.Set);
    case 'IsDefined': c.local_get(f.local(s.source)); f.undefinedIfZero(); return;
    case 'IsUndefined': c.local_get(f.local(s.source)); f.failIf(); return;
    case 'Dot': return lowerDot(f, s.source, s.key, s.target);
    case 'AssignVar': f.operand(s.source); c.local_set(f.local(s.target)); return;
    case 'AssignVarOnce': return lowerAssignOnce(f, s);
    case 'AssignInt': c.global_get(f.ctx.consts.intGlobal(s.value)).local_set(f.local(s.target)); return;
    case 'ResetLocal': c.i32_const(0).local_set(f.local(s.target)); return;
    case 'Len': f.operand(s.source); c.call(rt.func('vg_len')).call(rt.func('vg_int')).local_set(f.local(s.target)); return;
    case 'MakeNull': c.global_get(f.ctx.consts.nullGlobal()).local_set(f.local(s.target)); return;
    case 'MakeNumberInt': c.global_get(f.ctx.consts.intGlobal(s.value)).local_set(f.local(s.target)); return;
    case 'MakeNumberRef': c.global_get(f.ctx.consts.numberRefGlobal(s.index)).local_set(f.local(s.target)); return;
    case 'MakeArray': c.i32_const(s.capacity).call(rt.func('vg_array')).local_set(f.local(s.target)); return;
    case 'MakeObject': c.call(rt.func('vg_object')).local_set(f.local(s.target)); return;
    case 'MakeSet': c.call(rt.func('vg_set')).local_set(f.local(s.target)); return;
    case 'ArrayAppend': c.local_get(f.local(s.array)); f.operand(s.value); c.call(rt.func('vg_array_append')); return;
    case 'ObjectInsert': return lowerInsert(f, s.object, s.key, s.value, undefined, s.loc);
    case 'ObjectInsertOnce': return lowerInsert(f, s.object, s.key, s.value, CONFLICTS[s.conflict ?? 'objectKey'], s.loc);
    case 'ObjectMerge': return lowerMerge(f, s.a, s.b, s.target);
    case 'SetAdd': c.local_get(f.local(s.set)); f.operand(s.value); c.call(rt.func('vg_set_add')); return;
    default: throw new RegoInternalError(`unknown IR statement ${(s as Stmt).type}`);
  }
}

const CONFLICTS: Readonly<Record<ConflictKind, ConflictMessage>> = {
  complete: ConflictMessage.CompleteRule,
  function: ConflictMessage.Function,
  objectKey: ConflictMessage.ObjectKey,
};

/** Equal/NotEqual, decided at compile time when both operands are constants or the same local. */
function lowerEqual(f: FunctionLowerer, a: Operand, b: Operand, wantEqual: boolean): void {
  const known = staticEquality(f, a, b);
  if (known !== undefined) {
    if (known !== wantEqual) f.breakOut(0);
    return;
  }
  f.operand(a);
  f.operand(b);
  f.code.call(f.rt.func('vg_equal'));
  if (wantEqual) f.undefinedIfZero();
  else f.failIf();
}

function staticEquality(f: FunctionLowerer, a: Operand, b: Operand): boolean | undefined {
  if (a.kind === 'local' || b.kind === 'local') {
    return a.kind === 'local' && b.kind === 'local' && a.local === b.local ? true : undefined;
  }
  if (a.kind !== b.kind) return false;
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  const strings = f.ctx.consts;
  return a.kind === 'string' && b.kind === 'string' && strings.stringIndex(a.index) === strings.stringIndex(b.index);
}

function lowerIsType(f: FunctionLowerer, source: Operand, tag: number): void {
  if (source.kind !== 'local') {
    f.breakOut(0); // a string or boolean constant is never a collection
    return;
  }
  f.code.local_get(f.local(source.local)).call(f.rt.func('vg_type')).i32_const(tag).i32_ne();
  f.failIf();
}

function lowerDot(f: FunctionLowerer, source: Operand, key: Operand, target: number): void {
  if (source.kind !== 'local') {
    f.breakOut(0); // scalars have no members
    return;
  }
  f.code.local_get(f.local(source.local));
  f.operand(key);
  f.code.call(f.rt.func('vg_dot')).local_tee(f.local(target));
  f.undefinedIfZero();
}

/** target := source if undefined; equal value: no-op; different value: conflict abort. */
function lowerAssignOnce(f: FunctionLowerer, s: Extract<Stmt, { type: 'AssignVarOnce' }>): void {
  const c = f.code;
  const target = f.local(s.target);
  c.block(); // done
  c.block(); // assign
  c.local_get(target).i32_eqz().br_if(0);
  c.local_get(target);
  f.operand(s.source);
  c.call(f.rt.func('vg_equal')).br_if(1);
  f.conflictAbort(CONFLICTS[s.conflict ?? 'complete'], s.loc);
  c.end();
  f.operand(s.source);
  c.local_set(target);
  c.end();
}

/** ObjectInsert, or ObjectInsertOnce when `conflict` says how to abort on a conflict. */
function lowerInsert(f: FunctionLowerer, object: number, key: Operand, value: Operand, conflict: ConflictMessage | undefined, loc: Stmt['loc']): void {
  const c = f.code;
  c.local_get(f.local(object));
  f.operand(key);
  f.operand(value);
  if (conflict === undefined) {
    c.call(f.rt.func('vg_object_insert'));
    return;
  }
  c.call(f.rt.func('vg_object_insert_once')).i32_const(InsertOnceStatus.Conflict).i32_eq();
  c.if();
  f.conflictAbort(conflict, loc);
  c.end();
}

function lowerMerge(f: FunctionLowerer, a: number, b: number, target: number): void {
  f.code.local_get(f.local(a)).local_get(f.local(b)).call(f.rt.func('vg_object_merge')).local_tee(f.local(target));
  f.undefinedIfZero();
}
