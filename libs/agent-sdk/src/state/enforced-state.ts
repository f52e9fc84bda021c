/**
 * Everything besides the compiled policy that decisions depend on: data documents, role
 * bindings and revocations, as of `revision`. Deltas mutate it in place; a snapshot
 * replaces it. `toDataDocument` builds the `data` the policy sees; `takePatches` says how
 * that document changed since the last time it was built or patched, as path edits.
 */
import { vigilPolicyData, type DataDeltaEvent, type DataDocument, type RevocationEvent, type RevocationKind, type Revocation, type RoleBinding, type RoleBindingDeltaEvent } from '@vigil/contracts';
import { layerDocuments, segments, shapeAt, valueAt, VIGIL_KEY } from './data-layering';
import { RevocationIndex } from './revocation-index';

export interface StateSnapshot {
  readonly revision: number;
  readonly data: readonly DataDocument[];
  readonly role_bindings: readonly RoleBinding[];
  readonly revocations: readonly Revocation[];
}

/** One edit of the policy's `data` (the shape RegoPolicy.patchData takes). */
export type PolicyDataPatch = { readonly op: 'add'; readonly path: readonly string[]; readonly value: unknown } | { readonly op: 'remove'; readonly path: readonly string[] };

/** Past this many touched keys a full rebuild is cheaper than patching each. */
const MAX_PATCHES = 512;

export class EnforcedState {
  readonly documents = new Map<string, unknown>();
  readonly roleBindings = new Map<string, RoleBinding>();
  readonly revocations: RevocationIndex;
  /** Binding ids by subject, in roleBindings order: data.vigil.role_bindings[subject] without a scan. */
  private readonly bySubject = new Map<string, Set<string>>();
  // What changed since the policy's data was last built or patched.
  private readonly dirtySubjects = new Set<string>();
  private readonly dirtyRevocations = new Map<string, readonly [RevocationKind, string]>();
  private readonly dirtyDocuments = new Set<string>();

  constructor(snapshot?: Omit<StateSnapshot, 'revision'>) {
    for (const d of snapshot?.data ?? []) this.documents.set(segments(d.path).join('/'), d.value);
    for (const b of snapshot?.role_bindings ?? []) this.putBinding(b);
    this.revocations = new RevocationIndex(snapshot?.revocations ?? []);
  }

  applyData(e: DataDeltaEvent): void {
    for (const p of e.delete) this.touchDocument(segments(p).join('/'), false);
    for (const d of e.put) this.touchDocument(segments(d.path).join('/'), true, d.value);
  }

  applyRoleBindings(e: RoleBindingDeltaEvent): void {
    for (const id of e.delete) {
      const old = this.roleBindings.get(id);
      if (!old) continue;
      this.roleBindings.delete(id);
      this.unindex(old);
    }
    for (const b of e.put) this.putBinding(b);
  }

  applyRevocations(e: RevocationEvent): void {
    for (const id of e.delete) {
      const old = this.revocations.delete(id);
      if (old) this.dirtyRevocations.set(`${old.kind}\u0000${old.value}`, [old.kind, old.value]);
    }
    for (const r of e.put) {
      const old = this.revocations.delete(r.id);
      if (old) this.dirtyRevocations.set(`${old.kind}\u0000${old.value}`, [old.kind, old.value]);
      this.revocations.put(r);
      this.dirtyRevocations.set(`${r.kind}\u0000${r.value}`, [r.kind, r.value]);
    }
  }

  toSnapshot(revision: number): StateSnapshot {
    return {
      revision,
      data: [...this.documents].map(([path, value]) => ({ path, value })),
      role_bindings: [...this.roleBindings.values()],
      revocations: this.revocations.all(),
    };
  }

  /**
   * The policy's `data`: the bundle's own data.json, data documents written at their paths
   * on top, and `data.vigil` as contracts' `vigilPolicyData` defines it. Building it whole
   * also settles every pending change.
   */
  toDataDocument(bundleData: unknown): Record<string, unknown> {
    this.clearDirty();
    const root = layerDocuments(bundleData, this.documents);
    root[VIGIL_KEY] = vigilPolicyData(this.roleBindings.values(), this.revocations.all());
    return root;
  }

