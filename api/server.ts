import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TemporalSettings } from '../config/temporal';
import type { Database } from '../db';
import { assertPortFree } from '../scripts/lib/server-process';
import { AppModule } from './app.module';
import { SafeInputPipe } from './edge/input-pipe';
import { jsonBodiesOnly } from './edge/json-only';
import { BODY_LIMIT_BYTES } from './edge/limits';
import { rememberRoutes } from './edge/methods';
import { resolveAuthSecret } from './auth/secret';

export interface ApiServer {
  app: INestApplication;
  url: string;
}

export interface ApiOptions {
  /** HMAC secret of bearer tokens; default: AUTH_SECRET, else `<DATA_DIR>/auth-secret` (see api/auth/secret.ts). */
  authSecret?: string;
  /** The records database (notices); the caller owns and closes it. */
  records: Database;
}

/** Creates and starts the HTTP API on `port` (0 picks a free one). */
export async function startApi(settings: TemporalSettings, port: number, options: ApiOptions): Promise<ApiServer> {
  if (port !== 0) await assertPortFree(port, 'HTTP API');
  const secret = options.authSecret ?? resolveAuthSecret().secret;
  // Nest's own parsers are replaced: JSON only, with our limit; other bodies are a 415 (edge/json-only.ts).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings, { secret }, options.records), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES, strict: true });
  app.useGlobalPipes(new SafeInputPipe());
  app.enableShutdownHooks();
  await app.init();
  rememberRoutes(app.getHttpAdapter().getInstance());
  await app.listen(port, '0.0.0.0');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}
