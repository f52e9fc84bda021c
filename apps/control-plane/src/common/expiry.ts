import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { InvalidRequestError } from './domain-error';

/** The optional `expiresAt` of a request body (ISO 8601 with a zone); `parseExpiry` checks it against the change's clock. */
export function ExpiresAtField(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example: '2030-01-01T00:00:00Z', ...(description === undefined ? {} : { description }) }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' }),
  );
}

/** Parses an optional ISO expiry; it must lie in the future (a past expiry would never apply). */
export function parseExpiry(raw: string | undefined, field: string, now: Date): Date | null {
  if (raw === undefined) return null;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new InvalidRequestError('VALIDATION_FAILED', `${field} is not a valid date-time`);
  if (at.getTime() <= now.getTime()) throw new InvalidRequestError('EXPIRY_IN_PAST', `${field} must be in the future (got ${raw})`);
  return at;
}
