/**
 * Revocations indexed by kind and value so the request path checks them with a few map
 * look-ups before any policy runs. Several revocations may name the same kind and value
 * (revoked twice, with different reasons or expiries): the most recently put one is the one
 * in force and shown to policies, and lifting it uncovers the others.
 */
import type { Revocation, RevocationKind } from '@vigil/contracts';

export class RevocationIndex {
  private readonly byId = new Map<string, Revocation>();
  /** kind → value → the revocations naming it, oldest put first. */
  private readonly byKind = new Map<RevocationKind, Map<string, Map<string, Revocation>>>();

  constructor(revocations: Iterable<Revocation> = []) {
    for (const r of revocations) this.put(r);
  }

  put(r: Revocation): void {
    this.delete(r.id);
    this.byId.set(r.id, r);
    let m = this.byKind.get(r.kind);
    if (!m) this.byKind.set(r.kind, (m = new Map()));
    let same = m.get(r.value);
    if (!same) m.set(r.value, (same = new Map()));
    same.set(r.id, r);
  }

  /** Removes a revocation; returns what it was (so callers know which kind/value changed). */
  delete(id: string): Revocation | undefined {
    const old = this.byId.get(id);
    if (!old) return undefined;
    this.byId.delete(id);
    const m = this.byKind.get(old.kind);
    const same = m?.get(old.value);
    same?.delete(id);
    if (same && same.size === 0) m!.delete(old.value);
    return old;
  }

  /** The revocation shown to policies for `kind`/`value` (the last put), expired or not. */
  current(kind: RevocationKind, value: string): Revocation | undefined {
    const same = this.byKind.get(kind)?.get(value);
    if (!same) return undefined;
    let last: Revocation | undefined;
    for (const r of same.values()) last = r;
    return last;
  }

  /** A revocation in force for `kind`/`value` at `now`, if any (an expired one no longer applies). */
  match(kind: RevocationKind, value: string, now: number): Revocation | undefined {
    const same = this.byKind.get(kind)?.get(value);
    if (!same) return undefined;
    let found: Revocation | undefined;
    for (const r of same.values()) if (!r.expires_at || Date.parse(r.expires_at) > now) found = r;
    return found;
  }

  get size(): number {
    return this.byId.size;
  }

  all(): Revocation[] {
    return [...this.byId.values()];
  }
}
