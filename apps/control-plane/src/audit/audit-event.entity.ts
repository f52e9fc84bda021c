import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** One admin change: who did what to which resource, with the state before and after. */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column('text')
  actor!: string;

  /** `policy.publish`, `role_binding.upsert`, ... */
  @Column('text')
  action!: string;

  @Column('text')
  resource!: string;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  revision!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;
}
