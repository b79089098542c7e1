import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TemporalService } from '../temporal/temporal.module';

@Controller('health')
export class HealthController {
  constructor(@Inject(TemporalService) private readonly temporal: TemporalService) {}

  /** 200 when Temporal answers, 503 when it does not; the API itself stays up either way. */
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const { address, namespace, taskQueue } = this.temporal.settings;
    const ping = await this.temporal.ping();
    const body = ping.ok
      ? { status: 'ok', temporal: { state: 'connected', address, namespace, taskQueue, serverVersion: ping.serverVersion } }
      : { status: 'unavailable', temporal: { state: 'unreachable', address, namespace, taskQueue, error: ping.error } };
    res.status(ping.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}
