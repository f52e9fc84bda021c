/** Risk's part of the agent's persisted state, and the token-bucket key of a `limit` result. */
import type { FleetRisk, LimitSpec, Signal } from '@vigil/contracts';
import type { IdentityExtractor } from '../engine/request-identity';

/** Signals and fleet risk as of the applied revision (optional: states stored before risk existed lack them). */
export interface RiskSnapshot {
  readonly signals?: readonly Signal[];
  readonly risk?: readonly FleetRisk[];
}

/**
 * The bucket a `limit` result counts against: the subject, the calling service, or the
 * pair. Requests that do not name one share the anonymous bucket of that kind (never no
 * bucket at all: a missing identity must not lift the limit). The rate is part of the key
 * so a policy that changes its limit starts a fresh bucket rather than inherit one.
 */
export function limitKey(spec: LimitSpec, identity: IdentityExtractor, input: unknown): string {
  const subject = spec.per === 'service' ? '' : (identity(input, 'subject')[0] ?? '');
  const service = spec.per === 'subject' ? '' : (identity(input, 'service')[0] ?? '');
  return `${spec.per ?? 'subject'}\u0000${spec.rate}/${spec.burst ?? spec.rate}\u0000${subject}\u0000${service}`;
}
