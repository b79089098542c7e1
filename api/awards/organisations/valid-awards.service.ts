import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { StandingContext } from '../../../workflows/machines/standing/types';
import { compareIsoDate, loadPolicy, type IsoDate } from '../../../workflows/policy/index.js';
import { JURISDICTION } from '../../../workflows/runtime/search-attributes';
import { VIEW_MEMO_KEY, type MemoView } from '../../../workflows/runtime/types';
import { toHttpError } from '../../common/temporal-errors';
import { TemporalService } from '../../temporal/temporal.module';
import { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { visibilityLiteral } from '../shared/params';
import { isValidOn, standingContextOf, tierNameOf } from './standing-view';

export interface ValidAward {
  orgId: string;
  organisationName: string;
  cycle: number;
  tierId: string;
  tierName: string;
  awardedOn: IsoDate;
  validThrough: IsoDate | null;
}

export interface ValidAwardsPage {
  policyKey: string;
  validOn: IsoDate;
  items: ValidAward[];
  total: number;
  limit: number;
  offset: number;
}

/** How long the listing may take before answering 503, as for the cycles' list. */
const LIST_DEADLINE_MS = 5_000;

/**
 * The public list of valid awards (公告), read from Temporal visibility: every standing of the
 * jurisdiction with the view its memo holds. A jurisdiction has a few hundred standings over a
 * decade, so the whole list is read and paged here.
 *
 * Temporal forgets a workflow after the namespace's retention and visibility is not a register: when
 * the records must outlive Temporal (issue 13), a PostgreSQL register of awards kept by the standing
 * replaces this read, and this service reads that table instead.
 */
@Injectable()
export class ValidAwardsService {
  constructor(
    @Inject(TemporalService) private readonly temporal: TemporalService,
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
  ) {}

  async list(policyKey: string, validOn: IsoDate, limit = 100, offset = 0): Promise<ValidAwardsPage> {
    const contexts = await this.standings(policyKey);
    const items = contexts
      .flatMap((context) =>
        context.awards
          .filter((award) => isValidOn(award, validOn))
          .map((award) => ({
            orgId: context.orgId,
            organisationName: context.organisationName,
            cycle: award.cycle,
            tierId: award.tierId,
            tierName: tierNameOf(policyKey, award.tierId),
            awardedOn: award.awardedOn,
            validThrough: award.validThrough,
          })),
      )
      // Newest cycle first, the top tier before nominations, then by organisation: a stable page order.
      .sort((a, b) => b.cycle - a.cycle || tierRank(policyKey, a.tierId) - tierRank(policyKey, b.tierId) || compareIsoDate(a.awardedOn, b.awardedOn) || a.orgId.localeCompare(b.orgId));
    return { policyKey, validOn, items: items.slice(offset, offset + limit), total: items.length, limit, offset };
  }

  /** Each standing of the jurisdiction once, as its latest run's memo shows it. */
  private async standings(policyKey: string): Promise<StandingContext[]> {
    // A run continued as new is closed with its successor running: only the current run counts.
    const query = `WorkflowType = 'standingWorkflow' AND ${JURISDICTION.name} = ${visibilityLiteral(policyKey)} AND ExecutionStatus != 'ContinuedAsNew'`;
    const latest = new Map<string, WorkflowExecutionInfo>();
    try {
      await this.temporal.connection.withDeadline(Date.now() + LIST_DEADLINE_MS, async () => {
        for await (const info of this.temporal.client.workflow.list({ query, pageSize: 500 })) {
          const known = latest.get(info.workflowId);
          if (!known || known.startTime < info.startTime) latest.set(info.workflowId, info);
        }
      });
    } catch (error) {
      const mapped = toHttpError(error, 'standingWorkflow');
      if (mapped instanceof HttpException) throw mapped;
      throw error;
    }
    return Promise.all([...latest.values()].map((info) => this.contextOf(info)));
  }

  /** From the memo the listing carries; a view too large for the memo (never expected) is read by query. */
  private async contextOf(info: WorkflowExecutionInfo): Promise<StandingContext> {
    const memo = info.memo?.[VIEW_MEMO_KEY] as MemoView | undefined;
    if (memo && !memo.contextOmitted && memo.context) return standingContextOf(memo);
    return standingContextOf(await this.workflows.state(info.workflowId));
  }
}

/** A policy lists its tiers top tier first. */
function tierRank(policyKey: string, tierId: string): number {
  const index = loadPolicy(policyKey).tiers.findIndex((t) => t.id === tierId);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
