/**
 * Allocation of tiers (award, nomination …) from a ranked candidate list under the policy's quotas,
 * category caps and vacancies; and validation of a committee's proposal against the same rules.
 *
 * Rules applied, all from the policy:
 * - tiers are filled in policy order; a candidate receives at most one tier;
 * - a candidate who already holds a tier (`priorTiers`) receives it again as a *re-award*; when
 *   the tier's `reAward.outsideQuota` is true it does not count against the quota or the caps;
 * - a tier whose `repeatAllowed` is false is never given again to a holder (本溪第十二条);
 * - ineligible or disqualified candidates, and candidates not qualified for a tier, are skipped;
 * - unfilled places stay vacant (空缺) when the policy allows it.
 */
import { INDUSTRY_LABELS } from './labels.js';
import type { IndustryCategory, Policy, Tier } from './schema.js';

export interface AllocationCandidate {
  id: string;
  category: IndustryCategory;
  /** Passed the eligibility review. */
  eligible: boolean;
  /** Disqualified in this cycle (e.g. false material, 大庆第三十一条). */
  disqualified?: boolean;
  /** Tiers the organisation has received before (any earlier cycle). A held tier means a re-award. */
  priorTiers?: readonly string[];
  /** Tiers whose standard the candidate reached (e.g. by score); absent = every tier. */
  qualifiedTiers?: readonly string[];
}

export interface AwardedPlace {
  candidateId: string;
  category: IndustryCategory;
  reAward: boolean;
  outsideQuota: boolean;
}

export interface TierAllocation {
  tierId: string;
  awarded: AwardedPlace[];
  /** Places counted against the quota. */
  withinQuota: number;
  vacancies: number;
}

export interface AllocationResult {
  tiers: TierAllocation[];
  /** Candidates that received nothing, with the reason (Chinese). */
  unplaced: Array<{ candidateId: string; reasons: string[] }>;
}

function capsFor(tier: Tier, category: IndustryCategory) {
  return tier.categoryCaps.filter((cap) => cap.categories.includes(category));
}

function isReAward(c: AllocationCandidate, tier: Tier): boolean {
  return (c.priorTiers ?? []).includes(tier.id);
}

/** Whether a candidate counts against this tier's quota and caps. */
export function countsAgainstQuota(tier: Tier, reAward: boolean): boolean {
  return !(reAward && tier.reAward?.outsideQuota === true);
}

/** Why a candidate may not receive this tier at all (regardless of room), or [] when it may. */
function barriers(c: AllocationCandidate, tier: Tier): string[] {
  const out: string[] = [];
  if (!c.eligible) out.push('不符合申报条件');
  if (c.disqualified) out.push('已被取消本届评选资格');
  if (c.qualifiedTiers && !c.qualifiedTiers.includes(tier.id)) out.push(`未达到${tier.name}的奖励条件`);
  if (isReAward(c, tier) && !tier.repeatAllowed.value) out.push(`已获${tier.name}，不再重复授予（${tier.repeatAllowed.article}）`);
  return out;
}

/** Ranked list in, tiers out. The input order is the ranking (best first). */
export function allocateTiers(policy: Policy, ranked: readonly AllocationCandidate[]): AllocationResult {
  const placed = new Set<string>();
  const reasons = new Map<string, string[]>();
  const note = (id: string, r: string) => reasons.set(id, [...(reasons.get(id) ?? []), r]);

  const tiers = policy.tiers.map((tier): TierAllocation => {
    const awarded: AwardedPlace[] = [];
    let withinQuota = 0;
    const capUse = new Map<string, number>();
    for (const c of ranked) {
      if (placed.has(c.id)) continue;
      const blocked = barriers(c, tier);
      if (blocked.length > 0) {
        blocked.forEach((r) => note(c.id, `${tier.name}：${r}`));
        continue;
      }
      const reAward = isReAward(c, tier);
      if (!countsAgainstQuota(tier, reAward)) {
        awarded.push({ candidateId: c.id, category: c.category, reAward, outsideQuota: true });
        placed.add(c.id);
        continue;
      }
      if (withinQuota >= tier.quota.max) {
        note(c.id, `${tier.name}：名额已满（${tier.quota.max}个，${tier.quota.article}）`);
        continue;
      }
      const full = capsFor(tier, c.category).find((cap) => (capUse.get(cap.id) ?? 0) >= cap.max);
      if (full) {
        note(c.id, `${tier.name}：${full.label}名额已满（${full.max}个，${full.article}）`);
        continue;
      }
      capsFor(tier, c.category).forEach((cap) => capUse.set(cap.id, (capUse.get(cap.id) ?? 0) + 1));
      withinQuota += 1;
      awarded.push({ candidateId: c.id, category: c.category, reAward, outsideQuota: false });
      placed.add(c.id);
    }
    return { tierId: tier.id, awarded, withinQuota, vacancies: tier.quota.max - withinQuota };
  });

  const unplaced = ranked
    .filter((c) => !placed.has(c.id))
    .map((c) => ({ candidateId: c.id, reasons: reasons.get(c.id) ?? [] }));
  return { tiers, unplaced };
}

