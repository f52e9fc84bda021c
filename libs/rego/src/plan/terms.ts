/**
 * Terms to operands. Scalars become constants or constructor statements, composites are built
 * element by element, refs and comprehensions are delegated. Everything is continuation-passing:
 * a ref may iterate, so the rest of the body is planned inside `k`.
 */
import { RegoInternalError } from '../diagnostics';
import type { Term } from '../syntax/ast';
import { localOp } from './builder';
import { planComprehension } from './comprehensions';
import type { FuncCtx } from './context';
import type * as ir from './ir';
import { planRef } from './refs';

export type Cont = () => void;
export type OpCont = (op: ir.Operand) => void;

export function planTerm(c: FuncCtx, t: Term, k: OpCont): void {
  switch (t.kind) {
    case 'null': {
      const target = c.newLocal();
      c.emit({ type: 'MakeNull', target });
      return k(localOp(target));
    }
    case 'boolean':
      return k({ kind: 'bool', value: t.value });
    case 'number':
      return k(localOp(planNumber(c, t.text)));
    case 'string':
      return k(c.str(t.value));
    case 'var':
      return k(localOp(varLocal(c, t.name)));
    case 'array':
    case 'set':
    case 'object':
      return planComposite(c, t, k);
    case 'ref':
      return planRef(c, t, (l) => k(localOp(l)));
    case 'arrayComprehension':
    case 'setComprehension':
    case 'objectComprehension':
      return planComprehension(c, t, (l) => k(localOp(l)));
    case 'call':
      throw new RegoInternalError(`call term left in checked AST at ${t.loc.file}:${t.loc.row}`);
  }
}

/** Plans terms left to right; `k` receives their operands. */
export function planTerms(c: FuncCtx, ts: readonly Term[], k: (ops: ir.Operand[]) => void): void {
  const ops: ir.Operand[] = [];
  const rec = (i: number): void => {
    if (i === ts.length) return k(ops.slice());
    planTerm(c, ts[i] as Term, (op) => {
      ops[i] = op;
      rec(i + 1);
    });
  };
  rec(0);
}

/** A term as a local (constants are copied into a fresh local). */
export function planTermLocal(c: FuncCtx, t: Term, k: (l: ir.Local) => void): void {
  planTerm(c, t, (op) => k(toLocal(c, op)));
}

export function toLocal(c: FuncCtx, op: ir.Operand): ir.Local {
  return op.kind === 'local' ? op.local : c.b.assign(op);
}

const INT32 = /^-?\d{1,10}$/;

/** A number literal: small integers by value, everything else from its exact text. */
export function planNumber(c: FuncCtx, text: string): ir.Local {
  const target = c.newLocal();
  const n = Number(text);
  if (INT32.test(text) && n >= -2147483648 && n <= 2147483647 && !/^-?0\d/.test(text) && text !== '-0') {
    c.emit({ type: 'MakeNumberInt', value: n, target });
  } else {
    c.emit({ type: 'MakeNumberRef', index: c.b.strIndex(text), target });
  }
  return target;
}

export function varLocal(c: FuncCtx, name: string): ir.Local {
  const l = c.vars.get(name);
  if (l === undefined) throw new RegoInternalError(`variable ${name} is used before it is bound (${c.loc.file}:${c.loc.row})`);
  return l;
}

/** True when the term contains a var that is not bound yet (so unifying it binds something). */
export function hasUnboundVars(c: FuncCtx, t: Term): boolean {
  switch (t.kind) {
    case 'var':
      return !c.vars.has(t.name);
    case 'array':
    case 'set':
      return t.items.some((i) => hasUnboundVars(c, i));
    case 'object':
      return t.items.some((i) => hasUnboundVars(c, i.key) || hasUnboundVars(c, i.value));
    case 'ref':
      return hasUnboundVars(c, t.head) || t.path.some((p) => hasUnboundVars(c, p));
    default:
      return false;
  }
}

function planComposite(c: FuncCtx, t: Extract<Term, { kind: 'array' | 'set' | 'object' }>, k: OpCont): void {
  if (t.kind === 'object') {
    const flat = t.items.flatMap((i) => [i.key, i.value]);
    return planTerms(c, flat, (ops) => {
      const target = c.newLocal();
      c.emit({ type: 'MakeObject', target });
      for (let i = 0; i < ops.length; i += 2) {
        c.emit({ type: 'ObjectInsert', key: ops[i] as ir.Operand, value: ops[i + 1] as ir.Operand, object: target });
      }
      k(localOp(target));
    });
  }
  planTerms(c, t.items, (ops) => {
    const target = c.newLocal();
    if (t.kind === 'array') {
      c.emit({ type: 'MakeArray', capacity: ops.length, target });
      for (const value of ops) c.emit({ type: 'ArrayAppend', value, array: target });
    } else {
      c.emit({ type: 'MakeSet', target });
      for (const value of ops) c.emit({ type: 'SetAdd', value, set: target });
    }
    k(localOp(target));
  });
}