  /** Whether `data` changed since it was last built or patched. */
  get dirty(): boolean {
    return this.dirtySubjects.size + this.dirtyRevocations.size + this.dirtyDocuments.size > 0;
  }

  /**
   * The edits that bring a `data` built (or patched) earlier up to date, each key touched
   * since then set to its value in `toDataDocument` or removed; null when so much changed
   * that a full rebuild is cheaper. The pending changes are settled either way.
   */
  takePatches(bundleData: unknown): PolicyDataPatch[] | null {
    const n = this.dirtySubjects.size + this.dirtyRevocations.size + this.dirtyDocuments.size;
    if (n > MAX_PATCHES) return null;
    const out: PolicyDataPatch[] = [];
    for (const subject of this.dirtySubjects) {
      const ids = this.bySubject.get(subject);
      const path = [VIGIL_KEY, 'role_bindings', subject];
      if (!ids) out.push({ op: 'remove', path });
      else out.push({ op: 'add', path, value: vigilPolicyData([...ids].map((id) => this.roleBindings.get(id)!), []).role_bindings[subject] });
    }
    for (const [kind, value] of this.dirtyRevocations.values()) {
      const r = this.revocations.current(kind, value);
      const path = [VIGIL_KEY, 'revocations', kind, value];
      if (!r) out.push({ op: 'remove', path });
      else out.push({ op: 'add', path, value: vigilPolicyData([], [r]).revocations[kind][value] });
    }
    for (const doc of this.dirtyDocuments) out.push(this.documentPatch(bundleData, doc.split('/')));
    this.clearDirty();
    return out;
  }

  /**
   * The edit for a touched document path. Documents force the objects above them into
   * existence, so a change can reach up: the highest ancestor that is now gone is removed,
   * the highest one that is now a plain value (no longer forced to an object) is set;
   * otherwise the path itself gets its new value or is removed.
   */
  private documentPatch(bundleData: unknown, parts: string[]): PolicyDataPatch {
    for (let i = 1; i < parts.length; i++) {
      const path = parts.slice(0, i);
      const shape = shapeAt(bundleData, this.documents, path);
      if (shape === 'absent') return { op: 'remove', path };
      if (shape === 'value') return { op: 'add', path, value: valueAt(bundleData, this.documents, path) };
    }
    const v = valueAt(bundleData, this.documents, parts);
    return v === undefined ? { op: 'remove', path: parts } : { op: 'add', path: parts, value: v };
  }

  private touchDocument(key: string, put: boolean, value?: unknown): void {
    if (put) this.documents.set(key, value);
    else if (!this.documents.delete(key)) return;
    // data.vigil is rebuilt from bindings and revocations: documents under it never show.
    if (key.split('/')[0] !== VIGIL_KEY) this.dirtyDocuments.add(key);
  }

  private putBinding(b: RoleBinding): void {
    const old = this.roleBindings.get(b.id);
    if (old && old.subject === b.subject) {
      this.roleBindings.set(b.id, b); // keeps its place, in both orders
      this.dirtySubjects.add(b.subject);
      return;
    }
    if (old) {
      // A binding that moves to another subject goes last, as it does in its new subject's list.
      this.unindex(old);
      this.roleBindings.delete(b.id);
    }
    this.roleBindings.set(b.id, b);
    let ids = this.bySubject.get(b.subject);
    if (!ids) this.bySubject.set(b.subject, (ids = new Set()));
    ids.add(b.id);
    this.dirtySubjects.add(b.subject);
  }

  private unindex(b: RoleBinding): void {
    const ids = this.bySubject.get(b.subject);
    ids?.delete(b.id);
    if (ids && ids.size === 0) this.bySubject.delete(b.subject);
    this.dirtySubjects.add(b.subject);
  }

  private clearDirty(): void {
    this.dirtySubjects.clear();
    this.dirtyRevocations.clear();
    this.dirtyDocuments.clear();
  }
}
