/**
 * How role bindings and revocations appear to policies, under `data.vigil`. One
 * definition for every place a policy runs (agent, SDK, control-plane tests and
 * playground), so a policy behaves the same everywhere. Indexed for the lookups policies
 * make — by subject, and by kind then value — so a check is a key lookup, not a scan:
 *
 *   data.vigil.role_bindings["alice"]        → [{id, role, scope, expires_at}, ...]
 *   data.vigil.revocations.subject["alice"]  → {id, reason, expires_at}
 *   (kinds: subject, token_id, session, service)
 */
import { REVOCATION_KINDS, type Revocation, type RoleBinding } from './model';

export interface VigilPolicyData {
  readonly role_bindings: Record<string, { id: string; role: string; scope: string | null; expires_at: string | null }[]>;
  readonly revocations: Record<string, Record<string, { id: string; reason: string | null; expires_at: string | null }>>;
}

export function vigilPolicyData(roleBindings: Iterable<RoleBinding>, revocations: Iterable<Revocation>): VigilPolicyData {
  const bySubject: VigilPolicyData['role_bindings'] = {};
  for (const b of roleBindings) (bySubject[b.subject] ??= []).push({ id: b.id, role: b.role, scope: b.scope ?? null, expires_at: b.expires_at ?? null });
  const byKind: VigilPolicyData['revocations'] = Object.fromEntries(REVOCATION_KINDS.map((k) => [k, {}]));
  for (const r of revocations) byKind[r.kind][r.value] = { id: r.id, reason: r.reason ?? null, expires_at: r.expires_at ?? null };
  return { role_bindings: bySubject, revocations: byKind };
}
