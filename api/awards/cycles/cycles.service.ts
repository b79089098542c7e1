import { HttpException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { cycle, cycleMachine } from '../../../workflows/machines/cycle/machine';
import { cycleWorkflowId } from '../../../workflows/machines/cycle/ids';
import { cycleOnOrAfter, formatChinaInstant, isCycleYear, loadPolicy, objectorIssues, type ObjectorIdentity } from '../../../workflows/policy/index.js';
import { invalidInput, invalidInputs } from '../shared/errors';
import { CYCLE, JURISDICTION, NEXT_ACTOR, STAGE, STAGE_SINCE } from '../../../workflows/runtime/search-attributes';
import { countApplicationsByStatus, listArchived, RECORDS, type Database } from '../../../db';
import type { AuthUser } from '../../auth/roles';
import { toHttpError } from '../../common/temporal-errors';
import { TemporalService } from '../../temporal/temporal.module';
import { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { visibilityLiteral } from '../shared/params';
import { stagePaths } from '../shared/machine-roles';
import { cycleActionName } from '../shared/action-names';
import { presentCycle, topStageOf, type ApplicationCounts, type AwardState, type AwardView } from '../shared/views';
import { cachedWorkingDayCalendar } from '../../calendar/working-days';
import { serviceLevelFor } from '../../../workflows/machines/cycle/rules';
import type { CycleContext } from '../../../workflows/machines/cycle/types';
import { CYCLE_ACTIONS, type CreateCycle, type CycleAction } from './cycles.schemas';

export interface CycleSummary {
  workflowId: string;
  policyKey: string | null;
  year: number | null;
  stage: string | null;
  stageSince: string | null;
  nextActor: string | null;
  executionStatus: string;
  /** Null for a cycle known only from the archive (Temporal has forgotten it). */
  startTime: string | null;
  archived?: true;
}

export interface CycleListFilter {
  policyKey?: string;
  year?: string;
  stage?: string;
  limit?: number;
}

/** Cycles: started, read, listed and moved on in Temporal; nothing kept here. */
/** A year the policy holds no cycle in, or a deadline already past (unless the office says so). */
function whyNotCreate(body: CreateCycle, now: number): HttpException | undefined {
  const policy = loadPolicy(body.policyKey);
  if (!isCycleYear(policy, body.year)) {
    const after = cycleOnOrAfter(policy, body.year);
    const before = after - policy.cycle.periodYears;
    return invalidInput(
      'body.year',
      `${policy.awardName}每${policy.cycle.periodYears}年评选一次（${policy.cycle.anchorYear}年起），${body.year}年不是评选年度；相邻的评选年度为${before}年和${after}年`,
    );
  }
  if (body.applicationDeadline <= now && body.allowPastDeadline !== true) {
    return invalidInput(
      'body.applicationDeadline',
      `申报截止时间 ${formatChinaInstant(body.applicationDeadline)} 已过，发布后将立即截止申报。请改为将来的时间；确需补录已截止的一届时加 "allowPastDeadline": true`,
    );
  }
  return undefined;
}

@Injectable()
export class CyclesService {
  constructor(
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
    @Inject(TemporalService) private readonly temporal: TemporalService,
    @Inject(RECORDS) private readonly records: Database,
  ) {
    this.calendar = cachedWorkingDayCalendar(records);
  }

  private readonly calendar: ReturnType<typeof cachedWorkingDayCalendar>;

  /** The cycle with its application counts from the applications table, and its stage's due date. */
  private async present(policyKey: string, year: number, state: AwardView, user: AuthUser): Promise<AwardState> {
    const stage = topStageOf(state);
    const timed = stage !== undefined && state.context !== null && serviceLevelFor(state.context as CycleContext, stage) !== undefined;
    const [byStatus, calendar] = await Promise.all([countApplicationsByStatus(this.records, policyKey, year), timed ? this.calendar() : undefined]);
    const counts: ApplicationCounts = { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
    return presentCycle(state, user, counts, calendar);
  }

  async create(body: CreateCycle, user: AuthUser): Promise<{ created: boolean; state: AwardState }> {
    const refusal = whyNotCreate(body, Date.now());
    if (refusal) {
      // A repeated create of a cycle that exists answers it, whatever the clock says now.
      const existing = await this.workflows.state(cycleWorkflowId(body.policyKey, body.year)).catch(() => undefined);
      if (existing) return { created: false, state: await this.present(body.policyKey, body.year, existing, user) };
      throw refusal;
    }
    const { created, state } = await this.workflows.start('cycleWorkflow', cycleWorkflowId(body.policyKey, body.year), {
      machineInput: {
        policyKey: body.policyKey,
        year: body.year,
        ...(body.title ? { title: body.title } : {}),
        applicationDeadline: body.applicationDeadline,
        ...(body.objectionContact ? { objectionContact: body.objectionContact } : {}),
      },
    });
    return { created, state: await this.present(body.policyKey, body.year, state, user) };
  }

  async get(policyKey: string, year: number, user: AuthUser): Promise<AwardState> {
    return this.present(policyKey, year, await this.workflows.state(cycleWorkflowId(policyKey, year)), user);
  }

  async act(policyKey: string, year: number, action: CycleAction, body: Record<string, unknown> | undefined, key: string | undefined, user: AuthUser) {
    const id = cycleWorkflowId(policyKey, year);
    const fields = { ...(body ?? {}) };
    // An objection needs an id; a retried request with the same Idempotency-Key is answered by the update id anyway.
    if (action === 'file-objection' && fields.objectionId === undefined) fields.objectionId = `o-${randomUUID().slice(0, 8)}`;
    if (action === 'file-objection') {
      // Each missing or wrong field of the objector's identity by name (大庆第二十一条), before the workflow is asked.
      const issues = objectorIssues(loadPolicy(policyKey), fields.objector as ObjectorIdentity | undefined);
      if (issues.length > 0) throw invalidInputs(issues.map((i) => ({ field: `body.${i.field}`, message: `${i.message}（${i.article}）` })));
    }
    // `transition` is the update's own result: a retry with the same key answers what the first did.
    const state = await this.workflows.act(id, { ...fields, type: CYCLE_ACTIONS[action].event }, key, { id: user.id, role: user.role }, cycleActionName);
    return this.present(policyKey, year, state, user);
  }

  /** Through Temporal visibility (search attributes), newest first. Visibility lags writes by a moment. */
  async list(filter: CycleListFilter): Promise<{ items: CycleSummary[] }> {
    const clauses = [`WorkflowType = 'cycleWorkflow'`];
    if (filter.policyKey) clauses.push(`${JURISDICTION.name} = ${visibilityLiteral(filter.policyKey)}`);
    if (filter.year) clauses.push(`${CYCLE.name} = ${visibilityLiteral(filter.year)}`);
    if (filter.stage) clauses.push(`${STAGE.name} IN (${stagePaths(cycleMachine, filter.stage).map(visibilityLiteral).join(', ')})`);
    const limit = filter.limit ?? 50;
    const items: CycleSummary[] = [];
    try {
      await this.temporal.connection.withDeadline(Date.now() + 5_000, async () => {
        for await (const info of this.temporal.client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(limit, 100) })) {
          const attributes = info.typedSearchAttributes;
          const year = attributes.get(CYCLE);
          items.push({
            workflowId: info.workflowId,
            policyKey: attributes.get(JURISDICTION) ?? null,
            year: year ? Number(year) : null,
            stage: attributes.get(STAGE) ?? null,
            stageSince: attributes.get(STAGE_SINCE)?.toISOString() ?? null,
            nextActor: attributes.get(NEXT_ACTOR) ?? null,
            executionStatus: info.status.name,
            startTime: info.startTime.toISOString(),
          });
          if (items.length >= limit) break;
        }
      });
    } catch (error) {
      const mapped = toHttpError(error, 'cycle');
      if (mapped instanceof HttpException) throw mapped;
      throw error;
    }
    return { items: await this.withArchived(items, filter, limit) };
  }

  /** Cycles Temporal has forgotten are still listed, from the archive, after those it knows. */
  private async withArchived(items: CycleSummary[], filter: CycleListFilter, limit: number): Promise<CycleSummary[]> {
    if (items.length >= limit) return items;
    const known = new Set(items.map((item) => item.workflowId));
    const stages = filter.stage ? new Set(stagePaths(cycleMachine, filter.stage)) : undefined;
    const archived = await listArchived(this.records, {
      machine: cycle.name,
      ...(filter.policyKey ? { policyKey: filter.policyKey } : {}),
      ...(filter.year ? { year: Number(filter.year) } : {}),
      limit: limit + known.size,
    });
    for (const record of archived) {
      if (items.length >= limit) break;
      if (known.has(record.workflowId) || (stages && !stages.has(record.stage))) continue;
      const view = record.view as { since?: string; nextActor?: string | null };
      items.push({
        workflowId: record.workflowId,
        policyKey: record.policyKey,
        year: record.year,
        stage: record.stage,
        stageSince: view.since ?? null,
        nextActor: view.nextActor ?? null,
        executionStatus: 'COMPLETED',
        startTime: null,
        archived: true,
      });
    }
    return items;
  }
}
