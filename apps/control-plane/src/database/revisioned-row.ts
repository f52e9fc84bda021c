import { Column, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/*
 * Columns that several tables declare alike, as abstract bases (TypeORM's concrete-table
 * inheritance: each entity keeps its own table; the columns, names and types are exactly
 * what the migrations created). An entity's instances list the inherited properties first,
 * so only rows that services map to views extend these: rows serialized as they are
 * (containment rules and actions) keep their own declarations and their key order.
 */

/** A row written by a revision: the revision of its last change, and who created it when. */
export abstract class RevisionedRow {
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}

/** A revisioned row that also records who changed it last, and when. */
export abstract class EditedRow extends RevisionedRow {
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}

/**
 * A revisioned row under a uuid that may stop applying at `expiresAt`; the expiry sweeper
 * turns that moment into a revision of its own (see expiry/expiring-records.ts).
 */
export abstract class ExpiringRow extends RevisionedRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Set, exactly once, by the revision that announced the expiry. */
  @Column({ name: 'expired_revision', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  expiredRevision!: number | null;
}
