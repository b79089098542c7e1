import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { Roles } from '../auth/decorators';
import { ZodPipe } from '../common/zod-pipe';
import { ApiRoute } from '../openapi/registry';
import { workflowStateSchema } from '../openapi/schemas';
import { withIsoTimestamps } from '../common/timestamps';
import { MachineWorkflowsService } from '../workflows/machine-workflows.service';

const createDemoNotice = z.strictObject({
  noticeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '只能包含字母、数字、下划线和连字符，最长 64 个字符'),
  title: z.string().min(1).max(200),
  jurisdiction: z.string().max(64).optional(),
  organisation: z.string().max(200).optional(),
  publicityDays: z.number().int().min(1).max(60),
  validityDays: z.number().int().min(1).max(3660),
});

/** Starts the demo machine, which shows the runtime working before any award machine exists. */
@Controller('demo-notices')
export class DemoNoticesController {
  constructor(@Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService) {}

  @Post()
  @Roles('office', 'admin')
  @ApiRoute({
    summary: '创建示例公示流程（同一 noticeId 重复提交返回已有流程）',
    tags: ['示例'],
    body: createDemoNotice,
    responses: {
      201: { description: '已创建', schema: workflowStateSchema },
      200: { description: '该 noticeId 的流程已存在，返回其当前状态', schema: workflowStateSchema },
      503: { description: '流程引擎暂时不可用（TEMPORAL_UNAVAILABLE）' },
    },
  })
  async create(@Body(new ZodPipe(createDemoNotice)) body: z.infer<typeof createDemoNotice>, @Res({ passthrough: true }) res: Response) {
    const { created, state } = await this.workflows.start('demoNoticeWorkflow', `demo-notice/${body.noticeId}`, {
      machineInput: body,
    });
    res.status(created ? 201 : 200);
    return { ...state, context: withIsoTimestamps(state.context) };
  }
}
