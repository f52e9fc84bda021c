import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** A published, signed policy bundle of one bundle scope: the OPA-layout tar.gz and what it was built from. */
@Entity('bundles')
export class Bundle {
  /** The bundle scope it was built for (`default` unless scopes are configured). */
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  /** sha256 of the archive bytes. */
  @Column('text')
  sha256!: string;

  @Column('integer')
  size!: number;

  /** The JWS in the archive's /.signatures.json. */
  @Column('text')
  signature!: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column('bytea')
  wasm!: Buffer;

  @Column('jsonb')
  entrypoints!: Record<string, number>;

  @Column('jsonb')
  manifest!: Record<string, unknown>;

  /** Policy id → version compiled into this bundle. */
  @Column({ name: 'policy_versions', type: 'jsonb' })
  policyVersions!: Record<string, number>;

  @Column('bytea')
  archive!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
