/**
 * Tunables of push distribution. They are read and validated with the rest of the control
 * plane's configuration (config/config.ts: a bad value stops the boot with every problem
 * listed); this is the slice the distribution services inject.
 */

export interface DistributionOptions {
  /** `VIGIL_REPLICA_ID`: name of this replica in hello replies, agent status and logs (default host-pid-random). */
  readonly replicaId: string;
  /** `VIGIL_HEARTBEAT_MS` (1000): signed heartbeat period; agents' max-staleness should be several of these. */
  readonly heartbeatMs: number;
  /** `VIGIL_MAX_CONCURRENT_SYNCS` (200): agents allowed to be authenticating or catching up at once on this replica. */
  readonly maxConcurrentSyncs: number;
  /** `VIGIL_MAX_AGENTS` (20000): agents connected to this replica at most. */
  readonly maxAgents: number;
  /** `VIGIL_RESUME_LIMIT` (10000): past this many missed revisions an agent gets a snapshot instead of a replay. */
  readonly resumeLimit: number;
  /** `VIGIL_ADMISSION_RETRY_MS` (500): base of the retry-after hint sent with an admission refusal (jittered up to 2x). */
  readonly admissionRetryMs: number;
}

export const DISTRIBUTION_OPTIONS = Symbol('DISTRIBUTION_OPTIONS');
