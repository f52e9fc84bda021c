/**
 * Planner state. `Planner` holds what is shared by the whole policy (strings, builtins, planned
 * functions and the queue of functions still to plan); `FuncCtx` is the state of the one function
 * or plan being built (its blocks, locals, variable bindings, `with` scope).
 */
import type { CheckedProgram, RuleTreeNode } from '../check/program';
import { childKeys, pathToString } from '../check/program';
import type { Location } from '../diagnostics';
import { invariant } from '../diagnostics';
import { FuncBuilder, StringTable, VarEnv } from './builder';
import { DepIndex } from './deps';
import type * as ir from './ir';
import { Scope } from './scope';

/** How rule sets with many `input.x == "const"` bodies are planned. */
export type RuleIndexMode = 'switch' | 'guards' | 'off';

export interface PlannerConfig {
  readonly ruleIndex: RuleIndexMode;
  /** Minimum number of bodies testing one input path before they are grouped. */
  readonly ruleIndexMinBodies: number;
}

/** Kinds of planned functions per rule-tree node. */
export type FuncKind = 'rules' | 'doc' | 'keyed';

export class Planner {
  readonly strings = new StringTable();
  readonly funcs: ir.Func[] = [];
  readonly builtins = new Map<string, number>();
  readonly files = new Set<string>();
  readonly rootScope: Scope;
  private scopeIds = 0;
  private readonly funcNames = new Map<string, string>();
  private readonly queue: (() => void)[] = [];
  private readonly sortedKeys = new Map<RuleTreeNode, string[]>();
  private depIndex?: DepIndex;

  constructor(
    readonly program: CheckedProgram,
    readonly config: PlannerConfig,
  ) {
    this.rootScope = Scope.root(() => this.scopeIds++);
  }

  get deps(): DepIndex {
    this.depIndex ??= new DepIndex(this.program);
    return this.depIndex;
  }

  /** Child keys of a node in document order (cached). */
  childKeys(node: RuleTreeNode): string[] {
    let keys = this.sortedKeys.get(node);
    if (!keys) {
      keys = childKeys(node);
      this.sortedKeys.set(node, keys);
    }
    return keys;
  }

  /** The scope a node's function is planned in when referenced from `scope`. */
  scopeFor(node: RuleTreeNode, scope: Scope): Scope {
    return scope.isRoot ? scope : this.deps.resolve(node, scope);
  }

  /**
   * The name of the function of `kind` for `node` under `scope`, queueing it for planning the
   * first time it is asked for. `plan` builds it (it runs later, from `drain`).
   */
  funcName(kind: FuncKind, node: RuleTreeNode, scope: Scope, plan: (name: string) => ir.Func): string {
    const key = `${scope.id}:${kind}:${node.path.join('\u0000')}`;
    let name = this.funcNames.get(key);
    if (name === undefined) {
      const suffix = kind === 'keyed' ? '#key' : '';
      name = `g${scope.id}.${pathToString(node.path)}${suffix}`;
      const n = name;
      this.funcNames.set(key, n);
      this.queue.push(() => this.funcs.push(plan(n)));
    }
    return name;
  }

  /** Plans queued functions until none is left (planning one may queue others). */
  drain(): void {
    for (let i = 0; i < this.queue.length; i++) (this.queue[i] as () => void)();
    this.queue.length = 0;
  }

  useBuiltin(name: string, arity: number): void {
    this.builtins.set(name, arity);
  }

  noteLoc(loc: Location | undefined): void {
    if (loc?.file) this.files.add(loc.file);
  }
}

/** The function or plan being built. */
export class FuncCtx {
  readonly b: FuncBuilder;
  readonly vars = new VarEnv();
  /** Location of the expression being planned (for statements that may abort). */
  loc: Location;

  constructor(
    readonly planner: Planner,
    /** The `with` scope calls and refs are planned under (switched while planning a `with` expression). */
    public scope: Scope,
    /** Locals holding the scope's captured values (length = scope.captureCount). */
    public caps: readonly ir.Local[],
    firstFree: number,
    loc: Location,
  ) {
    this.b = new FuncBuilder(planner.strings, firstFree);
    this.loc = loc;
    invariant(caps.length === scope.captureCount, 'capture parameters do not match the scope');
  }

  emit(stmt: ir.Stmt): void {
    this.b.emit(stmt);
  }

  /** Emits a statement that can abort at run time, with the current location. */
  emitAt(stmt: ir.Stmt): void {
    if (!this.loc.file) return this.b.emit(stmt); // synthetic (entrypoint) code has no source
    this.planner.noteLoc(this.loc);
    this.b.emit({ ...stmt, loc: this.loc });
  }

  str(s: string): ir.Operand {
    return this.b.str(s);
  }

  newLocal(): ir.Local {
    return this.b.newLocal();
  }
}