// ---------------------------------------------------------------------------------------------
// Proposal validation (deliberation step)
// ---------------------------------------------------------------------------------------------

/** The articles that state the application conditions, e.g. 第三条、第十三条. */
export function eligibilityArticles(policy: Policy): string {
  const seen: string[] = [];
  for (const c of policy.eligibility.criteria) {
    const base = /^第[^条]+条/.exec(c.article)?.[0] ?? c.article;
    if (!seen.includes(base)) seen.push(base);
  }
  return seen.join('、');
}

function disqualificationArticle(policy: Policy): string | null {
  return policy.revocation.causes.find((c) => c.consequences.disqualifyCurrentCycle)?.article ?? null;
}

export type ProposalViolationCode =
  | 'unknown-tier'
  | 'unknown-candidate'
  | 'duplicate'
  | 'over-quota'
  | 'over-category-cap'
  | 'ineligible'
  | 'disqualified'
  | 'not-qualified'
  | 'repeat-not-allowed';

export interface ProposalViolation {
  code: ProposalViolationCode;
  tierId: string;
  candidateIds: string[];
  article: string | null;
  message: string;
}

/** A committee's chosen winners: tier id → candidate ids. */
export type Proposal = Readonly<Record<string, readonly string[]>>;

export function validateProposal(
  policy: Policy,
  candidates: readonly AllocationCandidate[],
  proposal: Proposal,
): ProposalViolation[] {
  const violations: ProposalViolation[] = [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const seen = new Map<string, string>();

  for (const [tierId, ids] of Object.entries(proposal)) {
    const tier = policy.tiers.find((t) => t.id === tierId);
    if (!tier) {
      violations.push({ code: 'unknown-tier', tierId, candidateIds: [...ids], article: null, message: `本政策没有奖项“${tierId}”` });
      continue;
    }
    const counted: AllocationCandidate[] = [];
    for (const id of ids) {
      const c = byId.get(id);
      if (!c) {
        violations.push({ code: 'unknown-candidate', tierId, candidateIds: [id], article: null, message: `${id}不在本届候选名单中` });
        continue;
      }
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        violations.push({ code: 'duplicate', tierId, candidateIds: [id], article: null, message: `${id}已列入${earlier}，同一届只能获得一个奖项` });
        continue;
      }
      seen.set(id, tierId);
      if (!c.eligible) {
        violations.push({ code: 'ineligible', tierId, candidateIds: [id], article: eligibilityArticles(policy), message: `${id}不符合申报条件，不能授予${tier.name}` });
      }
      if (c.disqualified) {
        violations.push({ code: 'disqualified', tierId, candidateIds: [id], article: disqualificationArticle(policy), message: `${id}已被取消本届评选资格，不能授予${tier.name}` });
      }
      if (c.qualifiedTiers && !c.qualifiedTiers.includes(tier.id)) {
        violations.push({ code: 'not-qualified', tierId, candidateIds: [id], article: tier.vacanciesAllowed.article, message: `${id}未达到${tier.name}的奖励条件，名额应空缺` });
      }
      const reAward = isReAward(c, tier);
      if (reAward && !tier.repeatAllowed.value) {
        violations.push({ code: 'repeat-not-allowed', tierId, candidateIds: [id], article: tier.repeatAllowed.article, message: `${id}已获${tier.name}，不再重复授予` });
      }
      if (countsAgainstQuota(tier, reAward)) counted.push(c);
    }
    if (counted.length > tier.quota.max) {
      violations.push({
        code: 'over-quota',
        tierId,
        candidateIds: counted.map((c) => c.id),
        article: tier.quota.article,
        message: `${tier.name}拟授${counted.length}个，超过每届${tier.quota.max}个的名额`,
      });
    }
    for (const cap of tier.categoryCaps) {
      const inCap = counted.filter((c) => cap.categories.includes(c.category));
      if (inCap.length > cap.max) {
        violations.push({
          code: 'over-category-cap',
          tierId,
          candidateIds: inCap.map((c) => c.id),
          article: cap.article,
          message: `${tier.name}中${cap.label}拟授${inCap.length}个，超过${cap.max}个（${[...new Set(inCap.map((c) => INDUSTRY_LABELS[c.category]))].join('、')}）`,
        });
      }
    }
  }
  return violations;
}
