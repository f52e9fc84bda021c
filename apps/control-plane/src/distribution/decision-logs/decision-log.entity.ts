import type { Outcome } from '@vigil/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers';

/** One decision an agent made, as it logged it (input already masked by the agent). */
@Entity('decision_logs')
export class DecisionLogRow {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column('text')
  path!: string;

  @Column({ type: 'jsonb', nullable: true })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  @Column('boolean')
  allowed!: boolean;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** allow | challenge | limit | deny: what the agent enforced (a `limit` within budget is `allow`). */
  @Column('text')
  outcome!: Outcome;

  /** The policy's reasons (adaptive results), or the agent's explanation when it denied first. */
  @Column({ type: 'text', array: true })
  reasons!: string[];

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'bundle_sha256', type: 'text', nullable: true })
  bundleSha256!: string | null;

  @Column({ name: 'latency_us', type: 'integer' })
  latencyUs!: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
