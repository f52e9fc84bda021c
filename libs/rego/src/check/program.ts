/**
 * The checked program: what `checkProgram()` hands to the planner.
 *
 * CHANGELOG (newest first; the planner codes against this file, so every change is noted here)
 * - 2026-11-24: `builtinSignatures`: the signature of every builtin in `builtinsUsed`, as the check
 *   passes knew it (so custom builtins declared by the caller plan like registry ones).
 * - 2026-11-23 (3): `builtinsUsed` no longer lists `eq` and is counted after all rewrites. `check/verify.ts` checks every promise below on
 *   a program (`verifyCheckedProgram`); the corpus spec runs it on all conformance cases.
 * - 2026-11-23 (2): a complete rule defined twice with `:=` is not a compile error (OPA v1 accepts it;
 *   differing values are `eval_conflict_error` at run time), so such nodes may hold several rules.
 * - 2026-11-23: first version.
 *
 * What the planner may assume when `diagnostics` holds no error (nothing is promised otherwise):
 * - Every rule body, else body, comprehension body, `every` body and the query body is "checked":
 *   1. Refs are resolved. Rule/package/import refs are absolute refs with head var `data`
 *      (`data.pkg.p.q`); input refs have head var `input`. `data` and `input` never appear as bare
 *      vars: a bare `input` is a ref with an empty path. Every other var is a local whose name starts
 *      with `$` (`$x_1`, `$t3`, ...). User function calls have operator `data.pkg.f`; builtin calls keep
 *      the builtin's dotted name (`count`, `object.get`, `internal.member_2`, `internal.print`).
 *   2. Local names are unique per rule and belong to exactly one scope: the rule body (with the head
 *      and function args), or one comprehension / `every` body. A var of an enclosing scope used in a
 *      nested body is a capture and is bound before the expression holding that nested body.
 *      There are no `someDecl` expressions and no `assign` calls left; `:=` is `eq`; `==` with two
 *      operands is `eq` (its operands are bound by then, so unification is a comparison).
 *   3. Calls appear only as `callExpr`, never as terms. A `callExpr` for a builtin or function has
 *      either `arity` args (a test: the result must not be `false`/undefined) or `arity + 1` args whose
 *      last one is the output (a var or a pattern to unify with the result). Operators `eq` has exactly
 *      two args.
 *   4. Operand shapes (OPA's RewriteDynamicTerms): arguments of non-`eq` calls, ref path operands,
 *      `with` values and every head term contain no refs, calls or comprehensions (they are scalars,
 *      vars, or arrays/objects/sets of those). `eq` operands and a `termExpr` term may additionally
 *      be a ref (whose head is a var and whose path operands follow the previous rule) or a
 *      comprehension. Ref heads are always vars.
 *   5. Expressions are ordered so that every var is bound before it is read (safety reordering),
 *      comprehension and `every` bodies included. A negated expression reads only bound vars.
 *      `every` always has a `key` (a fresh var when the source had none); its `domain` is a var.
 *   6. `with` values that needed evaluation were computed into vars by preceding expressions; with
 *      targets are refs rooted at `input`, `data`, or naming a builtin (`count`, `time.now_ns`).
 * - Rules: see `CheckedRule`. Head terms (key, value, suffix, args) contain no refs, calls or
 *   comprehensions, and their vars are bound by the rule body (or are function args).
 * - No rule depends on itself (no recursion); every called function exists with the right arity.
 */
import type { Diagnostic, Location } from '../diagnostics';
import type { Body, Module, RefTerm, Rule, Term } from '../syntax/ast';
import type { BuiltinSignature } from './builtin-api';

/**
 * What a rule contributes to the document at its `path`:
 * - `complete`: the whole value (`p := 1`, `p if ...`, `default p := false`);
 * - `multi`: one element of a set (`p contains x`); with a non-empty `suffix`, a set nested in objects;
 * - `object`: one key/value of an object built from the ref suffix (`p[k] := v`, `p.q[k].r := v`,
 *   and ground non-string keys such as `p[1] := 2`);
 * - `function`: one definition of a function (`f(x) := y`).
 */
