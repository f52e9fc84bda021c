import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EditedRow } from '../database/revisioned-row';

/** A named bundle scope: which agents it selects (by service and labels) and how it ranks against other scopes. */
@Entity('bundle_scopes')
export class BundleScopeRow extends EditedRow {
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
}
