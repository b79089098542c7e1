/**
 * Whether an organisation may apply again is its record's to say: the standing it has under the
 * policy (re-apply intervals, bans in years or cycles), read as `mayApplyNow` reads it. An
 * organisation without a standing has no award and no sanction, so nothing bars it.
 */
import { ConflictException } from '@nestjs/common';
import { mayApplyNow, priorTiers } from '../../../workflows/machines/standing';
import { standingWorkflowId } from '../../../workflows/machines/standing/types';
import { chinaDateOf, loadPolicy } from '../../../workflows/policy/index.js';
import type { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { errorCode } from '../shared/errors';
import { standingContextOf } from './standing-view';

export interface ReapplyVerdict {
  /** The 409 that refuses the application, when the record bars it. */
  refusal?: ConflictException;
  /**
   * The tiers the record shows the organisation holding (not revoked): the cycle's proposal check
   * reads them for tiers not given twice (本溪第十二条), whatever the application declares.
   */
  heldTiers: string[];
}

/** What the organisation's record says of an application to this cycle (nothing, without a record). */
export async function reapplyVerdict(workflows: MachineWorkflowsService, policyKey: string, year: number, orgId: string, now = Date.now()): Promise<ReapplyVerdict> {
  const workflowId = standingWorkflowId(policyKey, orgId);
  const standing = await workflows.state(workflowId).catch((error: unknown) => {
    if (errorCode(error) === 'WORKFLOW_NOT_FOUND') return undefined;
    throw error;
  });
  if (!standing) return { heldTiers: [] };
  const policy = loadPolicy(policyKey);
  const context = standingContextOf(standing);
  const heldTiers = [...new Set(priorTiers(context, year))].sort();
  const decision = mayApplyNow(context, policy, year, chinaDateOf(now));
  if (decision.allowed) return { heldTiers };
  const from = decision.fromDate ? `自${decision.fromDate}起（最早${decision.fromCycle}年度）` : `自${decision.fromCycle}年度起`;
  const refusal = new ConflictException({
    code: 'REAPPLY_NOT_ALLOWED',
    message: `${orgId} 不能申报${policy.awardName}（${year}年度）：${decision.blocks.map((b) => `${b.message}（${b.article}）`).join('；')}。${from}方可申报`,
    workflowId,
    orgId,
    cycle: year,
    articles: [...new Set(decision.blocks.map((b) => b.article))],
    blocks: decision.blocks,
    fromCycle: decision.fromCycle,
    fromDate: decision.fromDate,
  });
  return { refusal, heldTiers };
}

/** The 409 of a route that submits an application, for its OpenAPI entry. */
export const reapplyRefusedDescription =
  '组织的获奖档案不允许本届申报（REAPPLY_NOT_ALLOWED：间隔届数或年限未满、禁止申报期内；articles 为依据条款，blocks 逐项说明，fromCycle、fromDate 为可再次申报的届次和日期）';
