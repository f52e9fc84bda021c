import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An OpenID Shared Signals transmitter whose security event tokens we accept: its issuer,
 * the audience it must address us with, and its signing keys (a static JWKS, or a
 * `jwks_uri` fetched and cached).
 */
@Entity('signal_transmitters')
export class SignalTransmitterRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  issuer!: string;

  @Column({ type: 'text', nullable: true })
  audience!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  jwks!: { keys: Record<string, unknown>[] } | null;

  @Column({ name: 'jwks_uri', type: 'text', nullable: true })
  jwksUri!: string | null;

  /** How long a session-revoked or account-disabled event revokes the subject. */
  @Column({ name: 'revoke_seconds', type: 'integer' })
  revokeSeconds!: number;

  @Column('boolean')
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