export type RuleKind = 'complete' | 'multi' | 'object' | 'function';

/** One `else` alternative of a checked rule (function elses share the rule's `args`). */
export interface CheckedElse {
  readonly value: Term;
  readonly body: Body;
  readonly loc: Location;
}

/** A rule after all checks and rewrites. */
export interface CheckedRule {
  /** Index in `CheckedProgram.rules`; stable for one check run. */
  readonly id: number;
  readonly kind: RuleKind;
  /**
   * Absolute path of the rule's node in the rule tree: `data`, the package, then the head ref's
   * leading string terms. `package a` + `p.q[x].r := 1` → `['data', 'a', 'p', 'q']`.
   */
  readonly path: readonly string[];
  /**
   * The head ref terms after `path`: empty for ground string refs; for `object` rules the keys
   * (vars or ground scalars) leading to the value, e.g. `[$x_1, "r"]`.
   */
  readonly suffix: readonly Term[];
  /** The full absolute head ref (`data.a.p.q[$x_1].r`), for messages and tooling. */
  readonly ref: RefTerm;
  /** Function parameters (patterns: vars, scalars, arrays/objects of those); empty otherwise. */
  readonly args: readonly Term[];
  /** The set element of a `multi` rule. */
  readonly key?: Term;
  /** The value of `complete`, `object` and `function` rules (absent for `multi`). */
  readonly value?: Term;
  readonly body: Body;
  readonly elses: readonly CheckedElse[];
  readonly isDefault: boolean;
  /** The rule as parsed, for locations and tooling. */
  readonly source: Rule;
  readonly file: string;
  readonly loc: Location;
}

/** A node of the rule tree. The root has key `''` and path `[]`; its only child is `data`. */
export interface RuleTreeNode {
  readonly key: string;
  /** Absolute path from the root, starting with `data` (empty for the root). */
  readonly path: readonly string[];
  /** Rules whose `path` is this node's path, in module order then source order. */
  readonly rules: readonly CheckedRule[];
  /** Children by key (iteration order is insertion order; use `childKeys` for sorted keys). */
  readonly children: ReadonlyMap<string, RuleTreeNode>;
  /** A module declares exactly this package (an empty package still yields `{}` in its parent). */
  readonly isPackage: boolean;
}

/** A user-visible variable of the query and the checked var that holds it. */
export interface QueryBinding {
  /** The name as the user wrote it (`x` in `data.p = x`). */
  readonly name: string;
  /** The var in the checked query body (`$x_1`). */
  readonly local: string;
}

/** The checked ad-hoc query (when one was given). */
export interface CheckedQuery {
  readonly body: Body;
  /** Vars the query's result rows bind, in order of first appearance (no wildcards, no generated vars). */
  readonly bindings: readonly QueryBinding[];
  readonly loc: Location;
}

/** The output of the check passes: the rule tree with every rule checked, the query, and diagnostics. */
export interface CheckedProgram {
  /** The modules as given (parsed, unchanged). */
  readonly modules: readonly Module[];
  /** All rules, in module order then source order; `rules[r.id] === r`. */
  readonly rules: readonly CheckedRule[];
  /** The root of the rule tree (key `''`). */
  readonly tree: RuleTreeNode;
  readonly query?: CheckedQuery;
  /** Names of builtins called anywhere (after print rewriting; `eq` is unification, not listed), sorted. */
  readonly builtinsUsed: readonly string[];
  /** Signature of each builtin in `builtinsUsed` (registry or caller-declared custom builtin). */
  readonly builtinSignatures: ReadonlyMap<string, BuiltinSignature>;
  /** Errors and warnings from every pass, sorted by file, row, col. */
  readonly diagnostics: readonly Diagnostic[];
}

