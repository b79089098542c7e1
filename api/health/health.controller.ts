import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { calendarStatus, type CalendarStatus } from '../../activities/calendar/index.js';
import { RECORDS, type Database } from '../../db';
import { Public } from '../auth/decorators';
import type { AuthUser } from '../auth/roles';
import { ApiRoute } from '../openapi/registry';
import { TemporalService } from '../temporal/temporal.module';

const healthBody = z.object({
  status: z.enum(['ok', 'unavailable']),
  temporal: z
    .looseObject({ state: z.enum(['connected', 'unreachable']), address: z.string().optional(), namespace: z.string().optional(), taskQueue: z.string().optional() })
    .describe('地址、命名空间与错误信息仅对工作人员（带令牌）显示'),
  calendar: z
    .looseObject({
      state: z.enum(['ok', 'warning', 'unknown']),
      warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional().describe('仅对工作人员（带令牌）显示'),
    })
    .describe('工作日历：从每年10月1日起未录入下一年、本年未覆盖或有期限因缺少日历数据而等待时为 warning'),
});

@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(TemporalService) private readonly temporal: TemporalService,
    @Inject(RECORDS) private readonly records: Database,
  ) {}

  /** 200 when Temporal answers, 503 when it does not; the API itself stays up either way. Calendar warnings do not change the status. */
  @Get()
  @ApiRoute({
    summary: '健康检查：API 与流程引擎（Temporal）是否可用，工作日历是否需要录入（公开时只答可用与否；工作人员带令牌可见详情）',
    tags: ['运维'],
    responses: {
      200: { description: 'Temporal 可达', schema: healthBody },
      503: { description: 'Temporal 不可达（API 本身仍在运行）', schema: healthBody },
    },
  })
  async health(@Req() req: Request & { user?: AuthUser }, @Res() res: Response): Promise<void> {
    const { address, namespace, taskQueue } = this.temporal.settings;
    const [ping, calendar] = await Promise.all([this.temporal.ping(), this.calendar()]);
    const status = ping.ok ? 'ok' : 'unavailable';
    const state = ping.ok ? 'connected' : 'unreachable';
    // Where the engine runs and why it fails help an attacker as much as an operator: staff only.
    const body =
      req.user && req.user.role !== 'applicant'
        ? { status, temporal: { state, address, namespace, taskQueue, ...(ping.ok ? { serverVersion: ping.serverVersion } : { error: ping.error }) }, calendar }
        : { status, temporal: { state }, calendar: { state: calendar.state } };
    res.status(ping.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }

  private async calendar(): Promise<{ state: 'ok' | 'warning'; coverage: CalendarStatus['coverage']; warnings: CalendarStatus['warnings'] } | { state: 'unknown' }> {
    try {
      const status = await calendarStatus(this.records, Date.now());
      return { state: status.warnings.length > 0 ? 'warning' : 'ok', ...status };
    } catch {
      return { state: 'unknown' };
    }
  }
}
