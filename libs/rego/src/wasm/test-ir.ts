/**
 * Small helpers for writing IR `Policy` objects by hand in codegen specs (until and besides the
 * planner): operands, statement constructors, and a builder that interns strings.
 */
import type { Block, Func, Local, Operand, Plan, Policy, Stmt } from '../plan/ir';
import type { Location } from '../diagnostics';

export const local = (l: Local): Operand => ({ kind: 'local', local: l });
export const bool = (value: boolean): Operand => ({ kind: 'bool', value });
export const block = (...stmts: Stmt[]): Block => ({ stmts });

export class PolicyBuilder {
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly builtins: { name: string; arity: number }[] = [];
  readonly plans: Plan[] = [];
  readonly funcs: Func[] = [];

  /** Index of an interned string. */
  s(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.strings.push(text) - 1;
      this.index.set(text, i);
    }
    return i;
  }

  /** A string operand. */
  str(text: string): Operand {
    return { kind: 'string', index: this.s(text) };
  }

  builtin(name: string, arity: number): this {
    this.builtins.push({ name, arity });
    return this;
  }

  plan(name: string, ...blocks: Block[]): this {
    this.plans.push({ name, blocks });
    return this;
  }

  func(f: Partial<Func> & Pick<Func, 'name' | 'blocks'>): this {
    this.funcs.push({ params: [0, 1], returnLocal: 2, path: f.name.split('.').slice(2), memoizable: false, ...f });
    return this;
  }

  /**
   * A plan for entrypoint `name` that calls `func` (input, data) into local 2 and adds
   * `{"result": <local 2>}`.
   */
  entrypoint(name: string, func: string): this {
    return this.plan(name, block(...this.resultOf({ type: 'Call', func, args: [local(0), local(1)], result: 2 })));
  }

  /** Statements that run `call` into local 2 and add `{"result": local 2}` to the result set. */
  resultOf(call: Stmt): Stmt[] {
    return [
      call,
      { type: 'MakeObject', target: 3 },
      { type: 'ObjectInsert', key: this.str('result'), value: local(2), object: 3 },
      { type: 'ResultSetAdd', value: 3 },
    ];
  }

  build(files: readonly string[] = ['policy.rego']): Policy {
    return { static: { strings: [...this.strings], builtins: [...this.builtins], files }, plans: this.plans, funcs: this.funcs };
  }
}

export const at = (row: number, col: number, file = 'policy.rego'): Location => ({ file, row, col });
