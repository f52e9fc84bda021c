import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';
import { RevisionedRow } from '../database/revisioned-row';

/** An enforcement agent beside a service (`revision`: of its registration). Its token is stored only as a sha256 hash. */
@Entity('agents')
export class AgentRow extends RevisionedRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  service!: string;

  @Column('jsonb')
  labels!: Record<string, string>;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'applied_revision', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  appliedRevision!: number | null;
}
