import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/** Copies a response body's `revision` into `X-Vigil-Revision`: the consistency token of the change. */
@Injectable()
export class RevisionHeaderInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number') ctx.switchToHttp().getResponse<Response>().setHeader('X-Vigil-Revision', String(revision));
        return body;
      }),
    );
  }
}
