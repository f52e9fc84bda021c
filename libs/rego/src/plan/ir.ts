/**
 * CHANGELOG (additive changes; newest first; the planner and codegen code against this file)
 * - 2026-11-26: `Dot` always writes its target, and an undefined source or key local makes it
 *   undefined (codegen already did both); the optimisation stage (`plan/hoist.ts`) relies on it.
 * - 2026-11-23 (planner): `ConflictKind` and optional `conflict` on `AssignVarOnce` /
 *   `ObjectInsertOnce` (which evaluator message a conflict aborts with; defaults keep the old meaning);
 *   `Switch` statement and `Constant` (rule indexing, "Vigil"); notes on void builtin calls
 *   (`internal.print`), on extra function parameters (mock captures), and on `Policy.static.files`;
 *   `ObjectMerge` with one operand undefined yields the other (as `vg_object_merge` already does);
 *   `Func.internal` marks helpers that share a rule set's path but are no dynamic-dispatch target.
 *
 * The planner's intermediate representation. It mirrors OPA's `ir` package so
 * OPA's evaluation semantics carry over statement for statement, plus a few
 * statements of our own for speed (marked "Vigil").
 *
 * Execution model:
 * - A function runs its blocks in order. A block runs its statements in order;
 *   a statement that is *undefined* (a failed check, a missing key, a call whose
 *   result is undefined) ends the innermost enclosing block. That is the whole
 *   mechanism for Rego's undefined/false handling.
 * - Locals are numbered per function. At run time a local holds a value pointer;
 *   pointer 0 means undefined. In every function local 0 is `input` and local 1 is
 *   `data`; a function's own parameters follow.
 * - Operands are a local, an interned string constant, or a boolean constant.
 */
import type { Location } from '../diagnostics';

export type Local = number;

export const INPUT_LOCAL: Local = 0;
export const DATA_LOCAL: Local = 1;

export type Operand =
  | { readonly kind: 'local'; readonly local: Local }
  | { readonly kind: 'string'; readonly index: number } // index into Policy.static.strings
  | { readonly kind: 'bool'; readonly value: boolean };

interface StmtBase {
  /** Source location; set on every statement that can abort at run time (calls, *Once statements). */
  readonly loc?: Location;
}

/**
 * Which evaluator message a conflict aborts with (`eval_conflict_error: <message>`), matching
 * `ConflictMessage` in `wasm/runtime-api.ts`:
 * - `complete`: "complete rules must not produce multiple outputs";
 * - `function`: "functions must not produce multiple outputs for same inputs";
 * - `objectKey`: "object keys must be unique".
 */
export type ConflictKind = 'complete' | 'function' | 'objectKey';

/**
 * A constant scalar (Vigil, for `Switch` cases). Numbers are literal text in `Policy.static.strings`
 * and are in canonical integer form (`-12`, never `1.0` or `1e3`), so two distinct cases never
 * compare equal.
 */
