import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

export const PERMISSION_KEY = 'vigil:permission';
export const PUBLIC_KEY = 'vigil:public';

/**
 * The action an endpoint performs, e.g. `policies.write`. The admin authorization policy
 * (policies/admin_authz.rego) decides whether the caller's scopes grant it. An endpoint
 * with neither @Permission nor @Public is refused: forgetting to declare is fail-closed.
 */
export const Permission = (action: string) => SetMetadata(PERMISSION_KEY, action);

/** No credentials needed (health, metrics, public keys). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as the guard attached it to the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return (ctx.switchToHttp().getRequest() as { principal: Principal }).principal;
});
