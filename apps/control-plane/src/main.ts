/** Starts the control plane: `npm start` (after a build) runs this file from dist/. */
import { ConfigError, loadConfig } from './config/config';
import { createRootLogger } from './common/pino-logger';
import { createApp } from './create-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`vigil control plane: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createRootLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  logger.info({ url, database: config.databaseUrl ? 'postgres' : `pglite:${config.dataDir}` }, `control plane listening on ${url}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`vigil control plane failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