export type Constant =
  | { readonly kind: 'string'; readonly index: number }
  | { readonly kind: 'number'; readonly index: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

// --- control -------------------------------------------------------------

/** Runs the nested blocks in order (each is its own "undefined ends me" scope). */
export interface BlockStmt extends StmtBase {
  readonly type: 'Block';
  readonly blocks: readonly Block[];
}
/** Leaves `index` + 1 enclosing blocks (0 = the innermost block containing this statement). */
export interface BreakStmt extends StmtBase {
  readonly type: 'Break';
  readonly index: number;
}
/** Defined only when `block` does not run to completion. */
export interface NotStmt extends StmtBase {
  readonly type: 'Not';
  readonly block: Block;
}
/** For every key/value of `source` (array index, object key, set element as both), runs `block`. Scalars: zero iterations. */
export interface ScanStmt extends StmtBase {
  readonly type: 'Scan';
  readonly source: Local;
  readonly key: Local;
  readonly value: Local;
  readonly block: Block;
}
/**
 * Runs `block` with `local` replaced by a copy in which `path` (constant string
 * indices) is set to `value` (path empty: the whole local is replaced). The local
 * is restored afterwards, whether the block completes or not. Memoised rule results
 * are not shared across the boundary.
 */
export interface WithStmt extends StmtBase {
  readonly type: 'With';
  readonly local: Local;
  readonly path: readonly number[];
  readonly value: Operand;
  readonly block: Block;
}
/** One arm of a `Switch`. */
export interface SwitchCase {
  readonly value: Constant;
  readonly block: Block;
}
/**
 * Vigil (rule indexing): runs the block of the case whose constant equals the value of `source`
 * (Rego equality), or nothing when no case matches or `source` is undefined. Like `Block`, the
 * statement itself is never undefined: execution continues after it either way. Case constants are
 * pairwise distinct. Codegen may lower it to a chain of equality tests; the point is a static hash
 * table (built once by the start function) so selecting among N cases costs O(1).
 */
export interface SwitchStmt extends StmtBase {
  readonly type: 'Switch';
  readonly source: Local;
  readonly cases: readonly SwitchCase[];
}
export interface NopStmt extends StmtBase {
  readonly type: 'Nop';
}
/** Returns from the function with `source` (functions end with one of these). */
export interface ReturnLocalStmt extends StmtBase {
  readonly type: 'ReturnLocal';
  readonly source: Local;
}
/** Adds `value` (an object of bindings) to the plan's result set. */
export interface ResultSetAddStmt extends StmtBase {
  readonly type: 'ResultSetAdd';
  readonly value: Local;
}

// --- calls ---------------------------------------------------------------

/**
 * Calls a planned function (by `func` name) or a builtin (by builtin name) with
 * `args`; the result goes to `result`. An undefined result makes the statement undefined.
 * Planned functions always take (input, data, ...args).
 * A builtin without a result (`internal.print`) is called for its effect: `result` is left
 * undefined and the statement is always defined.
 */
export interface CallStmt extends StmtBase {
  readonly type: 'Call';
  readonly func: string;
  readonly args: readonly Operand[];
  readonly result: Local;
}
/**
 * Calls the function whose data path is given by `path` (operands evaluating to
 * strings), resolved at run time; undefined when no function has that path.
 */
export interface CallDynamicStmt extends StmtBase {
  readonly type: 'CallDynamic';
  readonly path: readonly Operand[];
  readonly args: readonly Local[];
  readonly result: Local;
}

// --- checks (may be undefined) ---------------------------------------------

export interface EqualStmt extends StmtBase {
  readonly type: 'Equal';
  readonly a: Operand;
  readonly b: Operand;
}
export interface NotEqualStmt extends StmtBase {
  readonly type: 'NotEqual';
  readonly a: Operand;
  readonly b: Operand;
}
export interface IsArrayStmt extends StmtBase {
  readonly type: 'IsArray';
  readonly source: Operand;
}
export interface IsObjectStmt extends StmtBase {
  readonly type: 'IsObject';
  readonly source: Operand;
}
export interface IsSetStmt extends StmtBase {
  readonly type: 'IsSet';
  readonly source: Operand;
}
export interface IsDefinedStmt extends StmtBase {
  readonly type: 'IsDefined';
  readonly source: Local;
}
export interface IsUndefinedStmt extends StmtBase {
  readonly type: 'IsUndefined';
  readonly source: Local;
}
/**
 * `target = source[key]`; undefined when source is not a collection or has no such key/index/element.
 * It always writes `target` (undefined when the lookup is), and a `source` or `key` local that is
 * undefined makes it undefined: `hoist.ts` runs lookups ahead of the loop that would have guarded them.
 */
export interface DotStmt extends StmtBase {
  readonly type: 'Dot';
  readonly source: Operand;
  readonly key: Operand;
  readonly target: Local;
}

// --- locals ----------------------------------------------------------------

export interface AssignVarStmt extends StmtBase {
  readonly type: 'AssignVar';
  readonly source: Operand;
  readonly target: Local;
}
/**
 * Assigns when `target` is undefined; if it is defined with a different value, aborts with
 * eval_conflict_error (message by `conflict`, default `complete`).
 */
export interface AssignVarOnceStmt extends StmtBase {
  readonly type: 'AssignVarOnce';
  readonly source: Operand;
  readonly target: Local;
  readonly conflict?: ConflictKind;
}
/** Stores a small integer (not a Rego value): used for counters. Vigil keeps it as a number value. */
export interface AssignIntStmt extends StmtBase {
  readonly type: 'AssignInt';
  readonly value: number;
  readonly target: Local;
}
export interface ResetLocalStmt extends StmtBase {
  readonly type: 'ResetLocal';
  readonly target: Local;
}
/** `target = count(source)` for arrays, objects, sets and strings (code points). */
export interface LenStmt extends StmtBase {
  readonly type: 'Len';
  readonly source: Operand;
  readonly target: Local;
}

// --- constructors --------------------------------------------------------------

export interface MakeNullStmt extends StmtBase {
  readonly type: 'MakeNull';
  readonly target: Local;
}
export interface MakeNumberIntStmt extends StmtBase {
  readonly type: 'MakeNumberInt';
  readonly value: number;
  readonly target: Local;
}
/** A number from its literal text (string constant `index`), kept exact. */
export interface MakeNumberRefStmt extends StmtBase {
  readonly type: 'MakeNumberRef';
  readonly index: number;
  readonly target: Local;
}
export interface MakeArrayStmt extends StmtBase {
  readonly type: 'MakeArray';
  readonly capacity: number;
  readonly target: Local;
}
export interface MakeObjectStmt extends StmtBase {
  readonly type: 'MakeObject';
  readonly target: Local;
}
export interface MakeSetStmt extends StmtBase {
  readonly type: 'MakeSet';
  readonly target: Local;
}

// --- mutation ----------------------------------------------------------------

export interface ArrayAppendStmt extends StmtBase {
  readonly type: 'ArrayAppend';
  readonly value: Operand;
  readonly array: Local;
}
export interface ObjectInsertStmt extends StmtBase {
  readonly type: 'ObjectInsert';
  readonly key: Operand;
  readonly value: Operand;
  readonly object: Local;
}
/** Inserts; if the key exists with a different value, aborts with eval_conflict_error (message by `conflict`, default `objectKey`). */
export interface ObjectInsertOnceStmt extends StmtBase {
  readonly type: 'ObjectInsertOnce';
  readonly key: Operand;
  readonly value: Operand;
  readonly object: Local;
  readonly conflict?: ConflictKind;
}
/**
 * `target = deep-merge(a, b)`; undefined when the two disagree at a non-object value. When one of
 * `a`, `b` is undefined the result is the other one (the runtime's `vg_object_merge` does this).
 */
export interface ObjectMergeStmt extends StmtBase {
  readonly type: 'ObjectMerge';
  readonly a: Local;
  readonly b: Local;
  readonly target: Local;
}
export interface SetAddStmt extends StmtBase {
  readonly type: 'SetAdd';
  readonly value: Operand;
  readonly set: Local;
}

export type Stmt =
  | BlockStmt
  | BreakStmt
  | NotStmt
  | ScanStmt
  | WithStmt
  | SwitchStmt
  | NopStmt
  | ReturnLocalStmt
  | ResultSetAddStmt
  | CallStmt
  | CallDynamicStmt
  | EqualStmt
  | NotEqualStmt
  | IsArrayStmt
  | IsObjectStmt
  | IsSetStmt
  | IsDefinedStmt
  | IsUndefinedStmt
  | DotStmt
  | AssignVarStmt
  | AssignVarOnceStmt
  | AssignIntStmt
  | ResetLocalStmt
  | LenStmt
  | MakeNullStmt
  | MakeNumberIntStmt
  | MakeNumberRefStmt
  | MakeArrayStmt
  | MakeObjectStmt
  | MakeSetStmt
  | ArrayAppendStmt
  | ObjectInsertStmt
  | ObjectInsertOnceStmt
  | ObjectMergeStmt
  | SetAddStmt;

export interface Block {
  readonly stmts: readonly Stmt[];
}

/** A planned rule set or function. */
export interface Func {
  /** Unique name, e.g. `g0.data.authz.allow`. */
  readonly name: string;
  /**
   * Parameter locals: always [0 (input), 1 (data), ...args]. Functions re-planned under a `with`
   * mock whose value is computed at run time take that value as extra trailing parameters.
   */
  readonly params: readonly Local[];
  readonly returnLocal: Local;
  readonly blocks: readonly Block[];
  /** The rule's data path (`["authz", "allow"]`), for dynamic dispatch and error messages. */
  readonly path: readonly string[];
  /** True for rules with no arguments whose result may be memoised per evaluation. */
  readonly memoizable: boolean;
  /**
   * True for planner helpers that share `path` with the rule set there but are not it: keyed
   * variants (`...#key`, which take the key as an argument) and rule sets re-planned under a `with`
   * scope (`g1.`...). They are never `CallDynamic` targets. Absent means false.
   */
  readonly internal?: boolean;
}

/** An entrypoint or query plan: its blocks add binding objects to the result set. */
export interface Plan {
  /** Entrypoint name as the ABI lists it: `authz/allow`. */
  readonly name: string;
  readonly blocks: readonly Block[];
}

/** A builtin the policy calls, with its declared arity. `host` builtins go through `opa_builtinN`. */
export interface BuiltinRef {
  readonly name: string;
  readonly arity: number;
}

export interface Policy {
  readonly static: {
    /** Interned string constants; operands and MakeNumberRef refer to them by index. */
    readonly strings: readonly string[];
    readonly builtins: readonly BuiltinRef[];
    /** Every file named by a statement's `loc`, sorted. */
    readonly files: readonly string[];
  };
  readonly plans: readonly Plan[];
  readonly funcs: readonly Func[];
}
