import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EditedRow } from '../database/revisioned-row';

/** A Rego module under a stable id; its text lives in versions. `currentVersion` is null once deleted. */
@Entity('policies')
export class Policy extends EditedRow {
  @PrimaryColumn('text')
  id!: string;

  @Column({ name: 'current_version', type: 'integer', nullable: true })
  currentVersion!: number | null;

  /** The bundle scope whose bundle this policy is compiled into (`default`), or `*`: every scope's. */
  @Column({ name: 'bundle_scope', type: 'text' })
  bundleScope!: string;
}
