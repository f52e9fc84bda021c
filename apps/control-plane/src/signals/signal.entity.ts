import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskTarget } from '@vigil/contracts';
import { bigintAsNumber } from '../database/column-transformers';

/** Something known about a subject or service (compromised, non-compliant, ...) that policies see in input.vigil. */
@Entity('signals')
export class SignalRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  target!: RiskTarget;

  @Column('text')
  value!: string;

  @Column('text')
  name!: string;

  @Column('double precision')
  level!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column('text')
  source!: string;

  @Column({ type: 'jsonb', nullable: true })
  attributes!: Record<string, unknown> | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'expired_revision', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  expiredRevision!: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
