import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Ed25519PrivateJwk, Ed25519PublicJwk } from '@vigil/contracts';

/** The control plane's Ed25519 bundle/event signing key, shared by every replica through the database. */
@Entity('signing_keys')
export class SigningKeyRow {
  @PrimaryColumn('text')
  kid!: string;

  @Column({ name: 'private_jwk', type: 'jsonb' })
  privateJwk!: Ed25519PrivateJwk;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Ed25519PublicJwk;

  @Column('boolean')
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
