import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import type { AuthUser, Role } from './roles';
import { TokenError, verifyToken, type TokenErrorCode } from './tokens';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  secret: string;
}

const CODES: Record<TokenErrorCode, string> = {
  TOKEN_MALFORMED: 'TOKEN_INVALID',
  TOKEN_INVALID_CLAIMS: 'TOKEN_INVALID',
  TOKEN_BAD_SIGNATURE: 'TOKEN_BAD_SIGNATURE',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
};

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`, and the token's
 * role must be one of the route's `@Roles(...)` when it names any. Runs before pipes, so an
 * unauthenticated request never reaches validation or Temporal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const http = context.switchToHttp();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      // A public route may say more to someone signed in (/health); a bad token there is just no token.
      const request = http.getRequest<Request & { user?: AuthUser }>();
      const token = typeof request.headers.authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization)?.[1] : undefined;
      if (token) {
        try {
          request.user = verifyToken(token, this.options.secret);
        } catch (error) {
          if (!(error instanceof TokenError)) throw error;
        }
      }
      return true;
    }

    const request = http.getRequest<Request & { user?: AuthUser }>();
    const user = this.authenticate(request, http.getResponse<Response>());
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException({
        code: 'FORBIDDEN_ROLE',
        message: `角色 ${user.role} 无权执行此操作`,
        role: user.role,
        requiredRoles: roles,
      });
    }
    return true;
  }

  private authenticate(request: Request, response: Response): AuthUser {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '需要登录：请在 Authorization 头中提供 Bearer 令牌' });
    }
    try {
      return verifyToken(match[1]!, this.options.secret);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      const code = CODES[error.code];
      response.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      throw new UnauthorizedException({ code, message: error.message });
    }
  }
}
