/** Helpers over the ordered review steps of a policy. */
import type { Policy, ReviewStep, ReviewStepKind } from './schema.js';

export function reviewStep(policy: Policy, kind: ReviewStepKind): ReviewStep | undefined {
  return policy.reviewSteps.find((s) => s.kind === kind);
}

export function reviewStepKinds(policy: Policy): ReviewStepKind[] {
  return policy.reviewSteps.map((s) => s.kind);
}

/** The award publicity period (拟奖公示). Every validated policy has one. */
export function publicityPeriod(policy: Policy) {
  const step = reviewStep(policy, 'publicity');
  if (!step?.period) throw new Error(`政策 ${policy.key} 缺少拟奖公示期限`);
  return step.period;
}
