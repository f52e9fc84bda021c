import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskTarget } from '@vigil/contracts';
import { bigintAsNumber } from '../database/column-transformers';
import type { ContainmentActionKind } from './containment-rule.entity';

/** One automatic action a rule took: what it did, why (score, reasons), and whether someone reverted it. */
@Entity('containment_actions')
export class ContainmentActionRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId!: string | null;

  @Column({ name: 'rule_name', type: 'text' })
  ruleName!: string;

  @Column('text')
  target!: RiskTarget;

  @Column('text')
  value!: string;

  @Column('text')
  action!: ContainmentActionKind;

  @Column('double precision')
  score!: number;

  @Column('jsonb')
  reasons!: string[];

  @Column({ name: 'revocation_id', type: 'uuid', nullable: true })
  revocationId!: string | null;

  @Column({ name: 'signal_id', type: 'uuid', nullable: true })
  signalId!: string | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'reverted_at', type: 'timestamptz', nullable: true })
  revertedAt!: Date | null;

  @Column({ name: 'reverted_by', type: 'text', nullable: true })
  revertedBy!: string | null;

  @Column({ name: 'revert_revision', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  revertRevision!: number | null;
}
