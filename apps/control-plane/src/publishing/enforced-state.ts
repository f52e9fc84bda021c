import { vigilPolicyData, type DataDocument, type Revocation, type RoleBinding } from '@vigil/contracts';
import { IsNull, type EntityManager } from 'typeorm';
import { DataDocumentRow } from '../data/data-document.entity';
import { dataTree } from '../data/data-path';
import { RevocationRow } from '../revocations/revocation.entity';
import { RoleBindingRow } from '../role-bindings/role-binding.entity';

/** Everything agents enforce besides the policy, as of the transaction's snapshot. */
export interface EnforcedState {
  readonly data: DataDocument[];
  readonly roleBindings: RoleBinding[];
  readonly revocations: Revocation[];
}

export async function readEnforcedState(em: EntityManager): Promise<EnforcedState> {
  // One after another: inside a transaction `em` has a single connection, which runs one query at a time.
  const docs = await em.find(DataDocumentRow, { order: { path: 'ASC' } });
  const bindings = await em.find(RoleBindingRow, { where: { expiredRevision: IsNull() }, order: { subject: 'ASC', role: 'ASC' } });
  const revocations = await em.find(RevocationRow, { where: { expiredRevision: IsNull() }, order: { kind: 'ASC', value: 'ASC' } });
  return {
    data: docs.map((d) => ({ path: d.path, value: d.value })),
    roleBindings: bindings.map(roleBindingRecord),
    revocations: revocations.map(revocationRecord),
  };
}

/**
 * The base `data` document policies see: the stored documents at their paths, plus
 * `data.vigil` (role bindings and revocations, as libs/contracts defines it for every
 * place a policy runs), so tests and the playground see what agents see.
 */
export function policyData(state: EnforcedState): Record<string, unknown> {
  return { ...dataTree(state.data), vigil: vigilPolicyData(state.roleBindings, state.revocations) };
}

export function roleBindingRecord(r: RoleBindingRow): RoleBinding {
  return { id: r.id, subject: r.subject, role: r.role, scope: r.scope, expires_at: r.expiresAt ? r.expiresAt.toISOString() : null };
}

export function revocationRecord(r: RevocationRow): Revocation {
  return { id: r.id, kind: r.kind, value: r.value, reason: r.reason, expires_at: r.expiresAt ? r.expiresAt.toISOString() : null };
}
