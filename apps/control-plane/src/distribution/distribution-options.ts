/**
 * Tunables of push distribution, from the environment with defaults, validated at boot.
 * (Kept beside the feature; fold into the control plane's VigilConfig when it settles.)
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface DistributionOptions {
  /** Name of this replica in hello replies, agent status and logs. */
  readonly replicaId: string;
  /** Signed heartbeat period; agents' max-staleness should be several of these. */
  readonly heartbeatMs: number;
  /** Agents allowed to be authenticating or catching up at once on this replica. */
  readonly maxConcurrentSyncs: number;
  /** Agents connected to this replica at most. */
  readonly maxAgents: number;
  /** Past this many missed revisions an agent gets a snapshot instead of a replay. */
  readonly resumeLimit: number;
  /** Base of the retry-after hint sent with an admission refusal (jittered up to 2x). */
  readonly admissionRetryMs: number;
}

export const DISTRIBUTION_OPTIONS = Symbol('DISTRIBUTION_OPTIONS');

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export function distributionOptions(env: NodeJS.ProcessEnv = process.env): DistributionOptions {
  return {
    replicaId: env.VIGIL_REPLICA_ID || `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    heartbeatMs: int(env, 'VIGIL_HEARTBEAT_MS', 1000, 50),
    maxConcurrentSyncs: int(env, 'VIGIL_MAX_CONCURRENT_SYNCS', 200, 1),
    maxAgents: int(env, 'VIGIL_MAX_AGENTS', 20_000, 1),
    resumeLimit: int(env, 'VIGIL_RESUME_LIMIT', 10_000, 1),
    admissionRetryMs: int(env, 'VIGIL_ADMISSION_RETRY_MS', 500, 1),
  };
}
