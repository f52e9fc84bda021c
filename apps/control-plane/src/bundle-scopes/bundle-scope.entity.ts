import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** A named bundle scope: which agents it selects (by service and labels) and how it ranks against other scopes. */
@Entity('bundle_scopes')
export class BundleScopeRow {
  @PrimaryColumn('text')
  name!: string;

  /** Agents of any of these services (empty: any service, if labels say something). */
  @Column('jsonb')
  services!: string[];

  /** Agents carrying every one of these labels. */
  @Column('jsonb')
  labels!: Record<string, string>;

  /** Higher wins when several scopes select an agent. */
  @Column('integer')
  priority!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Revision of the scope's last change. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
