import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskTarget } from '@vigil/contracts';
import { bigintAsNumber } from '../database/column-transformers';

/** The fleet's aggregate risk of one subject or service, as last pushed to agents. */
@Entity('fleet_risk')
export class FleetRiskRow {
  @PrimaryColumn('text')
  target!: RiskTarget;

  @PrimaryColumn('text')
  value!: string;

  @Column('double precision')
  score!: number;

  @Column('jsonb')
  reasons!: string[];

  @Column('integer')
  agents!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
