/**
 * Revocations indexed by kind and value so the request path checks them with a few map
 * look-ups before any policy runs.
 */
import type { Revocation, RevocationKind } from '@vigil/contracts';

export class RevocationIndex {
  private readonly byId = new Map<string, Revocation>();
  private readonly byKind = new Map<RevocationKind, Map<string, Revocation>>();

  constructor(revocations: Iterable<Revocation> = []) {
    for (const r of revocations) this.put(r);
  }

  put(r: Revocation): void {
    this.delete(r.id);
    this.byId.set(r.id, r);
    let m = this.byKind.get(r.kind);
    if (!m) this.byKind.set(r.kind, (m = new Map()));
    m.set(r.value, r);
  }

  delete(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    const m = this.byKind.get(old.kind);
    if (m?.get(old.value)?.id === id) m.delete(old.value);
  }

  /** The revocation in force for `kind`/`value` at `now`, if any (an expired one no longer applies). */
  match(kind: RevocationKind, value: string, now: number): Revocation | undefined {
    const r = this.byKind.get(kind)?.get(value);
    if (!r) return undefined;
    if (r.expires_at && Date.parse(r.expires_at) <= now) return undefined;
    return r;
  }

  get size(): number {
    return this.byId.size;
  }

  all(): Revocation[] {
    return [...this.byId.values()];
  }
}
