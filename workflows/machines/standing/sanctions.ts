/**
 * Sanctions: the policy decides whether a cause falls in its window and what follows. One that does
 * not is recorded and changes nothing else; one that does revokes the award, recovers what was paid,
 * stops the award's duties and reminders, and sets the ban.
 */
import { chinaStartOfDay, findCause, revocationConsequences } from '../../policy/index.js';
import { collect } from './collect';
import { cancelDutyTimers, replaceDuties } from './duties';
import { revocationNotice } from './letters';
import { findAward, paidFor, policyOf, timerIds, type E } from './rules';
import type { Duty, LedgerEntry, Sanction } from './types';

/** Idempotent by sanction id. */
export const recordSanction = collect(({ context, event, enqueue }) => {
  const e = event as E<'RECORD_SANCTION'>;
  if (context.sanctions.some((s) => s.id === e.sanctionId)) return;
  const policy = policyOf(context);
  const cause = findCause(policy, e.causeId);
  const award = cause.stage === 'after-award' && e.cycle !== undefined ? findAward(context, e.cycle) : undefined;
  const serious = e.serious ?? false;
  const consequences = revocationConsequences(policy, {
    causeId: e.causeId,
    ...(award ? { tierId: award.tierId, awardedOn: award.awardedOn } : {}),
    occurredOn: e.occurredOn,
    decidedOn: e.decidedOn,
    serious,
    paidCny: award ? paidFor(context, award.cycle) : 0,
  });
  const base = {
    id: e.sanctionId,
    causeId: e.causeId,
    ...(e.cycle !== undefined ? { cycle: e.cycle } : {}),
    ...(award ? { tierId: award.tierId } : {}),
    occurredOn: e.occurredOn,
    decidedOn: e.decidedOn,
    serious,
    reason: e.reason,
    article: consequences.article,
    recordedAt: e.at,
    ...(e.actor ? { by: e.actor } : {}),
  };
  if (!consequences.applicable) {
    enqueue.assign({ sanctions: [...context.sanctions, { ...base, applicable: false, summary: consequences.reasons }] });
    return;
  }

  const ban = consequences.ban;
  const sanction: Sanction = {
    ...base,
    applicable: true,
    summary: consequences.summary,
    ...(ban.kind === 'until' ? { ban: { kind: 'until', mayApplyFrom: ban.mayApplyFrom, scope: ban.scope } } : {}),
    ...(ban.kind === 'cycles' ? { ban: { kind: 'cycles', barredCycles: ban.barredCycles, mayApplyFromCycle: ban.mayApplyFromCycle, scope: ban.scope } } : {}),
  };
  const revoked = consequences.revoke && award !== undefined;
  const cancelled: Duty[] = revoked ? context.duties.filter((d) => d.cycle === award.cycle && d.status === 'open').map((d) => ({ ...d, status: 'cancelled' })) : [];
  const recovery: LedgerEntry[] =
    consequences.recovery.amountCny > 0
      ? [
          {
            id: `sanction/${e.sanctionId}/recovery`,
            kind: 'recovery',
            amountCny: -consequences.recovery.amountCny,
            on: e.decidedOn,
            article: consequences.article,
            description: `${cause.name}，追缴奖金${consequences.recovery.amountCny}元${consequences.recovery.items.length > 0 ? `，收回${consequences.recovery.items.join('、')}` : ''}`,
            ...(award ? { cycle: award.cycle } : {}),
          },
        ]
      : [];

  enqueue.assign({
    sanctions: [...context.sanctions, sanction],
    ledger: [...context.ledger, ...recovery],
    duties: replaceDuties(context, cancelled),
    ...(revoked ? { awards: context.awards.map((a) => (a === award ? { ...a, revokedOn: e.decidedOn, revokedBy: e.sanctionId } : a)) } : {}),
  });
  for (const duty of cancelled) cancelDutyTimers(enqueue, policy, duty);
  if (revoked) {
    enqueue.cancel(timerIds.validity(award.cycle, award.tierId));
    if (consequences.publicNotice) enqueue({ type: 'publishStandingNotice', params: revocationNotice(context, policy, award, sanction) });
  }
  if (ban.kind === 'until') {
    enqueue.raise({ type: 'BAN_ENDED', sanctionId: e.sanctionId } as never, { id: timerIds.ban(e.sanctionId), delay: Math.max(0, chinaStartOfDay(ban.mayApplyFrom) - e.at) });
  }
});

export const banEnded = collect(({ context, event, enqueue }) => {
  const e = event as E<'BAN_ENDED'>;
  const sanction = context.sanctions.find((s) => s.id === e.sanctionId);
  if (!sanction || sanction.banEnded || sanction.ban?.kind !== 'until') return;
  enqueue.assign({ sanctions: context.sanctions.map((s) => (s === sanction ? { ...s, banEnded: true } : s)) });
});
