import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

/** Where to connect: a URL (real Postgres) or the embedded server's loopback address. */
export type DatabaseTarget = { readonly url: string } | { readonly host: string; readonly port: number };

/**
 * The one DataSource definition, used by the app, the TypeORM CLI and the tests. The
 * schema changes only through migrations: synchronize is off everywhere.
 */
export function dataSourceOptions(target: DatabaseTarget, poolSize: number): DataSourceOptions {
  const where = 'url' in target ? { url: target.url } : { host: target.host, port: target.port, username: 'postgres', database: 'postgres' };
  return {
    type: 'postgres',
    ...where,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize,
    applicationName: 'vigil-control-plane',
  };
}
