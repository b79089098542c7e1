/**
 * Where the token secret comes from: AUTH_SECRET when set; otherwise a random secret generated once
 * and kept in `<DATA_DIR>/auth-secret` (mode 0600), so `npm start` works locally with no setup and
 * tokens stay valid across restarts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_SECRET_LENGTH } from './tokens';

export interface ResolvedAuthSecret {
  secret: string;
  /** `env`: AUTH_SECRET; `file`: read from `file`; `generated`: just written to `file`. */
  source: 'env' | 'file' | 'generated';
  file?: string;
}

/** `<DATA_DIR>/auth-secret`, DATA_DIR defaulting to `./data` at the project root (as `npm start`). */
export function authSecretFile(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = env.DATA_DIR ? resolve(env.DATA_DIR) : join(__dirname, '..', '..', 'data');
  return join(dataDir, 'auth-secret');
}

export function resolveAuthSecret(env: NodeJS.ProcessEnv = process.env): ResolvedAuthSecret {
  const fromEnv = env.AUTH_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`AUTH_SECRET 过短：至少需要 ${MIN_SECRET_LENGTH} 个字符（例如 openssl rand -base64 48 的输出）`);
    }
    return { secret: fromEnv, source: 'env' };
  }
  const file = authSecretFile(env);
  const existing = readSecret(file);
  if (existing) return { secret: existing, source: 'file', file };
  mkdirSync(join(file, '..'), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // `wx`: when two processes start together, the second reads the first one's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readSecret(file);
    if (raced) return { secret: raced, source: 'file', file };
    throw error;
  }
  chmodSync(file, 0o600);
  return { secret, source: 'generated', file };
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.length < MIN_SECRET_LENGTH) {
    throw new Error(`${file} 中的认证密钥过短（至少 ${MIN_SECRET_LENGTH} 个字符）：删除该文件即可重新生成`);
  }
  return text;
}

/** Lines for `npm start` to print: where the secret is and how to mint a token. */
export function tokenInstructions(resolved: Pick<ResolvedAuthSecret, 'source' | 'file'>): string[] {
  const where =
    resolved.source === 'env'
      ? 'auth: tokens are signed with AUTH_SECRET'
      : `auth: tokens are signed with the secret in ${resolved.file}${resolved.source === 'generated' ? ' (just generated)' : ''}; set AUTH_SECRET to use your own`;
  return [
    where,
    'auth: mint a token with  npm run token -- --role office --sub staff-1 [--org org-1] [--name 张三] [--days 30]',
    "auth: then call the API with  -H 'authorization: Bearer <token>'   (roles: office, reviewer, committee, admin, applicant)",
  ];
}
