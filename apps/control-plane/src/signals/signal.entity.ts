import { Column, Entity } from 'typeorm';
import type { RiskTarget } from '@vigil/contracts';
import { ExpiringRow } from '../database/revisioned-row';

/** Something known about a subject or service (compromised, non-compliant, ...) that policies see in input.vigil. */
@Entity('signals')
export class SignalRow extends ExpiringRow {
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
}
