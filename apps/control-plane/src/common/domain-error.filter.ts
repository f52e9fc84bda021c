import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type ErrorCategory } from './domain-error';

/** The error body every endpoint returns. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

const STATUS: Record<ErrorCategory, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Codes for errors raised by the framework itself (routing, body parsing). */
const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Maps every error to `{ code, message, details }` with its status. Unknown errors are 500 and logged. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toResponse(error);
    if (status >= 500 && !(error instanceof DomainError)) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    res.status(status).json(body);
  }

  private toResponse(error: unknown): [number, ErrorBody] {
    if (error instanceof DomainError) {
      return [STATUS[error.category], { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) }];
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Nest maps body-parser's SyntaxError (malformed JSON) to a 400 with the parser error as cause.
      if (status === 400 && error.cause instanceof SyntaxError) {
        return [status, { code: 'INVALID_JSON', message: `request body is not valid JSON: ${error.cause.message}` }];
      }
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
      return [status, { code: HTTP_CODES[status] ?? `HTTP_${status}`, message: status === 404 ? `no route for this path and method` : message }];
    }
    // Body-parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const e = error as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const message = e.type === 'entity.parse.failed' ? `request body is not valid JSON: ${String(e.message)}` : String(e.message);
      return [e.status, { code: e.type === 'entity.parse.failed' ? 'INVALID_JSON' : (HTTP_CODES[e.status] ?? `HTTP_${e.status}`), message }];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { code: 'INTERNAL_ERROR', message: 'internal error; see the control plane log' }];
  }
}
