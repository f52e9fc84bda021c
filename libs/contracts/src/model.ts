/**
 * The records that travel between control plane and agents. They mirror the control
 * plane's tables but carry only what enforcement needs.
 */

/** What a revocation names. */
export const REVOCATION_KINDS = ['subject', 'token_id', 'session', 'service'] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

/** One revocation: requests matching `kind`/`value` are denied until `expires_at` (ISO time) if set. */
export interface Revocation {
  readonly id: string;
  readonly kind: RevocationKind;
  readonly value: string;
  readonly reason?: string | null;
  readonly expires_at?: string | null;
}

/** A subject holds a role, optionally within a scope (tenant, project...), optionally until `expires_at`. */
export interface RoleBinding {
  readonly id: string;
  readonly subject: string;
  readonly role: string;
  readonly scope?: string | null;
  readonly expires_at?: string | null;
}

/** A JSON document stored at a data path (`tenants/acme`), slash-separated, no leading `data`. */
export interface DataDocument {
  readonly path: string;
  readonly value: unknown;
}
