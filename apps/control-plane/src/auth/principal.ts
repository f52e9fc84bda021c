/** The API-key scopes (what each grants: policies/admin_permissions.json). */
export const SCOPES = ['admin', 'author', 'viewer', 'agent-registrar', 'signal-transmitter'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: an API key. `actor` is what audit events and revisions record. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly actor: string;
}
