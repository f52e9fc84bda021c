import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** One immutable version of a policy. A null source records the policy's deletion. */
@Entity('policy_versions')
export class PolicyVersion {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;
}
