import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** What a revision changed, named after the event agents receive for it (libs/contracts EVENTS). */
export type RevisionKind = 'bundle' | 'data_delta' | 'role_binding_delta' | 'revocation' | 'signal' | 'risk' | 'noop';

/** One entry of the ordered history: the change itself, self-contained so it can be replayed to agents. */
@Entity('revision_log')
export class RevisionLogEntry {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column('text')
  kind!: RevisionKind;

  /** What changed, e.g. `policy:authz`, `role_binding:<id>`. */
  @Column('text')
  resource!: string;

  @Column('text')
  actor!: string;

  /** The event body (put/delete lists, or the bundle reference). */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
