import { Column, Entity } from 'typeorm';
import { ExpiringRow } from '../database/revisioned-row';

/** A subject holds a role, optionally within a scope, optionally until an expiry. */
@Entity('role_bindings')
export class RoleBindingRow extends ExpiringRow {
  @Column('text')
  subject!: string;

  @Column('text')
  role!: string;

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
