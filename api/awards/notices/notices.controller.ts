import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { listNotices, RECORDS, type Database } from '../../../db';
import { Public } from '../../auth/decorators';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { policyKeySchema } from '../shared/params';

export const listNoticesQuerySchema = {
  jurisdiction: policyKeySchema.optional().describe('政策（辖区）标识，如 ganzhou-2022'),
  cycle: z.string().regex(/^\d{4}$/, '年度须为四位数字').optional().describe('年度（届）'),
  kind: z
    .string()
    .regex(/^[A-Za-z-]{1,40}$/, '只能包含英文字母和连字符')
    .optional()
    .describe('公告类别：announcement 申报公告、acceptanceList 受理名单、proposedWinners 拟奖公示、objectionResult 异议处理结果、results 授奖公告'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('每页条数，默认 50，最多 200'),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
};
const listNoticesQuery = z.strictObject(listNoticesQuerySchema);

const noticeSchema = z.object({
  id: z.string(),
  workflowId: z.string().describe('发布该公告的届次流程'),
  jurisdiction: z.string().nullable(),
  cycle: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string().describe('公告正文（中文）'),
  publishedAt: z.string().describe('发布时间（ISO 8601）'),
});
const noticePageSchema = z.object({ items: z.array(noticeSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** Public notices (公告、公示) the award workflows published through their `publishNotice` activity. */
@Controller('notices')
@Public()
export class NoticesController {
  constructor(@Inject(RECORDS) private readonly records: Database) {}

  @Get()
  @ApiRoute({
    summary: '公告与公示列表（公开，无需令牌），最新的在前',
    tags: ['公告'],
    query: listNoticesQuerySchema,
    responses: { 200: { description: '一页公告', schema: noticePageSchema } },
  })
  async list(@Query(new ZodPipe(listNoticesQuery)) query: z.infer<typeof listNoticesQuery>) {
    const page = await listNotices(this.records, query);
    return {
      ...page,
      items: page.items.map(({ id, workflowId, jurisdiction, cycle, kind, title, body, publishedAt }) => ({
        id,
        workflowId,
        jurisdiction,
        cycle,
        kind,
        title,
        body,
        publishedAt: publishedAt.toISOString(),
      })),
    };
  }
}
