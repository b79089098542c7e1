/**
 * Whether an organisation may apply in a cycle given its history, and if not, from which cycle or
 * date it may. The first tier of a policy is its top award ("winner" rules); the others are
 * nominations ("nominee" rules).
 */
import { addDays, addYears, compareIsoDate, maxIsoDate, yearOf, type IsoDate } from './dates.js';
import { assertCycleYear, cycleAfter, cycleOnOrAfter } from './cycles.js';
import type { Policy } from './schema.js';
import { banFor, findCause } from './revocation.js';

export interface PastAward {
  tierId: string;
  cycle: number;
  awardedOn: IsoDate;
  /** Set when the award was revoked. */
  revokedOn?: IsoDate;
}

export interface PastSanction {
  /** A revocation cause id of the policy (e.g. `fraud`, `false-application`). */
  causeId: string;
  /** The cycle in which it was decided (for 取消当年评选资格). */
  cycle: number;
  decidedOn: IsoDate;
  serious?: boolean;
}

export interface OrganisationHistory {
  awards: readonly PastAward[];
  sanctions: readonly PastSanction[];
}

export type ReapplyBlockCode = 'reapply-interval' | 'ban-years' | 'ban-cycles' | 'disqualified-this-cycle';

export interface ReapplyBlock {
  code: ReapplyBlockCode;
  article: string;
  message: string;
  fromCycle: number;
  fromDate: IsoDate | null;
}

export type ReapplyDecision =
  | {
      allowed: true;
      /** Tiers this organisation cannot be given again (本溪第十二条: 不再重复授予提名奖). */
      excludedTiers: Array<{ tierId: string; article: string; message: string }>;
    }
  | {
      allowed: false;
      blocks: ReapplyBlock[];
      /** The earliest cycle in which every block is lifted. */
      fromCycle: number;
      /** The earliest day every date-based block is lifted, or null when none is date-based. */
      fromDate: IsoDate | null;
    };

export interface ReapplyInput {
  cycle: number;
  /** The day of the application (within the cycle). */
  applicationDate: IsoDate;
  history: OrganisationHistory;
}

export function mayApply(policy: Policy, input: ReapplyInput): ReapplyDecision {
  assertCycleYear(policy, input.cycle);
  const blocks: ReapplyBlock[] = [];
  const topTier = policy.tiers[0];
  const rule = policy.reapply.winner;

  for (const award of input.history.awards) {
    if (award.revokedOn !== undefined || award.tierId !== topTier?.id) continue;
    if (rule.kind === 'cycles-between') {
      const fromCycle = cycleAfter(policy, award.cycle, rule.cycles + 1);
      if (input.cycle < fromCycle) {
        blocks.push({
          code: 'reapply-interval',
          article: rule.article,
          message: `${award.cycle}年度获得${topTier.name}，须间隔${rule.cycles}届，${fromCycle}年度起方可再次申报`,
          fromCycle,
          fromDate: null,
        });
      }
    } else if (rule.kind === 'years-after-award') {
      const fromDate = addDays(addYears(award.awardedOn, rule.years), 1);
      if (compareIsoDate(input.applicationDate, fromDate) < 0) {
        blocks.push({
          code: 'reapply-interval',
          article: rule.article,
          message: `${award.awardedOn}获得${topTier.name}，获奖${rule.years}年之后（${fromDate}起）方可再次申报`,
          fromCycle: cycleOnOrAfter(policy, Math.max(yearOf(fromDate), input.cycle + 1)),
          fromDate,
        });
      }
    }
  }

  for (const s of input.history.sanctions) {
    const cause = findCause(policy, s.causeId);
    if (cause.consequences.disqualifyCurrentCycle && s.cycle === input.cycle) {
      blocks.push({
        code: 'disqualified-this-cycle',
        article: cause.article,
        message: `${cause.name}，已取消${s.cycle}年度评选资格`,
        fromCycle: cycleAfter(policy, s.cycle, 1),
        fromDate: null,
      });
    }
    const ban = banFor(policy, cause, s.decidedOn, s.serious ?? false);
    if (ban.kind === 'until' && compareIsoDate(input.applicationDate, ban.mayApplyFrom) < 0) {
      blocks.push({
        code: 'ban-years',
        article: cause.article,
        message: `${s.decidedOn}因${cause.name}被处理，${ban.years}年内不得申报，${ban.mayApplyFrom}起方可申报`,
        fromCycle: cycleOnOrAfter(policy, Math.max(yearOf(ban.mayApplyFrom), input.cycle + 1)),
        fromDate: ban.mayApplyFrom,
      });
    }
    if (ban.kind === 'cycles' && ban.barredCycles.includes(input.cycle)) {
      blocks.push({
        code: 'ban-cycles',
        article: cause.article,
        message: `${s.decidedOn}因${cause.name}被撤销奖项，不得参加${ban.barredCycles.join('、')}年度评审`,
        fromCycle: ban.mayApplyFromCycle,
        fromDate: null,
      });
    }
  }

  if (blocks.length > 0) {
    const dates = blocks.map((b) => b.fromDate).filter((d): d is IsoDate => d !== null);
    return {
      allowed: false,
      blocks,
      fromCycle: Math.max(...blocks.map((b) => b.fromCycle)),
      fromDate: dates.length > 0 ? dates.reduce(maxIsoDate) : null,
    };
  }

  const held = new Set(input.history.awards.filter((a) => a.revokedOn === undefined).map((a) => a.tierId));
  const excludedTiers = policy.tiers
    .filter((t) => held.has(t.id) && !t.repeatAllowed.value)
    .map((t) => ({ tierId: t.id, article: t.repeatAllowed.article, message: `已获${t.name}，不再重复授予` }));
  return { allowed: true, excludedTiers };
}
