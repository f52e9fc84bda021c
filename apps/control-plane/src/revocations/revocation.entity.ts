import { Column, Entity } from 'typeorm';
import type { RevocationKind } from '@vigil/contracts';
import { ExpiringRow } from '../database/revisioned-row';

/** Requests naming this subject, token id, session or service are denied until the expiry, whatever the policy says. */
@Entity('revocations')
export class RevocationRow extends ExpiringRow {
  @Column('text')
  kind!: RevocationKind;

  @Column('text')
  value!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
