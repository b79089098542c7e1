import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { GRPC } from '../common/temporal-errors';
import type { TemporalSettings } from '../../config/temporal';
import { connectionOptions } from '../../config/temporal';

export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');

/**
 * The SDK's retries, except for RESOURCE_EXHAUSTED: a request refused for load is answered at once
 * with 429 and Retry-After (see edge/too-many-requests.ts) rather than held while the client backs off.
 */
export function apiRetryOptions() {
  const defaults = defaultGrpcRetryOptions();
  return { ...defaults, retryableDecider: (attempt: number, status: { code: number }) => status.code !== GRPC.RESOURCE_EXHAUSTED && defaults.retryableDecider(attempt, status as never) };
}

/**
 * The API's one Temporal client. The connection is lazy, so the API starts (and reports 503 on
 * /health) while Temporal is down, and reconnects when it comes back.
 */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;

  constructor(@Inject(TEMPORAL_SETTINGS) readonly settings: TemporalSettings) {
    this.connection = Connection.lazy({ ...connectionOptions(settings), interceptors: [makeGrpcRetryInterceptor(apiRetryOptions())] });
    this.client = new Client({ connection: this.connection, namespace: settings.namespace });
  }

  /** Asks the server for its system info within `timeoutMs`. */
  async ping(timeoutMs = 2_000): Promise<{ ok: true; serverVersion: string } | { ok: false; error: string }> {
    try {
      const info = await this.connection.withDeadline(Date.now() + timeoutMs, () =>
        this.connection.workflowService.getSystemInfo({}),
      );
      return { ok: true, serverVersion: info.serverVersion ?? 'unknown' };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

@Global()
@Module({})
export class TemporalModule {
  static forRoot(settings: TemporalSettings) {
    return {
      module: TemporalModule,
      providers: [{ provide: TEMPORAL_SETTINGS, useValue: settings }, TemporalService],
      exports: [TemporalService],
    };
  }
}
