/** Awards, their prizes and validity, and bonuses for later external awards: what the ledger is credited with. */
import { chinaDateOf, chinaEndOfDay, prizeForOutcome, reviewStep, validityPeriod } from '../../policy/index.js';
import { collect } from './collect';
import { scheduleDuty } from './duties';
import { validityEndedNotice } from './letters';
import { acceptedContacts, bonusEntryId, bonusLinesFor, dutiesForAward, findAward, hasBonus, policyOf, priorTiers, timerIds, type E } from './rules';
import type { LedgerEntry, StandingAward } from './types';

/** Idempotent by cycle and tier: the cycle's approval may tell a standing more than once. */
export const recordAward = collect(({ context, event, enqueue }) => {
  const e = event as E<'AWARD_RECORDED'>;
  if (findAward(context, e.cycle, e.tierId)) return;
  const policy = policyOf(context);
  const awardedOn = chinaDateOf(e.awardedAt);
  const award: StandingAward = {
    cycle: e.cycle,
    tierId: e.tierId,
    awardedOn,
    awardedAt: e.awardedAt,
    ...(e.decisionRef ? { decisionRef: e.decisionRef } : {}),
    validThrough: validityPeriod(policy, awardedOn)?.through ?? null,
  };
  const prize = prizeForOutcome(policy, { tierId: e.tierId, priorTiers: priorTiers(context, e.cycle) });
  const entries: LedgerEntry[] = prize.lines.map((line) => ({
    id: `${e.cycle}/${e.tierId}/${line.kind}`,
    kind: line.kind,
    amountCny: line.amountCny,
    on: awardedOn,
    article: line.article,
    description: line.description,
    cycle: e.cycle,
  }));
  const duties = dutiesForAward(policy, award);
  const contacts = acceptedContacts(e.contacts);
  enqueue.assign({
    awards: [...context.awards, award].sort((a, b) => a.cycle - b.cycle),
    ledger: [...context.ledger, ...entries],
    duties: [...context.duties, ...duties],
    ...(e.organisationName ? { organisationName: e.organisationName } : {}),
    ...(contacts ? { contacts } : {}),
  });
  for (const duty of duties) scheduleDuty(enqueue, policy, duty, e.at);
  if (award.validThrough !== null) {
    enqueue.raise({ type: 'VALIDITY_ENDED', cycle: e.cycle, tierId: e.tierId } as never, {
      id: timerIds.validity(e.cycle, e.tierId),
      delay: Math.max(0, chinaEndOfDay(award.validThrough) - e.at),
    });
  }
});

/** The day after the last day of validity: the award is no longer valid, publicly where results are published. */
export const validityEnded = collect(({ context, event, enqueue }) => {
  const e = event as E<'VALIDITY_ENDED'>;
  const award = findAward(context, e.cycle, e.tierId);
  if (!award || award.expired || award.revokedOn !== undefined || award.validThrough === null) return;
  const policy = policyOf(context);
  enqueue.assign({ awards: context.awards.map((a) => (a === award ? { ...a, expired: true } : a)) });
  // The list of valid awards is public where the results are (the approval step's notice), so its change is too.
  if (reviewStep(policy, 'approval')?.publicNotice) {
    enqueue({ type: 'publishStandingNotice', params: validityEndedNotice(context, policy, { ...award, validThrough: award.validThrough }) });
  }
});

/** Idempotent by bonus id. */
export const recordBonus = collect(({ context, event, enqueue }) => {
  const e = event as E<'RECORD_BONUS'>;
  if (hasBonus(context, e.bonusId)) return;
  const entries: LedgerEntry[] = bonusLinesFor(context, e).map((line, i) => ({
    id: bonusEntryId(e.bonusId, i),
    kind: 'bonus',
    amountCny: line.amountCny,
    on: e.on,
    article: line.article,
    description: line.description,
    cycle: line.cycle,
  }));
  enqueue.assign({ ledger: [...context.ledger, ...entries] });
});
