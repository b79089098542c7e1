import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthUser, Role } from './roles';

export const ROLES_KEY = 'auth:roles';
export const PUBLIC_KEY = 'auth:public';

/** Only these roles may call the route (or every route of the controller). Without it: any signed-in role. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated user `{ id, role, org?, name? }`, set by the global AuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('@CurrentUser() on a @Public() route: no user was authenticated');
  return user;
});
