/**
 * The state of lowering one IR function (or plan) to a wasm function body: the mapping of IR
 * locals to wasm locals, the stack of enclosing labels, and how an IR `Break`/undefined turns
 * into a wasm branch. Statements themselves are lowered in lower-stmts.ts, lower-control.ts and
 * lower-calls.ts.
 *
 * Labels. Every IR block is a wasm label (a `block`, or the `loop` of a Scan, where leaving the
 * body means the next iteration). Other wasm labels (the exit block of a Scan, `if`s) sit between
 * them. A `With` pushes a *barrier*: a Break that leaves the With's block for an outer block
 * must first restore the local and pop the memo frame, so it records where it wants to go in the
 * With's flag local, branches to the end of the With's block, and the With re-issues the break
 * after restoring (see lower-control.ts).
 */
import { RegoInternalError, invariant, type Location } from '../diagnostics';
import type { Block, Constant, Local, Operand, Stmt } from '../plan/ir';
import type { BuiltinTable } from './builtin-binding';
import type { ConstantPool, StaticBytes } from './constants';
import { Code, encodeFunctionBody } from './encoder';
import type { RuntimeModule } from './linker';
import type { ConflictMessage } from './runtime-api';

/** A planned function as callers see it. */
export interface FuncRef {
  readonly index: number;
  /** Parameter count, input and data included. */
  readonly params: number;
  readonly path: readonly string[];
}

/** What lowering needs from the module being built. */
export interface ModuleContext {
  readonly rt: RuntimeModule;
  readonly consts: ConstantPool;
  readonly builtins: BuiltinTable;
  readonly funcs: ReadonlyMap<string, FuncRef>;
  /** Planned functions grouped by path length, for CallDynamic. */
  readonly funcsByPathLength: ReadonlyMap<number, readonly FuncRef[]>;
  /** Index of the helper that turns a host builtin's array result into a set. */
  hostResultToSet(): number;
  /**
   * Strict builtin errors: every builtin call first records its Rego location
   * (`vg_set_location`), which strict error texts start with. Off: no such calls.
   */
  readonly strict: boolean;
}

/** State of one `With` being lowered. */
export interface WithFrame {
  readonly flag: number;
  /** Largest flag value a break through this With has set (1 = "the With is undefined"). */
  maxCode: number;
}

type Label = { readonly kind: 'ir' } | { readonly kind: 'plain' } | { readonly kind: 'barrier'; readonly frame: WithFrame };

export interface LowerOptions {
  /** Wasm locals of the IR parameters, in order (IR local → wasm param index). */
  readonly params: readonly Local[];
  /** The function's blocks: IR locals keep their numbers when the parameters allow it. */
  readonly blocks: readonly Block[];
  /** The return local, if any (it may be used by no statement). */
  readonly returnLocal?: Local;
  /** Memo slot of a memoised function. */
  readonly memoSlot?: number;
}

export class FunctionLowerer {
  readonly code = new Code(256);
  private readonly localMap = new Map<Local, number>();
  private nextLocal: number;
  private readonly labels: Label[] = [];
  private readonly reads: ReadonlySet<Local>;

  constructor(
    readonly ctx: ModuleContext,
    readonly opts: LowerOptions,
  ) {
    opts.params.forEach((l, i) => this.localMap.set(l, i));
    this.nextLocal = opts.params.length;
    this.reads = readLocals(opts.blocks);
    // Parameters 0..n-1 (the planner's layout): IR local k is wasm local k, scratch locals follow.
    if (opts.params.every((l, i) => l === i)) {
      const top = Math.max(maxLocal(opts.blocks), opts.returnLocal ?? -1, opts.params.length - 1);
      for (let l = opts.params.length; l <= top; l++) this.localMap.set(l, l);
      this.nextLocal = top + 1;
    }
  }

  get rt(): RuntimeModule {
    return this.ctx.rt;
  }

  /** Wasm local of IR local `l` (allocated on first use). */
  local(l: Local): number {
    let i = this.localMap.get(l);
    if (i === undefined) {
      i = this.nextLocal++;
      this.localMap.set(l, i);
    }
    return i;
  }

  /** True when some statement reads IR local `l` (the return local counts as read). */
  isRead(l: Local): boolean {
    return this.reads.has(l) || l === this.opts.returnLocal;
  }

  /** A fresh wasm local for lowering's own use. */
  scratch(): number {
    return this.nextLocal++;
  }

