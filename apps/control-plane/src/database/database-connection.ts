/**
 * Opens the database the configuration names (Postgres at DATABASE_URL, or embedded
 * PGlite in VIGIL_DATA_DIR), runs pending migrations, and closes everything in order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { VigilConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';

export type DatabaseKind = 'postgres' | 'pglite';

/** Arbitrary constant: the advisory lock replicas take to run migrations one at a time. */
const MIGRATION_LOCK_KEY = 0x5649_4731;
/** How long `close` lets queries still running (or waiting for a connection) finish before it closes the pool anyway. */
const CLOSE_DRAIN_MS = 5000;

export class DatabaseConnection {
  private constructor(
    readonly kind: DatabaseKind,
    readonly dataSource: DataSource,
    /** Set on PGlite: the in-process database (for LISTEN, which cannot reach the app through the socket). */
    readonly embedded: EmbeddedPostgres | null,
    readonly url: string | null,
  ) {}

  static async open(config: Pick<VigilConfig, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>): Promise<DatabaseConnection> {
    if (config.databaseUrl) {
      const ds = new DataSource(dataSourceOptions({ url: config.databaseUrl }, config.dbPoolSize));
      try {
        await ds.initialize();
      } catch (e) {
        throw new Error(`cannot connect to DATABASE_URL ${redact(config.databaseUrl)}: ${(e as Error).message}`, { cause: e });
      }
      const conn = new DatabaseConnection('postgres', ds, null, config.databaseUrl);
      await conn.migrate();
      return conn;
    }
    const embedded = await EmbeddedPostgres.start(config.dataDir);
    try {
      const ds = new DataSource(dataSourceOptions({ host: embedded.host, port: embedded.port }, 1));
      await ds.initialize();
      const conn = new DatabaseConnection('pglite', ds, embedded, null);
      await conn.migrate();
      return conn;
    } catch (e) {
      await embedded.stop();
      throw e;
    }
  }

  /**
   * Runs pending migrations. On Postgres, replicas starting together serialize on an
   * advisory lock held by a separate session (TypeORM takes no lock of its own); PGlite
   * has one process by construction (its lock file).
   */
  private async migrate(): Promise<void> {
    if (this.kind === 'pglite' || !this.url) {
      await this.dataSource.runMigrations({ transaction: 'each' });
      return;
    }
    const lock = new Client({ connectionString: this.url, application_name: 'vigil-migrations-lock' });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await this.dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await lock.end();
    }
  }

  /**
   * Lets the queries still running finish, then closes the pool (and PGlite). Shutdown
   * does not stop callers at once: the gateway records each agent that disconnects while
   * the server closes, a burst of queries that waits for pooled connections. TypeORM's
   * destroy releases every query runner still holding a connection to the pool mid-query,
   * and the pool hands that connection straight to a waiting caller: several callers then
   * share one pg client, whose queries overlap (pg@8's "already executing a query"
   * DeprecationWarning, an error in pg@9). So the pool is closed only once no runner holds
   * a connection and nobody waits for one (or after CLOSE_DRAIN_MS, as before).
   */
  async close(drainMs = CLOSE_DRAIN_MS): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.drain(drainMs);
      await this.dataSource.destroy();
    }
    if (this.embedded) await this.embedded.stop();
  }

  private async drain(ms: number): Promise<void> {
    const driver = this.dataSource.driver as PostgresDriver;
    const deadline = Date.now() + ms;
    while (driver.connectedQueryRunners.length > 0 || ((driver.master as Pool | undefined)?.waitingCount ?? 0) > 0) {
      if (Date.now() >= deadline) return;
      await sleep(5);
    }
  }
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
