/**
 * A local SMTP sink: accepts every message on 127.0.0.1, parses it and keeps it, so reminders
 * travel over real SMTP without a relay. Used by `npm start` when SMTP_URL is unset (each message
 * is also written to `<mailDir>/<timestamp>-<id>.eml`, readable by any mail client) and by the tests.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { assertPortFree, freePort } from '../lib/server-process';

export interface ReceivedMail {
  /** Sequence number within this sink. */
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
  headers: Record<string, string>;
  raw: Buffer;
}

export interface SmtpSinkOptions {
  /** 0 picks a free port. */
  port: number;
  /** When set, every message is also written there as an .eml file. */
  mailDir?: string;
  log?: (message: string) => void;
}

export interface SmtpSink {
  url: string;
  port: number;
  /** Messages received since start, oldest first. */
  readonly received: readonly ReceivedMail[];
  stop(): Promise<void>;
}

function headerMap(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    // mailparser keeps the raw line; its value is everything after the first colon, unfolded.
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim();
    headers[line.key] = value;
  }
  return headers;
}

export async function toReceivedMail(id: number, raw: Buffer, receivedAt = new Date()): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw);
  const addresses = (value: ParsedMail['to']) => (value ? (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.map((v) => v.address ?? '')) : []);
  return {
    id,
    receivedAt,
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').trimEnd(),
    messageId: parsed.messageId,
    headers: headerMap(parsed),
    raw,
  };
}

/** Reads back the .eml files a sink wrote, e.g. from another process. */
export async function readMailDir(mailDir: string): Promise<ReceivedMail[]> {
  let files: string[];
  try {
    files = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return Promise.all(files.map((file, i) => toReceivedMail(i + 1, readFileSync(join(mailDir, file)))));
}

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const log = options.log ?? (() => undefined);
  const port = options.port === 0 ? await freePort() : options.port;
  await assertPortFree(port, 'SMTP sink');
  if (options.mailDir) mkdirSync(options.mailDir, { recursive: true });
  const received: ReceivedMail[] = [];
  let sequence = 0;

  const server = new SMTPServer({
    // A sink on the loopback interface: no TLS, no login, every sender and recipient accepted.
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    banner: 'quality-award SMTP sink',
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        sequence += 1;
        const id = sequence;
        toReceivedMail(id, raw)
          .then((mail) => {
            received.push(mail);
            if (options.mailDir) {
              const stamp = mail.receivedAt.toISOString().replace(/[:.]/g, '-');
              const file = join(options.mailDir, `${stamp}-${String(id).padStart(4, '0')}.eml`);
              writeFileSync(file, raw);
              log(`mail to ${mail.to.join(', ')}: 「${mail.subject}」 → ${file}`);
            }
            callback(null, `queued as ${id}`);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  // A misbehaving client must not bring down the process that hosts the sink.
  server.on('error', (error) => log(`SMTP sink: ${error.message}`));

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