  /** Pushes the value of an operand. */
  operand(o: Operand): void {
    switch (o.kind) {
      case 'local': this.code.local_get(this.local(o.local)); break;
      case 'string': this.code.i32_const(this.ctx.consts.stringIndex(o.index)); break;
      case 'bool': this.code.global_get(this.ctx.consts.boolGlobal(o.value)); break;
    }
  }

  /** Pushes the value of a Switch case constant. */
  constant(k: Constant): void {
    const consts = this.ctx.consts;
    switch (k.kind) {
      case 'string': this.code.i32_const(consts.stringIndex(k.index)); break;
      case 'number': this.code.global_get(consts.numberRefGlobal(k.index)); break;
      case 'bool': this.code.global_get(consts.boolGlobal(k.value)); break;
      case 'null': this.code.global_get(consts.nullGlobal()); break;
    }
  }

  /** Runs `body` inside a label of the given kind. */
  within(label: Label, body: () => void): void {
    this.labels.push(label);
    body();
    this.labels.pop();
  }

  /** Notes that a wasm label that is not an IR block was opened (pair with `popLabel`). */
  pushPlainLabel(): void {
    this.labels.push({ kind: 'plain' });
  }

  popLabel(): void {
    this.labels.pop();
  }

  /** Opens a wasm block that is an IR block, lowers `body` in it and closes it. */
  irBlock(body: () => void): void {
    this.code.block();
    this.within({ kind: 'ir' }, body);
    this.code.end();
  }

  /** Wasm depth of the innermost IR block (never behind a barrier: a With's block is above it). */
  private innermostDepth(): number {
    for (let i = this.labels.length - 1, depth = 0; i >= 0; i--) {
      const l = this.labels[i];
      if (l.kind === 'ir') return depth;
      if (l.kind === 'plain') depth++;
    }
    throw new RegoInternalError('statement outside any block');
  }

  /** With the value on the stack: leave the innermost IR block when it is 0 (undefined). */
  undefinedIfZero(): void {
    this.code.i32_eqz().br_if(this.innermostDepth());
  }

  /** With an i32 condition on the stack: leave the innermost IR block when it is non-zero. */
  failIf(): void {
    this.code.br_if(this.innermostDepth());
  }

  /** Leaves `index + 1` enclosing IR blocks (IR `Break` semantics). */
  breakOut(index: number): void {
    let depth = 0;
    let seen = 0;
    for (let i = this.labels.length - 1; i >= 0; i--) {
      const l = this.labels[i];
      if (l.kind === 'barrier') {
        // The With's own block was the last label counted; ask the With to finish the break.
        const code = index - seen + 1;
        l.frame.maxCode = Math.max(l.frame.maxCode, code);
        this.code.i32_const(code).local_set(l.frame.flag).br(depth - 1);
        return;
      }
      if (l.kind === 'ir') {
        if (seen === index) {
          this.code.br(depth);
          return;
        }
        seen++;
      }
      depth++;
    }
    invariant(false, `Break ${index} leaves the function`);
  }

  /** How many With frames enclose the current position (memo frames to pop on return). */
  get withDepth(): number {
    return this.labels.reduce((n, l) => n + (l.kind === 'barrier' ? 1 : 0), 0);
  }

  /** Interned file name bytes for an abort location. */
  locationArgs(loc: Location | undefined): void {
    const file: StaticBytes = loc?.file ? this.ctx.consts.bytes(loc.file) : { ptr: 0, len: 0 };
    this.code.i32_const(file.ptr).i32_const(file.len).i32_const(loc?.row ?? 0).i32_const(loc?.col ?? 0);
  }

  /** Strict modules: records the location of the builtin call that follows (see ModuleContext.strict). */
  builtinLocation(loc: Location | undefined): void {
    if (!this.ctx.strict || loc === undefined) return;
    this.locationArgs(loc);
    this.code.call(this.rt.func('vg_set_location'));
  }

  /** Calls vg_conflict_abort with the location; never returns. */
  conflictAbort(msg: ConflictMessage, loc: Location | undefined): void {
    this.code.i32_const(msg);
    this.locationArgs(loc);
    this.code.call(this.rt.func('vg_conflict_abort')).unreachable();
  }

  /** Number of wasm locals beyond the parameters. */
  get extraLocals(): number {
    return this.nextLocal - this.opts.params.length;
  }

  /** The encoded body (locals + code + end). */
  finish(): Uint8Array<ArrayBuffer> {
    invariant(this.code.openBlocks === 0 && this.labels.length === 0, 'unbalanced blocks in generated code');
    return encodeFunctionBody(this.extraLocals, this.code);
  }
}

