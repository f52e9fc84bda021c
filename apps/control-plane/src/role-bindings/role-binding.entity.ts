import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** A subject holds a role, optionally within a scope, optionally until an expiry. */
@Entity('role_bindings')
export class RoleBindingRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  role!: string;

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Set, exactly once, by the revision that announced the expiry. */
  @Column({ name: 'expired_revision', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  expiredRevision!: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