// ---------------------------------------------------------------------------
// Helpers for the planner

/** True when the program has at least one error (the planner must not run). */
export function hasErrors(p: CheckedProgram): boolean {
  return p.diagnostics.some((d) => d.severity !== 'warning');
}

/** The node at an absolute path (`['data', 'a', 'p']`), or undefined. */
export function findNode(p: CheckedProgram, path: readonly string[]): RuleTreeNode | undefined {
  let node: RuleTreeNode | undefined = p.tree;
  for (const key of path) {
    node = node.children.get(key);
    if (!node) return undefined;
  }
  return node;
}

/** The rules whose node is exactly `path` (empty when none). */
export function rulesAt(p: CheckedProgram, path: readonly string[]): readonly CheckedRule[] {
  return findNode(p, path)?.rules ?? [];
}

/** A node's child keys, sorted by code point (the order in which documents print). */
export function childKeys(node: RuleTreeNode): string[] {
  return [...node.children.keys()].sort(compareStrings);
}

/** The children of the node at `path`, sorted by key. */
export function childrenOf(p: CheckedProgram, path: readonly string[]): RuleTreeNode[] {
  const node = findNode(p, path);
  if (!node) return [];
  return childKeys(node).map((k) => node.children.get(k) as RuleTreeNode);
}

/** The kind of the rules at a node (they all share one after checking), or undefined when none. */
export function nodeKind(node: RuleTreeNode): RuleKind | undefined {
  return node.rules[0]?.kind;
}

/** True when `path` names a user function. */
export function isFunction(p: CheckedProgram, path: readonly string[]): boolean {
  return rulesAt(p, path)[0]?.kind === 'function';
}

/** The arity of the user function at `path`, or undefined when `path` is not a function. */
export function functionArity(p: CheckedProgram, path: readonly string[]): number | undefined {
  const first = rulesAt(p, path)[0];
  return first?.kind === 'function' ? first.args.length : undefined;
}

/** The `default` rule at a node, if any. */
export function defaultRule(node: RuleTreeNode): CheckedRule | undefined {
  return node.rules.find((r) => r.isDefault);
}

/** True when the node or any node below it has rules (a purely base-data path has none). */
export function hasRulesBelow(node: RuleTreeNode): boolean {
  if (node.rules.length > 0) return true;
  for (const child of node.children.values()) if (hasRulesBelow(child)) return true;
  return false;
}

/**
 * Walks a ground string path from the root and returns the first node on it that has rules,
 * with the rest of the path: `data.a.p.x.y` with rules at `data.a.p` → `{ node: p, rest: ['x','y'] }`.
 * Undefined when no node on the path has rules (the path is base data, or a prefix of rule paths).
 */
export function virtualDocumentAt(
  p: CheckedProgram,
  path: readonly string[],
): { node: RuleTreeNode; rest: readonly string[] } | undefined {
  let node: RuleTreeNode | undefined = p.tree;
  for (let i = 0; i < path.length; i++) {
    node = node.children.get(path[i] as string);
    if (!node) return undefined;
    if (node.rules.length > 0) return { node, rest: path.slice(i + 1) };
  }
  return undefined;
}

/** Every rule at or below `node`, depth first in sorted key order. */
export function rulesBelow(node: RuleTreeNode): CheckedRule[] {
  const out: CheckedRule[] = [...node.rules];
  for (const key of childKeys(node)) out.push(...rulesBelow(node.children.get(key) as RuleTreeNode));
  return out;
}

/** `['data','a','p']` → `data.a.p` (keys that are not identifiers are quoted: `data.a["x-y"]`). */
export function pathToString(path: readonly string[]): string {
  return path
    .map((k, i) => (i === 0 ? k : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`))
    .join('');
}

/** Orders strings by code point, which matches Go's UTF-8 byte order (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i === 0 ? (b.length - j === 0 ? 0 : -1) : 1;
}
