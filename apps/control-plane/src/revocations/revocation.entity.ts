import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RevocationKind } from '@vigil/contracts';
import { bigintAsNumber } from '../database/column-transformers';

/** Requests naming this subject, token id, session or service are denied until the expiry, whatever the policy says. */
@Entity('revocations')
export class RevocationRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: RevocationKind;

  @Column('text')
  value!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

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
