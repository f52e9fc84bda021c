/**
 * The single-node database: PGlite (Postgres compiled to wasm) persisted in a folder and
 * served on a loopback port by pglite-socket, so the app talks to it with TypeORM's
 * ordinary postgres driver, exactly as to a real server. PGlite has one session, hence a
 * pool of one connection and a lock file: two processes on one folder would corrupt it.
 */
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`the embedded database in ${dir} is in use by process ${pid}; stop it or set VIGIL_DATA_DIR to another folder`);
    this.name = 'DataDirLockedError';
  }
}

export class EmbeddedPostgres {
  private constructor(
    readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Opens (creating if needed) the database in `<dataDir>/pglite` and serves it on 127.0.0.1:<free port>. */
  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const lockFile = join(dataDir, 'pglite.lock');
    acquireLock(lockFile, dataDir);
    try {
      const db = await PGlite.create(join(dataDir, 'pglite'));
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
      await server.start();
      const [host, port] = splitHostPort(server.getServerConn());
      return new EmbeddedPostgres(db, server, lockFile, host, port);
    } catch (e) {
      rmSync(lockFile, { force: true });
      throw e;
    }
  }

  /** For a process that exits without stopping (the TypeORM CLI): frees the folder for the next one. */
  releaseLockSync(): void {
    rmSync(this.lockFile, { force: true });
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.lockFile, { force: true });
  }
}

function splitHostPort(conn: string): [string, number] {
  const i = conn.lastIndexOf(':');
  return [conn.slice(0, i), Number(conn.slice(i + 1))];
}

/**
 * Creates the lock file exclusively; takes over a lock whose process is gone. A lock
 * holding our own pid is stale too: in a container the app is often pid 1 on every start,
 * and a crashed run would otherwise lock the folder forever.
 */
function acquireLock(lockFile: string, dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`cannot create ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
