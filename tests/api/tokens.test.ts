import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { assertCanSeeOrganisation } from '../../api/auth/access';
import { resolveAuthSecret, tokenInstructions } from '../../api/auth/secret';
import { signToken, TokenError, verifyToken } from '../../api/auth/tokens';

const secret = 'test-secret-that-is-long-enough-0123456789';
const now = Date.parse('2025-03-01T08:00:00Z');

function refusal(fn: () => unknown): TokenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return error as TokenError;
  }
  throw new Error('expected a TokenError');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('bearer tokens (HS256 JWT)', () => {
  it('signs and verifies a staff token with its claims', () => {
    const token = signToken({ sub: 'staff-1', role: 'office', name: '张三' }, secret, { now, expiresInSeconds: 3600 });
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({
      sub: 'staff-1',
      role: 'office',
      name: '张三',
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
    expect(verifyToken(token, secret, now + 1000)).toEqual({ id: 'staff-1', role: 'office', name: '张三' });
  });

  it('carries the organisation of an applicant', () => {
    const token = signToken({ sub: 'u-9', role: 'applicant', org: 'org-1' }, secret, { now });
    expect(verifyToken(token, secret, now)).toEqual({ id: 'u-9', role: 'applicant', org: 'org-1' });
  });

  it('refuses an expired token', () => {
    const token = signToken({ sub: 'staff-1', role: 'office' }, secret, { now, expiresInSeconds: 60 });
    expect(verifyToken(token, secret, now + 59_000).id).toBe('staff-1');
    const error = refusal(() => verifyToken(token, secret, now + 60_000));
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toMatch(/过期/);
  });

  it('refuses a tampered payload and a token signed with another secret', () => {
    const token = signToken({ sub: 'reviewer-1', role: 'reviewer' }, secret, { now });
    const [header, , sig] = token.split('.');
    const forged = `${header}.${b64({ sub: 'reviewer-1', role: 'admin', iat: now / 1000, exp: now / 1000 + 3600 })}.${sig}`;
    expect(refusal(() => verifyToken(forged, secret, now)).code).toBe('TOKEN_BAD_SIGNATURE');
    const other = signToken({ sub: 'reviewer-1', role: 'admin' }, 'another-secret-that-is-long-enough-98765', { now });
    expect(refusal(() => verifyToken(other, secret, now)).code).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('refuses `alg: none` and malformed tokens', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'admin', iat: 1, exp: 9e9 })}.`;
    expect(refusal(() => verifyToken(unsigned, secret, now)).code).toBe('TOKEN_MALFORMED');
    const noneWithSig = `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'admin', iat: 1, exp: 9e9 })}.abc`;
    expect(refusal(() => verifyToken(noneWithSig, secret, now)).code).toBe('TOKEN_MALFORMED');
    expect(refusal(() => verifyToken('not-a-jwt', secret, now)).code).toBe('TOKEN_MALFORMED');
    expect(refusal(() => verifyToken('a.b.c.d', secret, now)).code).toBe('TOKEN_MALFORMED');
  });

  it('refuses an unknown role and an applicant without org, when signing and when verifying', () => {
    expect(refusal(() => signToken({ sub: 'x', role: 'superuser' as never }, secret, { now })).code).toBe('TOKEN_INVALID_CLAIMS');
    const noOrg = refusal(() => signToken({ sub: 'x', role: 'applicant' }, secret, { now }));
    expect(noOrg.code).toBe('TOKEN_INVALID_CLAIMS');
    expect(noOrg.message).toMatch(/org/);

    // Correctly signed, but with claims the API does not accept.
    const sign = (claims: unknown) => {
      const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
      return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
    };
    const iat = now / 1000;
    expect(refusal(() => verifyToken(sign({ sub: 'x', role: 'superuser', iat, exp: iat + 60 }), secret, now)).code).toBe('TOKEN_INVALID_CLAIMS');
    expect(refusal(() => verifyToken(sign({ sub: 'x', role: 'applicant', iat, exp: iat + 60 }), secret, now)).code).toBe('TOKEN_INVALID_CLAIMS');
    expect(refusal(() => verifyToken(sign({ role: 'office', iat, exp: iat + 60 }), secret, now)).code).toBe('TOKEN_INVALID_CLAIMS');
    expect(verifyToken(sign({ sub: 'x', role: 'applicant', org: 'o', iat, exp: iat + 60 }), secret, now)).toEqual({ id: 'x', role: 'applicant', org: 'o' });
  });

  it('refuses a short secret', () => {
    expect(() => signToken({ sub: 'x', role: 'office' }, 'short')).toThrow(/至少/);
  });
});

describe('secret resolution', () => {
  it('prefers AUTH_SECRET', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-'));
    expect(resolveAuthSecret({ AUTH_SECRET: secret, DATA_DIR: dir })).toEqual({ secret, source: 'env' });
    expect(() => resolveAuthSecret({ AUTH_SECRET: 'short', DATA_DIR: dir })).toThrow(/AUTH_SECRET/);
  });

  it('generates a secret once into DATA_DIR/auth-secret with mode 0600 and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-'));
    const first = resolveAuthSecret({ DATA_DIR: dir });
    expect(first).toMatchObject({ source: 'generated', file: join(dir, 'auth-secret') });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file!, 'utf8').trim()).toBe(first.secret);
    const second = resolveAuthSecret({ DATA_DIR: dir });
    expect(second).toEqual({ secret: first.secret, source: 'file', file: first.file });
    expect(tokenInstructions(second).join('\n')).toMatch(/npm run token -- --role office --sub/);
  });
});

describe('assertCanSeeOrganisation', () => {
  const applicant = { id: 'u', role: 'applicant' as const, org: 'org-1' };
  it('lets staff see every organisation and an applicant only its own, answering 404 otherwise', () => {
    expect(() => assertCanSeeOrganisation({ id: 's', role: 'office' }, 'org-2')).not.toThrow();
    expect(() => assertCanSeeOrganisation({ id: 's', role: 'reviewer' }, undefined)).not.toThrow();
    expect(() => assertCanSeeOrganisation(applicant, 'org-1')).not.toThrow();
    expect(() => assertCanSeeOrganisation(applicant, 'org-2')).toThrow(NotFoundException);
    expect(() => assertCanSeeOrganisation(applicant, undefined)).toThrow(NotFoundException);
    expect(() => assertCanSeeOrganisation({ id: 'u', role: 'applicant' }, 'org-1')).toThrow(NotFoundException);
  });
});
