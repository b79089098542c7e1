/** The committee's vote on a proposal (瀍河第十八条 审议表决): the count and whether it carries. */
import { VOTE_THRESHOLD_LABELS } from './labels.js';
import type { Policy, VoteThreshold } from './schema.js';
import { reviewStep } from './steps.js';

export interface VoteCount {
  membersPresent: number;
  for: number;
  against: number;
  abstaining: number;
}

/** The policy's vote rule for the deliberation, or undefined when the proposal needs no vote. */
export function voteRule(policy: Policy) {
  return reviewStep(policy, 'deliberation')?.vote;
}

export function voteCarries(threshold: VoteThreshold, vote: VoteCount): boolean {
  return threshold === 'two-thirds-of-present' ? vote.for * 3 >= vote.membersPresent * 2 : vote.for * 2 > vote.membersPresent;
}

const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Why the vote does not allow the proposal (Chinese), or undefined. */
export function whyVoteFails(policy: Policy, vote: VoteCount | undefined): { code: string; message: string } | undefined {
  const rule = voteRule(policy);
  if (!rule) return undefined;
  if (!vote || typeof vote !== 'object') {
    return { code: 'VOTE_REQUIRED', message: `拟奖名单须经评委会审议表决，请附表决记录（vote：出席人数、赞成、反对、弃权）（${rule.article}）` };
  }
  const { membersPresent, for: inFavour, against, abstaining } = vote;
  if (![membersPresent, inFavour, against, abstaining].every(count) || membersPresent < 1) {
    return { code: 'VOTE_INVALID', message: '表决记录的人数须为非负整数，出席人数至少为1' };
  }
  if (inFavour + against + abstaining !== membersPresent) {
    return { code: 'VOTE_INVALID', message: `赞成${inFavour}、反对${against}、弃权${abstaining}之和应等于出席人数${membersPresent}` };
  }
  if (!voteCarries(rule.threshold, vote)) {
    return {
      code: 'VOTE_NOT_CARRIED',
      message: `表决未通过：出席${membersPresent}人，赞成${inFavour}人，未达到${VOTE_THRESHOLD_LABELS[rule.threshold]}的要求（${rule.article}${
        rule.setBy === 'office' ? '；原文未规定通过比例，此比例由办公室设定' : ''
      }）`,
    };
  }
  return undefined;
}
