/**
 * The scope stack used while renaming locals (OPA's localDeclaredVars): one frame per body (rule body,
 * comprehension body, `every` body), each mapping a user name to its new name and how it occurred.
 */
import { invariant, type Location } from '../diagnostics';

export type Occurrence = 'arg' | 'seen' | 'assigned' | 'declared';

export interface ScopeEntry {
  readonly local: string;
  readonly occ: Occurrence;
  /** How often the name was seen (declaration included); strict mode reports assigned vars seen once. */
  count: number;
  /** Where the name was declared or first seen. */
  readonly loc: Location;
}

export class ScopeStack {
  private readonly frames: Map<string, ScopeEntry>[] = [new Map()];

  push(): void {
    this.frames.push(new Map());
  }

  pop(): Map<string, ScopeEntry> {
    const top = this.frames.pop();
    invariant(top !== undefined && this.frames.length > 0, 'scope stack underflow');
    return top;
  }

  get top(): Map<string, ScopeEntry> {
    return this.frames[this.frames.length - 1] as Map<string, ScopeEntry>;
  }

  /** The innermost entry for `name` in any frame. */
  lookup(name: string): ScopeEntry | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const e = (this.frames[i] as Map<string, ScopeEntry>).get(name);
      if (e) return e;
    }
    return undefined;
  }

  /** How `name` occurred in the current frame, if at all. */
  occurrence(name: string): Occurrence | undefined {
    return this.top.get(name)?.occ;
  }

  insert(name: string, local: string, occ: Occurrence, loc: Location): ScopeEntry {
    const e: ScopeEntry = { local, occ, count: 1, loc };
    this.top.set(name, e);
    return e;
  }
}
