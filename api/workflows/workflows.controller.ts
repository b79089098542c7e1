import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../common/zod-pipe';
import { MachineWorkflowsService } from './machine-workflows.service';

/** Ids read like `demo-notice/n-1`; in a URL the slash is sent encoded (`demo-notice%2Fn-1`). */
const workflowId = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[\p{L}\p{N}._:/-]+$/u, '只能包含字母、数字以及 . _ : / -');
const event = z.looseObject({ type: z.string().regex(/^[A-Z][A-Z0-9_.]*$/, '事件类型须为大写字母、数字、下划线或点') });
const idempotencyKey = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, '须为可见 ASCII 字符').optional();

/** Generic access to any machine-backed workflow: its state, and staff events sent to it. */
@Controller('workflows')
export class WorkflowsController {
  constructor(@Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService) {}

  @Get(':workflowId')
  state(@Param('workflowId', new ZodPipe(workflowId)) id: string) {
    return this.workflows.state(id);
  }

  @Post(':workflowId/events')
  @HttpCode(200)
  send(
    @Param('workflowId', new ZodPipe(workflowId)) id: string,
    @Body(new ZodPipe(event)) body: z.infer<typeof event>,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.workflows.send(id, body, new ZodPipe(idempotencyKey, 'header.idempotency-key').transform(key));
  }
}
