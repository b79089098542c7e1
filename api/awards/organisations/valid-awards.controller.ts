import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { z } from 'zod';
import { chinaDateOf } from '../../../workflows/policy/index.js';
import { Public } from '../../auth/decorators';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { unavailableResponse } from '../shared/responses';
import { validAwardsSchema } from './organisations.responses';
import { validAwardsQuery, validAwardsQuerySchema } from './organisations.schemas';
import { ValidAwardsService } from './valid-awards.service';

/** The awards valid on a day (公告 of the award's holders): public, like the notices. */
@Controller('awards')
@Public()
export class ValidAwardsController {
  constructor(@Inject(ValidAwardsService) private readonly awards: ValidAwardsService) {}

  @Get()
  @ApiRoute({
    summary: '在某日有效的奖项（公开，无需令牌）：获奖组织、届次、奖项、有效期',
    description:
      '有效：授奖日不晚于该日，有效期最后一天不早于该日（政策未规定有效期的一直有效），且未被撤销（撤销的奖项任何一天都不列出）。来自 Temporal 的可见性索引，写入后可能有片刻延迟。按届次从新到旧、奖项从高到低排列。',
    tags: ['获奖组织'],
    query: validAwardsQuerySchema,
    responses: { 200: { description: '一页有效奖项', schema: validAwardsSchema }, 503: unavailableResponse },
  })
  list(@Query(new ZodPipe(validAwardsQuery)) query: z.infer<typeof validAwardsQuery>) {
    return this.awards.list(query.policyKey, query.validOn ?? chinaDateOf(Date.now()), query.limit, query.offset);
  }
}
