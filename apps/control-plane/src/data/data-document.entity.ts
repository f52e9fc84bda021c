import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/** A JSON document at a data path (`tenants/acme`), visible to policies as `data.tenants.acme`. */
@Entity('data_documents')
export class DataDocumentRow {
  @PrimaryColumn('text')
  path!: string;

  @Column('jsonb')
  value!: unknown;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
