import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  CalendarEntryRefused,
  calendarStatus,
  calendarYearContentSchema,
  calendarYearSchema,
  calendarYearView,
  coveredYears,
  enterCalendarYear,
  type CalendarYearContent,
} from '../../activities/calendar/index.js';
import { RECORDS, type Database } from '../../db';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/roles';
import { ZodPipe } from '../common/zod-pipe';
import { ApiRoute } from '../openapi/registry';

const yearParams = { year: z.string().regex(/^\d{4}$/, '年份须为四位数字，如 2027').transform(Number).pipe(calendarYearSchema).describe('公历年份') };
const yearParam = yearParams.year;

const sourceSchema = z.enum(['office', 'package']).describe('office：办公室录入；package：内置日历数据包');
const noticeSchema = calendarYearContentSchema.shape.notice;

const calendarYearViewSchema = z.object({
  year: z.number().int(),
  source: sourceSchema,
  sourceDetail: z.string().describe('如 chinese-days@1.5.7，或 office:2027r2（年份与版本）'),
  revision: z.number().int().nullable().describe('办公室录入的版本号'),
  notice: noticeSchema.nullable(),
  enteredBy: z.object({ id: z.string(), role: z.string() }).nullable(),
  enteredAt: z.string().nullable().describe('录入时间（ISO 8601）'),
  overridesPackage: z.boolean().describe('办公室录入替换了数据包已覆盖的年份'),
  holidays: z.array(z.object({ festival: z.string(), from: z.string(), to: z.string() })),
  makeupWorkdays: z.array(z.object({ date: z.string(), festival: z.string() })),
  days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'makeup-workday']), festival: z.string() })).describe('全年的放假日与补班日'),
});

const enteredSchema = z.object({
  year: z.number().int(),
  revision: z.number().int(),
  created: z.boolean().describe('false：与现行版本相同，未作改动'),
  replacesPackage: z.boolean(),
  message: z.string().describe('改动的效果；已算出的期限不会改变'),
  calendar: calendarYearViewSchema,
});

const coveredYearsSchema = z.object({
  coverage: z.object({ firstYear: z.number().int(), lastYear: z.number().int() }),
  items: z.array(z.object({ year: z.number().int(), source: sourceSchema, sourceDetail: z.string(), notice: noticeSchema.nullable() })),
  warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })).describe('需要办公室处理的提示（同 GET /health 的 calendar）'),
});

/**
 * The working-day calendar behind every deadline counted in working days: the bundled data and
 * the years the office entered from the State Council's notices (see README「工作日历」).
 */
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(RECORDS) private readonly records: Database) {}

  @Get()
  @ApiRoute({
    summary: '工作日历覆盖的年份及其来源',
    tags: ['工作日历'],
    responses: { 200: { description: '覆盖的年份，最早的在前', schema: coveredYearsSchema } },
  })
  async list() {
    const [items, status] = await Promise.all([coveredYears(this.records), calendarStatus(this.records, Date.now())]);
    return { coverage: status.coverage, items, warnings: status.warnings };
  }

  @Get(':year')
  @ApiRoute({
    summary: '某一年的放假日与补班日、来源及所依据的通知',
    tags: ['工作日历'],
    params: yearParams,
    responses: { 200: { description: '该年度的日历', schema: calendarYearViewSchema }, 404: { description: '该年度尚无日历数据（CALENDAR_YEAR_NOT_COVERED）' } },
  })
  async show(@Param('year', new ZodPipe(yearParam, 'param.year')) year: number) {
    const view = await calendarYearView(this.records, year);
    if (!view) throw new NotFoundException({ code: 'CALENDAR_YEAR_NOT_COVERED', message: `尚无${year}年的工作日历数据，请按国务院办公厅通知录入` });
    return view;
  }

  @Put(':year')
  @Roles('office', 'admin')
  @ApiRoute({
    summary: '录入或更正某一年的节假日安排（依据国务院办公厅通知）',
    description:
      '七个法定节日各一个放假区间（含其中的周末），补班日须为周六或周日，日期须在该年内。相同内容重复提交不产生新版本。' +
      '数据包已覆盖的年份须带 "override": true。新数据只影响此后计算的期限，已算出的期限不变；等待该年数据的流程几分钟内自动继续。',
    tags: ['工作日历'],
    params: yearParams,
    body: calendarYearContentSchema,
    responses: {
      201: { description: '已保存为新版本', schema: enteredSchema },
      200: { description: '与现行版本相同，未作改动', schema: enteredSchema },
      400: { description: '内容有误（INVALID_CALENDAR，issues 列出每一处）、未加 override（CALENDAR_OVERRIDE_REQUIRED）或年份不相连（CALENDAR_YEAR_NOT_ADJACENT）；均未保存' },
    },
  })
  async enter(
    @Param('year', new ZodPipe(yearParam, 'param.year')) year: number,
    @Body(new ZodPipe(calendarYearContentSchema)) body: CalendarYearContent,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    try {
      const entered = await enterCalendarYear(this.records, year, body, { id: user.id, role: user.role });
      res.status(entered.created ? 201 : 200);
      return { ...entered, calendar: await calendarYearView(this.records, year) };
    } catch (error) {
      if (!(error instanceof CalendarEntryRefused)) throw error;
      const { code, message, issues } = error.refusal;
      const fields = issues.map((issue) => ({ ...issue, field: `body.${issue.field}` }));
      throw new BadRequestException({ code, message, ...(fields[0] ? { field: fields[0].field } : {}), issues: fields });
    }
  }
}
