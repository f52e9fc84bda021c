/**
 * Low-level IR construction: interned strings, locals, and the "current block" that statements are
 * appended to. Planning is continuation-passing: code for the rest of a body is generated inside
 * whatever block the current expression opened, so `block()` swaps the current statement list.
 */
import type { Location } from '../diagnostics';
import type * as ir from './ir';

/** Interned string constants of a policy (`Policy.static.strings`). */
export class StringTable {
  private readonly index = new Map<string, number>();
  readonly strings: string[] = [];

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export const localOp = (local: ir.Local): ir.Operand => ({ kind: 'local', local });
export const boolOp = (value: boolean): ir.Operand => ({ kind: 'bool', value });

/** Builds the blocks of one function or plan. */
export class FuncBuilder {
  private next: number;
  private cur: ir.Stmt[] = [];
  /** Nesting depth of constructs that may run the continuation more than once (loops, alternatives). */
  iterDepth = 0;
  /** Number of IR blocks open around the current statement list (for computing Break indices). */
  depth = 0;

  constructor(
    private readonly strings: StringTable,
    firstFree: number,
  ) {
    this.next = firstFree;
  }

  newLocal(): ir.Local {
    return this.next++;
  }

  str(s: string): ir.Operand {
    return { kind: 'string', index: this.strings.intern(s) };
  }

  strIndex(s: string): number {
    return this.strings.intern(s);
  }

  emit(stmt: ir.Stmt): void {
    this.cur.push(stmt);
  }

  /** Runs `fn` with a fresh statement list and returns it as a block. */
  block(fn: () => void): ir.Block {
    const saved = this.cur;
    const stmts: ir.Stmt[] = [];
    this.cur = stmts;
    this.depth++;
    try {
      fn();
    } finally {
      this.cur = saved;
      this.depth--;
    }
    return { stmts };
  }

  /** Emits `Block` with one nested block built by `fn` (its failure does not end the current block). */
  nested(fn: () => void): void {
    this.emit({ type: 'Block', blocks: [this.block(fn)] });
  }

  /** Like `block` but counts as iteration (the continuation may run several times). */
  loopBlock(fn: () => void): ir.Block {
    this.iterDepth++;
    try {
      return this.block(fn);
    } finally {
      this.iterDepth--;
    }
  }

  /** A Break that leaves every block up to and including the one whose statements sit at `depth`. */
  breakTo(depth: number): void {
    this.emit({ type: 'Break', index: this.depth - depth });
  }

  /** Current statement list (for statements that must be inserted before earlier ones). */
  get stmts(): ir.Stmt[] {
    return this.cur;
  }

  /** A fresh local holding a constant operand (string, bool) or a copy of another local. */
  assign(source: ir.Operand, loc?: Location): ir.Local {
    const target = this.newLocal();
    this.emit({ type: 'AssignVar', source, target, loc });
    return target;
  }

  /** Number of locals allocated so far (for tests). */
  get localCount(): number {
    return this.next;
  }
}

/**
 * Variable bindings of the function being planned. Names are unique per rule (checked AST), but one
 * function plans several rules and alternatives, so bindings are undone through an undo log.
 */
export class VarEnv {
  private readonly map = new Map<string, ir.Local>();
  private readonly log: string[] = [];

  get(name: string): ir.Local | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  bind(name: string, local: ir.Local): void {
    if (this.map.has(name)) return;
    this.map.set(name, local);
    this.log.push(name);
  }

  mark(): number {
    return this.log.length;
  }

  reset(mark: number): void {
    while (this.log.length > mark) this.map.delete(this.log.pop() as string);
  }

  /** Names bound since `mark`, in binding order. */
  boundSince(mark: number): string[] {
    return this.log.slice(mark);
  }

  /** Runs `fn` and then forgets every binding it made. */
  scoped<T>(fn: () => T): T {
    const m = this.mark();
    try {
      return fn();
    } finally {
      this.reset(m);
    }
  }
}
