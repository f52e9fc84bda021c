/**
 * The state the check passes share: the working copy of every rule (rewritten pass by pass), the rule
 * tree, the query, options and the diagnostics collected so far.
 */
import { DiagnosticBag, type DiagnosticCode, type Location } from '../diagnostics';
import type { Body, Module, Query, RefTerm, Rule, Term } from '../syntax/ast';
import type { BuiltinLookup, BuiltinSignature } from './builtin-api';
import type { QueryBinding, RuleKind } from './program';

/** Options of `checkProgram`. */
export interface CheckOptions {
  readonly query?: Query;
  /** OPA's strict mode: unused locals, args and imports, deprecated builtins in v0 modules. */
  readonly strict?: boolean;
  /** Keep `print()` calls (rewritten to `internal.print`); erased otherwise. */
  readonly enablePrint?: boolean;
  readonly builtins: BuiltinLookup;
}

/** Generates local names unique within one rule (or the query). Users cannot write `$`. */
export class VarGen {
  private next = 0;
  /** A renamed user var: `x` → `$x_3`. */
  local(name: string): string {
    return `$${name}_${this.next++}`;
  }
  /** A compiler temporary: `$7`. */
  temp(): string {
    return `$${this.next++}`;
  }
  /** A renamed wildcard: `$_4`. */
  wildcard(): string {
    return `$_${this.next++}`;
  }
}

/** The user-facing name of a checked var: `$x_3` → `x`; undefined for temporaries and wildcards. */
export function originalName(name: string): string | undefined {
  if (!name.startsWith('$')) return name;
  const m = /^\$(.+)_\d+$/.exec(name);
  if (!m || m[1] === '_' || (m[1] as string).startsWith('wildcard')) return undefined;
  return m[1];
}

/** True for names the parser or this compiler made up (`$wildcard3`, `$7`, `$_4`). */
export function isGeneratedName(name: string): boolean {
  return name.startsWith('$') && originalName(name) === undefined;
}

/** One `else` alternative being checked. */
export interface WorkElse {
  value: Term;
  body: Body;
  readonly loc: Location;
}

/** A rule being checked; passes replace its fields. */
export interface WorkRule {
  readonly id: number;
  readonly source: Rule;
  readonly module: Module;
  readonly kind: RuleKind;
  /** Absolute tree path (`data`, package, leading string terms of the head ref). */
  readonly path: readonly string[];
  /** Head ref terms after `path`. */
  suffix: Term[];
  args: Term[];
  key?: Term;
  value?: Term;
  body: Body;
  elses: WorkElse[];
  readonly gen: VarGen;
  /** Set by rewrite-locals when the rule calls `print` (the print pass skips the others). */
  hasPrint?: boolean;
  /** Set by rewrite-locals when the rule has a `with` anywhere (the with-values pass skips the others). */
  hasWith?: boolean;
  /** Refs rooted at `data` anywhere in the rule (operators and `with` included), for the recursion check. */
  dataRefs?: RefTerm[];
  /**
   * Set by checkUndefinedFuncs: the bodies holding a call it reported (unknown callee, wrong arity), whose
   * output vars are therefore unknown: `BODY` is the rule body with the head, `i` is `elses[i]`. Safety
   * skips exactly these (it would only report their outputs as unsafe vars) and checks every other body.
   */
  callErrors?: Set<number>;
}

/** `WorkRule.callErrors` key of the rule body (with the head); else bodies are keyed by their index. */
export const BODY = -1;

/** The query being checked. */
export interface WorkQuery {
  body: Body;
  readonly loc: Location;
  readonly file: string;
  bindings: QueryBinding[];
  readonly gen: VarGen;
  hasPrint?: boolean;
  hasWith?: boolean;
  /** Set by checkUndefinedFuncs when the query holds a call it reported (see `WorkRule.callErrors`). */
  callErrors?: boolean;
}

/** A mutable rule-tree node (frozen into `RuleTreeNode` at the end). */
export interface TreeNode {
  readonly key: string;
  readonly path: readonly string[];
  readonly rules: WorkRule[];
  readonly children: Map<string, TreeNode>;
  /** Modules declaring exactly this package. */
  readonly packages: Module[];
}

export class CheckContext {
  readonly diags = new DiagnosticBag();
  readonly rules: WorkRule[] = [];
  readonly tree: TreeNode = { key: '', path: [], rules: [], children: new Map(), packages: [] };
  query?: WorkQuery;
  /** Builtins called anywhere after all rewrites, recorded by checkTypes. */
  readonly builtinsUsed = new Set<string>();

  constructor(
    readonly modules: readonly Module[],
    readonly opts: CheckOptions,
  ) {}

  error(code: DiagnosticCode, message: string, loc: Location): void {
    this.diags.error(code, message, loc);
  }

  get strict(): boolean {
    return this.opts.strict === true;
  }

  builtin(name: string): BuiltinSignature | undefined {
    return this.opts.builtins.get(name);
  }

  /** Any builtin OPA knows, implemented here or not. */
  knownBuiltin(name: string): BuiltinSignature | undefined {
    return this.opts.builtins.get(name) ?? this.opts.builtins.describe?.(name);
  }

  /** The node at an absolute path, or undefined. */
  node(path: readonly string[]): TreeNode | undefined {
    let n: TreeNode | undefined = this.tree;
    for (const k of path) {
      n = n.children.get(k);
      if (!n) return undefined;
    }
    return n;
  }

  /** The node at an absolute path, created with its ancestors when missing. */
  ensureNode(path: readonly string[]): TreeNode {
    let n = this.tree;
    for (let i = 0; i < path.length; i++) {
      const k = path[i] as string;
      let c = n.children.get(k);
      if (!c) {
        c = { key: k, path: path.slice(0, i + 1), rules: [], children: new Map(), packages: [] };
        n.children.set(k, c);
      }
      n = c;
    }
    return n;
  }
}

