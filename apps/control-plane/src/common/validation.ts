import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidRequestError } from './domain-error';

/** One invalid field: its dotted path and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Validates and transforms every body, query and parameter DTO. Unknown fields are
 * refused (a typo must not be silently ignored); the message names each bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const message = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join('; ') || 'invalid request';
      return new InvalidRequestError('VALIDATION_FAILED', message, { fields });
    },
  });
}
