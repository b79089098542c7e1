/**
 * `npm run token -- --role office --sub staff-1 [--org org-1] [--name 张三] [--days 30]`
 * prints a bearer token signed with the API's secret (AUTH_SECRET, else data/auth-secret).
 */
import { parseArgs } from 'node:util';
import { ROLES, roleSchema } from '../api/auth/roles';
import { resolveAuthSecret } from '../api/auth/secret';
import { signToken, TokenError } from '../api/auth/tokens';

const usage = `用法: npm run token -- --role <${ROLES.join('|')}> --sub <用户 id> [--org <组织 id>] [--name <姓名>] [--days 30]
  --org   申报单位（applicant）必填：它能查看的组织 id
  --days  有效天数，默认 30`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

function main(): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        org: { type: 'string' },
        name: { type: 'string' },
        days: { type: 'string', default: '30' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const role = roleSchema.safeParse(values.role);
  if (!role.success) fail(`--role 须为 ${ROLES.join('、')} 之一`);
  if (typeof values.sub !== 'string' || values.sub === '') fail('缺少 --sub（用户 id）');
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0 || days > 3660) fail('--days 须为 1 到 3660 之间的数');

  const { secret, source, file } = resolveAuthSecret();
  try {
    const token = signToken(
      {
        sub: values.sub,
        role: role.data,
        ...(typeof values.org === 'string' ? { org: values.org } : {}),
        ...(typeof values.name === 'string' ? { name: values.name } : {}),
      },
      secret,
      { expiresInSeconds: Math.round(days * 86_400) },
    );
    console.error(`# ${role.data} ${values.sub}, valid ${days} days, signed with ${source === 'env' ? 'AUTH_SECRET' : file}`);
    console.log(token);
  } catch (error) {
    if (error instanceof TokenError) fail(error.message);
    throw error;
  }
}

main();
