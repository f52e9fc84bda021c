import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers';

/** Where an agent's push connection stands, as the replica serving it last recorded. */
export type AgentConnectionState = 'syncing' | 'connected' | 'disconnected';

/** One row per agent: connection state, applied revision (from its acks) and decision-log drops. */
@Entity('agent_connections')
export class AgentConnectionRow {
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column('text')
  state!: AgentConnectionState;

  @Column('text')
  replica!: string;

  @Column({ name: 'connected_at', type: 'timestamptz', nullable: true })
  connectedAt!: Date | null;

  @Column({ name: 'disconnected_at', type: 'timestamptz', nullable: true })
  disconnectedAt!: Date | null;

  @Column({ name: 'applied_revision', type: 'bigint', transformer: bigintAsNumber })
  appliedRevision!: number;

  @Column({ name: 'acked_at', type: 'timestamptz', nullable: true })
  ackedAt!: Date | null;

  @Column({ name: 'decisions_dropped', type: 'bigint', transformer: bigintAsNumber })
  decisionsDropped!: number;
}