const opLocal = (o: Operand): number => (o.kind === 'local' ? o.local : -1);

/** The largest IR local a statement names directly (nested blocks are walked by maxLocal). */
function stmtMaxLocal(s: Stmt): number {
  switch (s.type) {
    case 'Block': case 'Break': case 'Not': case 'Nop': return -1;
    case 'Switch': return s.source;
    case 'Scan': return Math.max(s.source, s.key, s.value);
    case 'With': return Math.max(s.local, opLocal(s.value));
    case 'ReturnLocal': case 'IsDefined': case 'IsUndefined': return s.source;
    case 'ResultSetAdd': return s.value;
    case 'Call': return Math.max(s.result, ...s.args.map(opLocal));
    case 'CallDynamic': return Math.max(s.result, ...s.args, ...s.path.map(opLocal));
    case 'Equal': case 'NotEqual': return Math.max(opLocal(s.a), opLocal(s.b));
    case 'IsArray': case 'IsObject': case 'IsSet': return opLocal(s.source);
    case 'Dot': return Math.max(opLocal(s.source), opLocal(s.key), s.target);
    case 'AssignVar': case 'AssignVarOnce': case 'Len': return Math.max(opLocal(s.source), s.target);
    case 'AssignInt': case 'ResetLocal': case 'MakeNull': case 'MakeNumberInt': case 'MakeNumberRef':
    case 'MakeArray': case 'MakeObject': case 'MakeSet': return s.target;
    case 'ArrayAppend': return Math.max(opLocal(s.value), s.array);
    case 'ObjectInsert': case 'ObjectInsertOnce': return Math.max(opLocal(s.key), opLocal(s.value), s.object);
    case 'ObjectMerge': return Math.max(s.a, s.b, s.target);
    case 'SetAdd': return Math.max(opLocal(s.value), s.set);
    default: throw new RegoInternalError(`unknown IR statement ${(s as Stmt).type}`);
  }
}

/** Locals a statement reads (writes-only targets excluded). */
function stmtReads(s: Stmt, add: (o: Operand | Local) => void): void {
  switch (s.type) {
    case 'Scan': case 'Switch': case 'ReturnLocal': case 'IsDefined': case 'IsUndefined': case 'IsArray': case 'IsObject':
    case 'IsSet': case 'Len': case 'AssignVar': add(s.source); return;
    case 'With': add(s.local); add(s.value); return;
    case 'ResultSetAdd': add(s.value); return;
    case 'Call': s.args.forEach(add); return;
    case 'CallDynamic': s.args.forEach(add); s.path.forEach(add); return;
    case 'Equal': case 'NotEqual': add(s.a); add(s.b); return;
    case 'Dot': add(s.source); add(s.key); return;
    case 'AssignVarOnce': add(s.source); add(s.target); return;
    case 'ArrayAppend': add(s.value); add(s.array); return;
    case 'ObjectInsert': case 'ObjectInsertOnce': add(s.key); add(s.value); add(s.object); return;
    case 'ObjectMerge': add(s.a); add(s.b); return;
    case 'SetAdd': add(s.value); add(s.set); return;
    default: return;
  }
}

/** Every IR local some statement in `blocks` reads (lets Scan skip fetching unused keys/values). */
export function readLocals(blocks: readonly Block[]): Set<Local> {
  const reads = new Set<Local>();
  const add = (o: Operand | Local): void => {
    if (typeof o === 'number') reads.add(o);
    else if (o.kind === 'local') reads.add(o.local);
  };
  forEachStmt(blocks, (s) => stmtReads(s, add));
  return reads;
}

function forEachStmt(blocks: readonly Block[], visit: (s: Stmt) => void): void {
  for (const b of blocks) {
    for (const s of b.stmts) {
      visit(s);
      if (s.type === 'Block') forEachStmt(s.blocks, visit);
      else if (s.type === 'Switch') forEachStmt(s.cases.map((k) => k.block), visit);
      else if (s.type === 'Not' || s.type === 'Scan' || s.type === 'With') forEachStmt([s.block], visit);
    }
  }
}

/** The largest IR local used in `blocks` (-1 when none), so lowering can keep IR numbering. */
export function maxLocal(blocks: readonly Block[]): number {
  let max = -1;
  forEachStmt(blocks, (s) => (max = Math.max(max, stmtMaxLocal(s))));
  return max;
}
