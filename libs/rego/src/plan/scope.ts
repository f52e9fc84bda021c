/**
 * Planning scopes for `with`. Outside any `with` every rule is planned once (scope 0). A `with` that
 * replaces a data path or mocks a function/builtin opens a scope; rules whose evaluation can reach
 * the replaced path or the mocked function are planned again under it (under a new function name),
 * everything else keeps its scope-0 function. `with input...` needs no scope: input is a parameter.
 */
import type { Term } from '../syntax/ast';

/** What a mocked function or builtin is replaced by. */
export type Mock =
  /** Every call yields this value: a ground term, or a value computed at the `with` site (capture). */
  | { readonly kind: 'const'; readonly term: Term }
  | { readonly kind: 'capture'; readonly index: number }
  /** Calls go to another user function (`data.pkg.g`) or builtin (`object.union_n`). */
  | { readonly kind: 'userFunc'; readonly path: readonly string[] }
  | { readonly kind: 'builtin'; readonly name: string };

export class Scope {
  /** Data paths replaced by this scope or an enclosing one (absolute, starting with `data`). */
  readonly replaced: readonly (readonly string[])[];
  /** Mocks by target (`count`, `data.pkg.f`): this scope's override the enclosing ones'. */
  readonly mocks: ReadonlyMap<string, Mock>;
  /** Number of run-time values (captures) functions under this scope take as extra parameters. */
  readonly captureCount: number;
  private noMocksScope?: Scope;

  constructor(
    readonly id: number,
    readonly parent: Scope | undefined,
    readonly ownReplaced: readonly (readonly string[])[],
    readonly ownMocks: ReadonlyMap<string, Mock>,
    ownCaptures: number,
    private readonly nextId: () => number,
  ) {
    this.replaced = [...(parent?.replaced ?? []), ...ownReplaced];
    const mocks = new Map(parent?.mocks ?? []);
    for (const [k, v] of ownMocks) mocks.set(k, v);
    this.mocks = mocks;
    this.captureCount = (parent?.captureCount ?? 0) + ownCaptures;
  }

  static root(nextId: () => number): Scope {
    return new Scope(nextId(), undefined, [], new Map(), 0, nextId);
  }

  get isRoot(): boolean {
    return this.parent === undefined;
  }

  /** True when `path` (absolute) lies at or below a replaced data path. */
  isReplaced(path: readonly string[]): boolean {
    return this.replaced.some((r) => isPrefix(r, path));
  }

  /**
   * The scope mock functions are planned in: same data replacements, no mocks (a mock's own calls
   * are not mocked, as in OPA's evaluator).
   */
  withoutMocks(): Scope {
    if (this.mocks.size === 0 && this.captureCount === 0) return this;
    if (!this.noMocksScope) {
      const parent = this.parent?.withoutMocks();
      this.noMocksScope =
        this.ownReplaced.length === 0 && parent
          ? parent
          : new Scope(this.nextId(), parent, this.ownReplaced, new Map(), 0, this.nextId);
    }
    return this.noMocksScope;
  }

  /** A child scope. */
  child(replaced: readonly (readonly string[])[], mocks: ReadonlyMap<string, Mock>, captures: number): Scope {
    return new Scope(this.nextId(), this, replaced, mocks, captures, this.nextId);
  }
}

export function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/** True when one path is a prefix of the other (reading one may read the other). */
export function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return isPrefix(a, b) || isPrefix(b, a);
}
