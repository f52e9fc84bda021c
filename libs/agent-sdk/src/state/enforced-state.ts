/**
 * Everything besides the compiled policy that decisions depend on: data documents, role
 * bindings and revocations, as of `revision`. Deltas mutate it in place; a snapshot
 * replaces it. `toDataDocument` builds the `data` the policy sees.
 */
import { vigilPolicyData, type DataDeltaEvent, type DataDocument, type RevocationEvent, type Revocation, type RoleBinding, type RoleBindingDeltaEvent } from '@vigil/contracts';
import { RevocationIndex } from './revocation-index';

export interface StateSnapshot {
  readonly revision: number;
  readonly data: readonly DataDocument[];
  readonly role_bindings: readonly RoleBinding[];
  readonly revocations: readonly Revocation[];
}

const segments = (path: string): string[] => path.replace(/^\/+/, '').split('/');

export class EnforcedState {
  readonly documents = new Map<string, unknown>();
  readonly roleBindings = new Map<string, RoleBinding>();
  readonly revocations: RevocationIndex;

  constructor(snapshot?: Omit<StateSnapshot, 'revision'>) {
    for (const d of snapshot?.data ?? []) this.documents.set(segments(d.path).join('/'), d.value);
    for (const b of snapshot?.role_bindings ?? []) this.roleBindings.set(b.id, b);
    this.revocations = new RevocationIndex(snapshot?.revocations ?? []);
  }

  applyData(e: DataDeltaEvent): void {
    for (const p of e.delete) this.documents.delete(segments(p).join('/'));
    for (const d of e.put) this.documents.set(segments(d.path).join('/'), d.value);
  }

  applyRoleBindings(e: RoleBindingDeltaEvent): void {
    for (const id of e.delete) this.roleBindings.delete(id);
    for (const b of e.put) this.roleBindings.set(b.id, b);
  }

  applyRevocations(e: RevocationEvent): void {
    for (const id of e.delete) this.revocations.delete(id);
    for (const r of e.put) this.revocations.put(r);
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
   * on top, and `data.vigil` as contracts' `vigilPolicyData` defines it.
   */
  toDataDocument(bundleData: unknown): Record<string, unknown> {
    const root: Record<string, unknown> = structuredClone(isObject(bundleData) ? bundleData : {});
    const paths = [...this.documents.keys()].sort((a, b) => a.split('/').length - b.split('/').length);
    for (const path of paths) setPath(root, path.split('/'), this.documents.get(path));
    root.vigil = vigilPolicyData(this.roleBindings.values(), this.revocations.all());
    return root;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function setPath(root: Record<string, unknown>, parts: string[], value: unknown): void {
  let node = root;
  for (const key of parts.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = structuredClone(value);
}
