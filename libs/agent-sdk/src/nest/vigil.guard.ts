/**
 * NestJS guard deciding each HTTP request in-process with the engine. The entrypoint comes
 * from `@VigilEntrypoint()` on the handler or controller, else the module's default. A deny
 * is a 403 carrying the reason and decision id, a challenge a 401 with `WWW-Authenticate`, a
 * limit a 429 with `Retry-After`; an allowed request gets `req.vigil`.
 */
import { BadRequestException, HttpException, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { Decision } from '../engine/decision';
import { minRevisionHeader, refusal } from '../http/deny-body';
import { httpRequestInput } from '../http/request-input';
import { originOf } from '../risk/request-origin';
import type { VigilEngine } from '../vigil-engine';

export const VIGIL_ENGINE = Symbol('VIGIL_ENGINE');
export const VIGIL_GUARD_OPTIONS = Symbol('VIGIL_GUARD_OPTIONS');
const ENTRYPOINT_KEY = 'vigil:entrypoint';

export interface VigilGuardOptions {
  /** Entrypoint used when a route names none. */
  readonly entrypoint: string;
  /** Builds the policy input (default: the HTTP request in OPA-Envoy shape). */
  readonly input?: (req: IncomingMessage) => unknown;
}

/** Names the entrypoint deciding a route or every route of a controller. */
export const VigilEntrypoint = (entrypoint: string) => SetMetadata(ENTRYPOINT_KEY, entrypoint);

@Injectable()
export class VigilGuard implements CanActivate {
  constructor(
    @Inject(VIGIL_ENGINE) private readonly engine: VigilEngine,
    @Inject(VIGIL_GUARD_OPTIONS) private readonly opts: VigilGuardOptions,
    private readonly reflector: Reflector,
  ) {}

  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const entrypoint = this.reflector.getAllAndOverride<string>(ENTRYPOINT_KEY, [ctx.getHandler(), ctx.getClass()]) ?? this.opts.entrypoint;
    const req = ctx.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string; vigil?: Decision }>();
    let minRevision: number | undefined;
    try {
      minRevision = minRevisionHeader(req.headers['x-vigil-min-revision']);
    } catch (e) {
      throw new BadRequestException({ code: 'INVALID_MIN_REVISION', message: (e as Error).message });
    }
    const input = this.opts.input ? this.opts.input(req) : httpRequestInput(req, req.originalUrl ?? req.url);
    const d = this.engine.decide(entrypoint, input, { minRevision, origin: originOf(this.engine, req) });
    const finish = (x: Decision): boolean => {
      req.vigil = x;
      if (x.allowed) return true;
      // 401 step-up / 429 limit / 403 deny, the same mapping as every other surface.
      const r = refusal(x);
      const res = ctx.switchToHttp().getResponse<{ setHeader?: (k: string, v: string) => void }>();
      for (const [k, v] of Object.entries(r.headers)) res.setHeader?.(k, v);
      throw new HttpException(r.body, r.status);
    };
    return d instanceof Promise ? d.then(finish) : finish(d);
  }
}
