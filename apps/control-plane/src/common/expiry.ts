import { InvalidRequestError } from './domain-error';

/** Parses an optional ISO expiry; it must lie in the future (a past expiry would never apply). */
export function parseExpiry(raw: string | undefined, field: string, now: Date): Date | null {
  if (raw === undefined) return null;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new InvalidRequestError('VALIDATION_FAILED', `${field} is not a valid date-time`);
  if (at.getTime() <= now.getTime()) throw new InvalidRequestError('EXPIRY_IN_PAST', `${field} must be in the future (got ${raw})`);
  return at;
}
