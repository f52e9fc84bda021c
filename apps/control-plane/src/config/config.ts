/**
 * The control plane's configuration: read once from the environment, validated, frozen.
 * Anything wrong fails the boot with one message naming every bad variable, so a
 * misconfigured replica never starts half-working.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { DistributionOptions } from '../distribution/distribution-options';
import type { RiskOptions } from '../risk/risk-options';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Validated settings. Field docs are the contract of each environment variable. */
export interface VigilConfig {
  /** `PORT`, default 8080. 0 picks a free port (tests). */
  readonly port: number;
  /** `HOST`, default 127.0.0.1: a fresh install listens on loopback only; set 0.0.0.0 in containers. */
  readonly host: string;
  /** `DATABASE_URL`: a postgres:// URL; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | null;
  /** `VIGIL_DATA_DIR`, default ./.vigil/data: the embedded database lives in `<dataDir>/pglite`. */
  readonly dataDir: string;
  /** `VIGIL_ADMIN_KEY`: the bootstrap admin API key on first start (else a random one is printed once). */
  readonly adminKey: string | null;
  /** `LOG_LEVEL`, default info. */
  readonly logLevel: LogLevel;
  /** `VIGIL_EXPIRY_INTERVAL_MS`, default 1000: how often expired role bindings/revocations are swept. */
  readonly expiryIntervalMs: number;
  /** `VIGIL_DB_POOL_SIZE`, default 10 on Postgres (always 1 on PGlite, which has one session). */
  readonly dbPoolSize: number;
  /** Push distribution to agents: `VIGIL_HEARTBEAT_MS`, admission limits, resume limit, replica id. */
  readonly distribution: DistributionOptions;
  /** Fleet risk: `VIGIL_RISK_AGGREGATE_MS`, `VIGIL_RISK_HALF_LIFE_MS`, `VIGIL_RISK_WINDOW_MS`. */
  readonly risk: RiskOptions;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): VigilConfig {
  const problems: string[] = [];
  const str = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return n;
  };

  /** A comma-separated list of numbers in (0,1), e.g. `0.5,0.9`; empty means none. */
  const levels = (name: string, fallback: readonly number[]): readonly number[] => {
    const raw = env[name];
    if (raw === undefined) return Object.freeze([...fallback]);
    const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const out = parts.map(Number);
    if (out.some((n) => !(n > 0 && n < 1))) {
      problems.push(`${name} must be comma-separated numbers between 0 and 1 (got ${JSON.stringify(raw)})`);
      return Object.freeze([...fallback]);
    }
    return Object.freeze(out);
  };

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const adminKey = str('VIGIL_ADMIN_KEY');
  if (adminKey !== null && adminKey.length < 16) problems.push('VIGIL_ADMIN_KEY must be at least 16 characters');
  const logLevel = (str('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config: VigilConfig = {
    port: int('PORT', 8080, 0, 65535),
    host: str('HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir: resolve(str('VIGIL_DATA_DIR') ?? './.vigil/data'),
    adminKey,
    logLevel,
    expiryIntervalMs: int('VIGIL_EXPIRY_INTERVAL_MS', 1000, 50, 3_600_000),
    dbPoolSize: int('VIGIL_DB_POOL_SIZE', 10, 1, 200),
    distribution: Object.freeze({
      replicaId: str('VIGIL_REPLICA_ID') ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
      heartbeatMs: int('VIGIL_HEARTBEAT_MS', 1000, 50, 600_000),
      maxConcurrentSyncs: int('VIGIL_MAX_CONCURRENT_SYNCS', 200, 1, 1_000_000),
      maxAgents: int('VIGIL_MAX_AGENTS', 20_000, 1, 10_000_000),
      resumeLimit: int('VIGIL_RESUME_LIMIT', 10_000, 1, 100_000_000),
      admissionRetryMs: int('VIGIL_ADMISSION_RETRY_MS', 500, 1, 600_000),
    }),
    risk: Object.freeze({
      aggregateMs: int('VIGIL_RISK_AGGREGATE_MS', 250, 10, 600_000),
      halfLifeMs: int('VIGIL_RISK_HALF_LIFE_MS', 120_000, 1000, 86_400_000),
      windowMs: int('VIGIL_RISK_WINDOW_MS', 900_000, 1000, 86_400_000),
      minChange: 0.02,
      thresholds: levels('VIGIL_RISK_THRESHOLDS', [0.25, 0.5, 0.75, 0.9]),
    }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
