import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/domain-error';
import { AdminAuthorizer } from './admin-authorizer';
import { ApiKeysService } from './api-keys.service';
import { PERMISSION_KEY, PUBLIC_KEY } from './permission.decorator';
import type { Principal } from './principal';

/**
 * Every request: authenticate the bearer API key, then ask the admin authorization
 * policy whether its scopes grant the endpoint's declared permission. An endpoint that
 * declares none is refused (fail closed).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly authorizer: AdminAuthorizer,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthenticatedError('send an API key as "Authorization: Bearer <key>"');
    const principal = await this.apiKeys.authenticate(token);
    if (!principal) throw new UnauthenticatedError('the API key is unknown or revoked');
    const action = this.reflector.getAllAndOverride<string>(PERMISSION_KEY, targets);
    if (!action) throw new ForbiddenError('this endpoint declares no permission, so no key may call it');
    const decision = this.authorizer.decide(principal, action, req.method, req.path);
    if (!decision.allow) {
      throw new ForbiddenError(`API key "${principal.name}" (scopes: ${principal.scopes.join(', ') || 'none'}) may not ${action}`, {
        action,
        scopes: principal.scopes,
        reason: decision.reason ?? null,
      });
    }
    req.principal = principal;
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}
