import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** A Rego module under a stable id; its text lives in versions. `currentVersion` is null once deleted. */
@Entity('policies')
export class Policy {
  @PrimaryColumn('text')
  id!: string;

  @Column({ name: 'current_version', type: 'integer', nullable: true })
  currentVersion!: number | null;

  /** The bundle scope whose bundle this policy is compiled into (`default`), or `*`: every scope's. */
  @Column({ name: 'bundle_scope', type: 'text' })
  bundleScope!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  /** Revision of the last change to this policy. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;
}
