/**
 * Databases for the e2e suites. On Postgres (VIGIL_TEST_POSTGRES_URL, or the local server
 * when it answers) each suite gets a fresh database, created here and dropped after;
 * otherwise an embedded PGlite in a temp folder. VIGIL_REQUIRE_POSTGRES=1 (CI) turns the
 * fallback into a failure, so a CI run can't pass without having touched Postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

export type TestDatabaseKind = 'postgres' | 'pglite';

export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  /** DATABASE_URL for the app; null on PGlite. */
  readonly url: string | null;
  /** VIGIL_DATA_DIR (the PGlite folder lives here). */
  readonly dataDir: string;
  drop(): Promise<void>;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The database the suite should use by default: VIGIL_TEST_POSTGRES_URL when set; else the
 * local server at 127.0.0.1:5432 when it accepts us (the README's `npm test` contract); else
 * PGlite. Decided synchronously because suite names depend on it.
 */
export function defaultKind(): TestDatabaseKind {
  if (process.env.VIGIL_TEST_POSTGRES_URL) return 'postgres';
  if (process.env.VIGIL_REQUIRE_POSTGRES === '1') {
    throw new Error('VIGIL_REQUIRE_POSTGRES=1 but VIGIL_TEST_POSTGRES_URL is not set: refusing to fall back to PGlite');
  }
  if (localPostgresAnswers()) {
    process.env.VIGIL_TEST_POSTGRES_URL = LOCAL_POSTGRES;
    return 'postgres';
  }
  return 'pglite';
}

function localPostgresAnswers(): boolean {
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: ${JSON.stringify(LOCAL_POSTGRES)}, connectionTimeoutMillis: 1500 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5000, cwd: process.cwd() });
    return true;
  } catch {
    return false;
  }
}

export async function createTestDatabase(kind: TestDatabaseKind = defaultKind()): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  if (kind === 'pglite') {
    return { kind, url: null, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.VIGIL_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('a Postgres suite needs VIGIL_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
