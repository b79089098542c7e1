/**
 * Bearer tokens: compact JWTs signed with HMAC-SHA256 (HS256) by node:crypto, no dependency.
 * Claims: `sub` (user id), `role`, `org` (required for `applicant`), `name?`, `iat`, `exp` (seconds).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { roleSchema, type AuthUser, type Role } from './roles';

const idText = z.string().min(1).max(200);

export const tokenClaimsSchema = z
  .object({
    sub: idText,
    role: roleSchema,
    org: idText.optional(),
    name: z.string().min(1).max(100).optional(),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
  })
  .refine((claims) => claims.role !== 'applicant' || claims.org !== undefined, {
    message: '申报单位（applicant）令牌必须带有 org（组织 id）',
    path: ['org'],
  })
  .refine((claims) => claims.exp > claims.iat, { message: 'exp 必须晚于 iat', path: ['exp'] });

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export type TokenErrorCode = 'TOKEN_MALFORMED' | 'TOKEN_BAD_SIGNATURE' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID_CLAIMS';

/** Why a token was refused; `code` is stable, `message` is Chinese and safe to show. */
export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface SignTokenInput {
  sub: string;
  role: Role;
  org?: string;
  name?: string;
}

export interface SignOptions {
  /** Lifetime in seconds (default one day). */
  expiresInSeconds?: number;
  /** Epoch milliseconds taken as now (tests). */
  now?: number;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Signs a token; refuses claims the verifier would refuse (an applicant without `org`, an unknown role). */
export function signToken(input: SignTokenInput, secret: string, options: SignOptions = {}): string {
  assertSecret(secret);
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const claims = { ...input, iat, exp: iat + (options.expiresInSeconds ?? 86_400) };
  const parsed = tokenClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TokenError('TOKEN_INVALID_CLAIMS', `令牌声明无效：${issue.path.join('.') || '(根)'}：${issue.message}`);
  }
  const payload = base64url(JSON.stringify(parsed.data));
  return `${HEADER}.${payload}.${signature(`${HEADER}.${payload}`, secret)}`;
}

/** Verifies signature, expiry and claims; returns the user the token speaks for or throws a TokenError. */
export function verifyToken(token: string, secret: string, now: number = Date.now()): AuthUser {
  assertSecret(secret);
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    throw new TokenError('TOKEN_MALFORMED', '令牌格式无效：应为三段 base64url 组成的 JWT');
  }
  const [header, payload, sig] = parts as [string, string, string];
  const headerJson = parseJson(header) as { alg?: unknown } | undefined;
  if (headerJson?.alg !== 'HS256') {
    throw new TokenError('TOKEN_MALFORMED', '令牌格式无效：仅接受 HS256 签名的 JWT');
  }
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new TokenError('TOKEN_BAD_SIGNATURE', '令牌签名无效：令牌被篡改或由其他密钥签发');
  }
  const parsed = tokenClaimsSchema.safeParse(parseJson(payload));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TokenError('TOKEN_INVALID_CLAIMS', `令牌声明无效：${issue.path.join('.') || '(根)'}：${issue.message}`);
  }
  const claims = parsed.data;
  if (claims.exp * 1000 <= now) {
    throw new TokenError('TOKEN_EXPIRED', `令牌已于 ${new Date(claims.exp * 1000).toISOString()} 过期，请重新获取`);
  }
  return {
    id: claims.sub,
    role: claims.role,
    ...(claims.org !== undefined ? { org: claims.org } : {}),
    ...(claims.name !== undefined ? { name: claims.name } : {}),
  };
}

function signature(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** HS256 needs a secret of real length; 32 characters is the floor. */
export const MIN_SECRET_LENGTH = 32;

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`认证密钥过短：至少需要 ${MIN_SECRET_LENGTH} 个字符（AUTH_SECRET）`);
  }
}
