/**
 * An organisation's standing under one jurisdiction's award, across cycles: awards and nominations,
 * the prize ledger, duties with their reminders, validity, sanctions and bans. One state: nothing
 * here moves through stages; what changes is the record, and the timers it keeps.
 */
import { assign, setup, type AnyMachineSnapshot } from 'xstate';
import { effect } from '../../runtime/effect';
import type { DurableMachine, Refusal } from '../../runtime/interpreter';
import type { MachineEvent } from '../../runtime/types';
import type { Role } from '../cycle/ids';
import { recordAward, recordBonus, validityEnded } from './awards';
import { closeDuty, dutyDue, dutyOverdueWeekly, dutyReminder } from './duties';
import { reminderRule } from './letters';
import {
  ledgerBalance,
  policyOf,
  uniqueContacts,
  whyNotRecordAward,
  whyNotRecordBonus,
  whyNotRecordDone,
  whyNotRecordSanction,
  whyNotSubmitReport,
  whyNotUpdateContacts,
  whyNotWaive,
  type E,
} from './rules';
import { banEnded, recordSanction } from './sanctions';
import type { PublishStandingNoticeParams, StampedStandingEvent, StandingContext, StandingEventType, StandingInput, StandingReminderParams } from './types';

/**
 * Who may send what. The API checks on top that an applicant acts for its own organisation. Every
 * event not listed (AWARD_RECORDED and the timers) is the system's.
 */
const ROLES = {
  SUBMIT_REPORT: ['applicant'],
  CONTACTS_UPDATED: ['applicant', 'office'],
  WAIVE_DUTY: ['office'],
  RECORD_DUTY_DONE: ['office'],
  RECORD_SANCTION: ['office'],
  RECORD_BONUS: ['office'],
} satisfies Partial<Record<StandingEventType, Role[]>>;

function stageMeta(label: string, actor: Role | null, roles: Partial<Record<StandingEventType, Role[]>> = {}) {
  return { label, ...(actor ? { actor } : {}), roles };
}

export const standingMachine = setup({
  types: {
    context: {} as StandingContext,
    input: {} as StandingInput,
    events: {} as StampedStandingEvent,
  },
  actions: {
    sendReminder: effect<StandingReminderParams>(),
    publishStandingNotice: effect<PublishStandingNoticeParams>(),
    recordAward,
    validityEnded,
    recordBonus,
    recordSanction,
    banEnded,
    dutyReminder,
    dutyDue,
    dutyOverdueWeekly,
    closeDuty,
    updateContacts: assign({ contacts: ({ event }) => uniqueContacts((event as E<'CONTACTS_UPDATED'>).contacts) }),
  },
  guards: {
    canRecordAward: ({ context, event }) => !whyNotRecordAward(context, event as E<'AWARD_RECORDED'>),
    canUpdateContacts: ({ event }) => !whyNotUpdateContacts(event as E<'CONTACTS_UPDATED'>),
    canSubmitReport: ({ context, event }) => !whyNotSubmitReport(context, event as E<'SUBMIT_REPORT'>),
    canWaive: ({ context, event }) => !whyNotWaive(context, event as E<'WAIVE_DUTY'>),
    canRecordDone: ({ context, event }) => !whyNotRecordDone(context, event as E<'RECORD_DUTY_DONE'>),
    canRecordSanction: ({ context, event }) => !whyNotRecordSanction(context, event as E<'RECORD_SANCTION'>),
    canRecordBonus: ({ context, event }) => !whyNotRecordBonus(context, event as E<'RECORD_BONUS'>),
  },
}).createMachine({
  id: 'standing',
  context: ({ input }) => ({
    ...input,
    contacts: uniqueContacts(input.contacts ?? []),
    awards: [],
    ledger: [],
    duties: [],
    sanctions: [],
  }),
  initial: 'standing',
  states: {
    standing: {
      meta: stageMeta('获奖组织档案', null, ROLES),
      on: {
        AWARD_RECORDED: { guard: 'canRecordAward', actions: 'recordAward' },
        CONTACTS_UPDATED: { guard: 'canUpdateContacts', actions: 'updateContacts' },
        SUBMIT_REPORT: { guard: 'canSubmitReport', actions: 'closeDuty' },
        WAIVE_DUTY: { guard: 'canWaive', actions: 'closeDuty' },
        RECORD_DUTY_DONE: { guard: 'canRecordDone', actions: 'closeDuty' },
        RECORD_SANCTION: { guard: 'canRecordSanction', actions: 'recordSanction' },
        RECORD_BONUS: { guard: 'canRecordBonus', actions: 'recordBonus' },
        DUTY_REMINDER_DUE: { actions: 'dutyReminder' },
        DUTY_DUE: { actions: 'dutyDue' },
        DUTY_OVERDUE_WEEKLY: { actions: 'dutyOverdueWeekly' },
        VALIDITY_ENDED: { actions: 'validityEnded' },
        BAN_ENDED: { actions: 'banEnded' },
      },
    },
  },
});

/** Explains why an event is refused, with a stable code and a Chinese message. */
export function refuseStanding(snapshot: AnyMachineSnapshot, event: MachineEvent): Refusal | undefined {
  const context = snapshot.context as StandingContext;
  const e = event as StampedStandingEvent;
  switch (e.type) {
    case 'AWARD_RECORDED':
      return whyNotRecordAward(context, e);
    case 'CONTACTS_UPDATED':
      return whyNotUpdateContacts(e);
    case 'SUBMIT_REPORT':
      return whyNotSubmitReport(context, e);
    case 'WAIVE_DUTY':
      return whyNotWaive(context, e);
    case 'RECORD_DUTY_DONE':
      return whyNotRecordDone(context, e);
    case 'RECORD_SANCTION':
      return whyNotRecordSanction(context, e);
    case 'RECORD_BONUS':
      return whyNotRecordBonus(context, e);
    default:
      return undefined;
  }
}

/**
 * The context as readers see it (a few entries per cycle: it stays small), with the ledger's
 * balance and how the office set reminders, so the organisation's page can say when it will be
 * reminded.
 */
export function presentStanding(context: StandingContext): StandingContext & { balanceCny: number; reminderRule: string } {
  return { ...context, balanceCny: ledgerBalance(context), reminderRule: reminderRule(policyOf(context)) };
}

export const standing: DurableMachine<typeof standingMachine> = {
  name: 'standing',
  machine: standingMachine,
  refuse: refuseStanding,
  identify: (context: StandingContext) => ({ jurisdiction: context.policyKey, organisation: context.orgId }),
  present: presentStanding,
  // A standing lives for decades: a run a year keeps each history short and takes up new code.
  rollOverEveryMs: 365 * 24 * 3_600_000,
  viewInMemo: true,
};
