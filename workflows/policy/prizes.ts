/**
 * The prize owed for an outcome: the tier's prize for a first award, the re-award rule when the
 * organisation already holds the tier, a top-up when it holds a lower tier (本溪第二十五条), and
 * bonuses for later provincial or national awards. What a revocation recovers is in revocation.ts.
 */
import { EXTERNAL_AWARD_LABELS, formatCny } from './labels.js';
import type { ExternalAward, Policy, Tier } from './schema.js';

export interface PrizeLine {
  kind: 'prize' | 're-award' | 'top-up' | 'bonus';
  amountCny: number;
  article: string;
  description: string;
}

export interface PrizeOutcome {
  tierId: string;
  amountCny: number;
  honours: string[];
  reAward: boolean;
  countsAgainstQuota: boolean;
  lines: PrizeLine[];
}

export class UnknownTierError extends Error {
  override readonly name = 'UnknownTierError';
  constructor(
    readonly policyKey: string,
    readonly tierId: string,
  ) {
    super(`政策 ${policyKey} 没有奖项“${tierId}”（UNKNOWN_TIER）`);
  }
}

export function findTier(policy: Policy, tierId: string): Tier {
  const tier = policy.tiers.find((t) => t.id === tierId);
  if (!tier) throw new UnknownTierError(policy.key, tierId);
  return tier;
}

/**
 * What an organisation receives for being given `tierId` in a cycle, given the tiers it received in
 * earlier cycles (`priorTiers`, revoked awards excluded by the caller).
 */
export function prizeForOutcome(policy: Policy, input: { tierId: string; priorTiers: readonly string[] }): PrizeOutcome {
  const tier = findTier(policy, input.tierId);
  const reAward = input.priorTiers.includes(tier.id);

  if (reAward && tier.reAward) {
    return {
      tierId: tier.id,
      amountCny: tier.reAward.amountCny,
      honours: [...tier.reAward.honours],
      reAward: true,
      countsAgainstQuota: !tier.reAward.outsideQuota,
      lines: [
        {
          kind: 're-award',
          amountCny: tier.reAward.amountCny,
          article: tier.reAward.article,
          description: `再次获得${tier.name}：${tier.reAward.honours.join('、')}，${formatCny(tier.reAward.amountCny)}${tier.reAward.outsideQuota ? '，不占当年名额' : ''}`,
        },
      ],
    };
  }

  const topUp = policy.prizes.topUps.find((u) => u.toTier === tier.id && input.priorTiers.includes(u.fromTier));
  const line: PrizeLine = topUp
    ? {
        kind: 'top-up',
        amountCny: topUp.amountCny,
        article: topUp.article,
        description: `已获${findTier(policy, topUp.fromTier).name}，获得${tier.name}时补发差额${formatCny(topUp.amountCny)}`,
      }
    : {
        kind: 'prize',
        amountCny: tier.prize.amountCny,
        article: tier.prize.article,
        description: `${tier.name}：${tier.prize.honours.join('、')}，${formatCny(tier.prize.amountCny)}`,
      };
  return {
    tierId: tier.id,
    amountCny: line.amountCny,
    honours: [...tier.prize.honours],
    reAward,
    countsAgainstQuota: true,
    lines: [line],
  };
}

/**
 * The bonus owed when an organisation holding `heldTiers` (valid, not revoked) later wins an
 * external award (中国质量奖, its nomination, 省长质量奖).
 */
export function bonusForExternalAward(
  policy: Policy,
  input: { event: ExternalAward; heldTiers: readonly string[] },
): { amountCny: number; lines: PrizeLine[] } {
  const lines = policy.prizes.laterBonuses
    .filter((b) => b.event === input.event && input.heldTiers.includes(b.requiresTier))
    .map(
      (b): PrizeLine => ({
        kind: 'bonus',
        amountCny: b.amountCny,
        article: b.article,
        description: `已获${findTier(policy, b.requiresTier).name}，获得${EXTERNAL_AWARD_LABELS[b.event]}，追加${formatCny(b.amountCny)}`,
      }),
    );
  return { amountCny: lines.reduce((s, l) => s + l.amountCny, 0), lines };
}
