import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskTarget } from '@vigil/contracts';
import { bigintAsNumber } from '../database/column-transformers';

/** What a containment rule does when it fires. */
export const CONTAINMENT_ACTIONS = ['revoke', 'signal'] as const;
export type ContainmentActionKind = (typeof CONTAINMENT_ACTIONS)[number];

/** "When a subject's fleet risk exceeds `threshold`, revoke it (or raise a signal) for `durationSeconds`." */
@Entity('containment_rules')
export class ContainmentRuleRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  target!: RiskTarget;

  @Column('double precision')
  threshold!: number;

  @Column('text')
  action!: ContainmentActionKind;

  @Column({ name: 'duration_seconds', type: 'integer' })
  durationSeconds!: number;

  @Column('boolean')
  enabled!: boolean;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
