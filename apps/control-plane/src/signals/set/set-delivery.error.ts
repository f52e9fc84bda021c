import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** RFC 8935 §2.3 error codes a receiver answers a push delivery with. */
export type SetErrorCode = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience' | 'authentication_failed' | 'access_denied';

/** The one error type of SET delivery: refused with 400 and `{err, description}` as RFC 8935 says. */
export class SetDeliveryError extends Error {
  constructor(
    readonly err: SetErrorCode,
    readonly description: string,
  ) {
    super(`${err}: ${description}`);
    this.name = 'SetDeliveryError';
  }
}

@Catch(SetDeliveryError)
export class SetDeliveryErrorFilter implements ExceptionFilter {
  catch(e: SetDeliveryError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(400).json({ err: e.err, description: e.description });
  }
}
