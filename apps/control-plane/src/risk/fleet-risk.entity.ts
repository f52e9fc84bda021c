import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FleetRisk, RiskTarget } from '@vigil/contracts';
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

  /** The agents' decayed scores at `updatedAt` (libs/contracts FleetRisk.components); empty for rows from before decay at agents. */
  @Column({ type: 'double precision', array: true })
  components!: number[];

  /** The half-life the components decay with; null for rows from before decay at agents (they do not decay between pushes). */
  @Column({ name: 'half_life_ms', type: 'integer', nullable: true })
  halfLifeMs!: number | null;
}

/** A row as agents receive it. */
export function fleetRecord(f: FleetRiskRow): FleetRisk {
  const base = { target: f.target, value: f.value, score: f.score, reasons: f.reasons, agents: f.agents, updated_at: f.updatedAt.toISOString() };
  return f.halfLifeMs && f.components.length > 0 ? { ...base, components: f.components, half_life_ms: f.halfLifeMs } : base;
}
