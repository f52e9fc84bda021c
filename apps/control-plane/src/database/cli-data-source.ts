/**
 * For the TypeORM CLI (`npm run migration:run`, `migration:revert`, `migration:show`):
 * the app's own DataSource, built from the same environment. With DATABASE_URL unset it
 * opens the embedded database in VIGIL_DATA_DIR (stop the control plane first: the
 * folder is single-process).
 */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';

async function cliDataSource(): Promise<DataSource> {
  const config = loadConfig();
  if (config.databaseUrl) return new DataSource(dataSourceOptions({ url: config.databaseUrl }, 1));
  const embedded = await EmbeddedPostgres.start(config.dataDir);
  process.once('exit', () => embedded.releaseLockSync());
  return new DataSource(dataSourceOptions({ host: embedded.host, port: embedded.port }, 1));
}

export const dataSource = cliDataSource();
