/**
 * How reminders leave the system. With SMTP_URL unset, `npm start` runs a local SMTP sink on
 * 127.0.0.1:SMTP_SINK_PORT (1025) that keeps every message under `<DATA_DIR>/mail`; set SMTP_URL
 * (smtp:// or smtps://, with credentials in the URL) for a real relay. Roles are mailed at
 * MAIL_<ROLE> (MAIL_OFFICE, ...).
 */
export const DEFAULT_SINK_PORT = 1025;
export const DEFAULT_FROM = '质量奖评审办公室 <noreply@quality-award.localhost>';

/** The local sink's port, SMTP_SINK_PORT; only `npm start` without SMTP_URL binds it. */
export function smtpSinkPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SMTP_SINK_PORT;
  if (raw === undefined || raw === '') return DEFAULT_SINK_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`SMTP_SINK_PORT must be a TCP port (1-65535), not ${JSON.stringify(raw)}.`);
  return port;
}

export interface MailSettings {
  smtpUrl: string;
  /** True when SMTP_URL was given: no local sink is started. */
  external: boolean;
  from: string;
  /** Addresses by role, from MAIL_<ROLE>; several addresses are separated by commas. */
  roles: Record<string, string>;
}

export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const roles: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^MAIL_([A-Z][A-Z0-9_]*)$/.exec(name);
    if (!match || match[1] === 'FROM' || !value) continue;
    roles[match[1]!.toLowerCase()] = value;
  }
  return {
    smtpUrl: env.SMTP_URL || `smtp://127.0.0.1:${smtpSinkPort(env)}`,
    external: Boolean(env.SMTP_URL),
    from: env.MAIL_FROM || DEFAULT_FROM,
    roles,
  };
}

/**
 * An address stays as it is; a role becomes the configured addresses. Unknown roles throw, so the
 * activity fails and is retried once the operator has set MAIL_<ROLE>: a reminder is never dropped.
 */
export function resolveRecipient(to: string, settings: Pick<MailSettings, 'roles'>): string {
  if (to.includes('@')) return to;
  const address = settings.roles[to.toLowerCase()];
  if (!address) {
    throw new Error(`No mail address for the role "${to}": set MAIL_${to.toUpperCase()} (e.g. MAIL_${to.toUpperCase()}=${to}@example.gov.cn).`);
  }
  return address;
}
