/**
 * An organisation's standing under one jurisdiction's award (`standing/<policyKey>/<orgId>`): its
 * awards and nominations across cycles, the prize ledger, sanctions and bans, the validity of what
 * it holds, and the duties that come with an award, each with its due date and reminders. One
 * long-lived workflow per organisation; everything here stays small whatever the number of years
 * (a few entries per cycle), so the runtime's continue-as-new carries it whole.
 */
import type { Actor } from '../../runtime/types';
import type { ExternalAward, IsoDate } from '../../policy/index.js';

export function standingWorkflowId(policyKey: string, orgId: string): string {
  return `standing/${policyKey}/${orgId}`;
}

/** The inverse of `standingWorkflowId`; undefined for any other id. */
export function parseStandingWorkflowId(id: string): { policyKey: string; orgId: string } | undefined {
  const match = /^standing\/([^/]+)\/([^/]+)$/.exec(id);
  return match ? { policyKey: match[1]!, orgId: match[2]! } : undefined;
}

export interface StandingInput {
  policyKey: string;
  orgId: string;
  organisationName: string;
  /** Addresses the organisation's reminders go to (from its application; it may update them). */
  contacts?: string[];
}

export interface StandingAward {
  /** The cycle (届) year. */
  cycle: number;
  tierId: string;
  /** The day of the government's approval (China date) and its instant. */
  awardedOn: IsoDate;
  awardedAt: number;
  decisionRef?: string;
  /** Last day of validity, or null when the policy sets none. */
  validThrough: IsoDate | null;
  /** Set once validity has ended (the timer fired), so readers and notices need not compute it. */
  expired?: boolean;
  revokedOn?: IsoDate;
  revokedBy?: string;
}

export type LedgerKind = 'prize' | 're-award' | 'top-up' | 'bonus' | 'recovery';

export interface LedgerEntry {
  id: string;
  kind: LedgerKind;
  /** Positive for money owed to the organisation, negative for money it must return. */
  amountCny: number;
  on: IsoDate;
  article: string;
  description: string;
  cycle?: number;
}

export type DutyKind = 'annual-report' | 're-evaluation' | 'summary-in-award-year' | 'exchange-events' | 'share-experience';

export type DutyStatus = 'open' | 'submitted' | 'done' | 'waived' | 'cancelled';

export interface Duty {
  /** Stable and readable, e.g. `2026/annual-report/1`: the API names duties by it. */
  id: string;
  kind: DutyKind;
  cycle: number;
  /** The tier of the award the duty comes with. */
  tierId?: string;
  article: string;
  description: string;
  /** The last day (China time) and the instant it ends; absent for a duty without a due date. */
  dueOn?: IsoDate;
  dueAt?: number;
  status: DutyStatus;
  overdue?: boolean;
  /** Which reminders went out (days before), and how many weekly overdue reminders. */
  remindedDaysBefore: number[];
  overdueReminders: number;
  submission?: { at: number; by?: Actor; fileRef?: string; text?: string };
  waiver?: { at: number; by?: Actor; reason: string };
  done?: { at: number; by?: Actor; note?: string };
}

export interface Sanction {
  id: string;
  causeId: string;
  /** The award concerned (for causes after the award). */
  cycle?: number;
  tierId?: string;
  occurredOn: IsoDate;
  decidedOn: IsoDate;
  serious: boolean;
  reason: string;
  /** Whether the policy's window covered it; an out-of-window cause is recorded and changes nothing. */
  applicable: boolean;
  article: string;
  summary: string[];
  /** A ban that runs until a date, or bars cycles. */
  ban?: { kind: 'until'; mayApplyFrom: IsoDate; scope: string[] } | { kind: 'cycles'; barredCycles: number[]; mayApplyFromCycle: number; scope: string[] };
  banEnded?: boolean;
  recordedAt: number;
  by?: Actor;
}

export interface StandingContext extends StandingInput {
  contacts: string[];
  awards: StandingAward[];
  ledger: LedgerEntry[];
  duties: Duty[];
  sanctions: Sanction[];
}

/** Events staff, the organisation and the award workflows send to a standing. */
export type StandingEvent =
  /** From an application that was awarded (or nominated): idempotent by cycle and tier. */
  | { type: 'AWARD_RECORDED'; cycle: number; tierId: string; awardedAt: number; decisionRef?: string; organisationName?: string; contacts?: string[] }
  | { type: 'CONTACTS_UPDATED'; contacts: string[] }
  | { type: 'SUBMIT_REPORT'; dutyId: string; fileRef?: string; text?: string }
  | { type: 'WAIVE_DUTY'; dutyId: string; reason: string }
  | { type: 'RECORD_DUTY_DONE'; dutyId: string; note?: string }
  | { type: 'RECORD_SANCTION'; sanctionId: string; causeId: string; cycle?: number; occurredOn: IsoDate; decidedOn: IsoDate; serious?: boolean; reason: string }
  | { type: 'RECORD_BONUS'; bonusId: string; award: ExternalAward; on: IsoDate }
  // The standing's own timers:
  | { type: 'DUTY_REMINDER_DUE'; dutyId: string; daysBefore: number }
  | { type: 'DUTY_DUE'; dutyId: string }
  | { type: 'DUTY_OVERDUE_WEEKLY'; dutyId: string; week: number }
  | { type: 'VALIDITY_ENDED'; cycle: number; tierId: string }
  | { type: 'BAN_ENDED'; sanctionId: string };

export type StandingEventType = StandingEvent['type'];

/** A reminder mail (the `sendReminder` activity): `to` is a contact's address, or `office`. */
export interface StandingReminderParams {
  to: string;
  subject: string;
  body: string;
  /** The instant the duty's last day ends. */
  dueAt: number;
}

/**
 * A public notice about one organisation's award (有效期届满, 撤销): rendered here, published by the
 * `publishStandingNotice` activity (to be written with the workflow) under `noticeId`.
 */
export interface PublishStandingNoticeParams {
  kind: 'validityEnded' | 'revoked';
  noticeId: string;
  policyKey: string;
  orgId: string;
  organisationName: string;
  cycle: number;
  tierId: string;
  /** The day it took effect: the last day of validity, or the day the revocation was decided. */
  on: IsoDate;
  title: string;
  body: string;
  article: string;
}

/** Events only the award workflows and the standing's timers send. */
export const STANDING_SYSTEM_EVENTS: readonly StandingEventType[] = ['AWARD_RECORDED', 'DUTY_REMINDER_DUE', 'DUTY_DUE', 'DUTY_OVERDUE_WEEKLY', 'VALIDITY_ENDED', 'BAN_ENDED'];

/**
 * What an awarded application asks for (the `recordStanding` activity): its organisation's standing
 * is started if need be and told of the award, once, however often the activity runs.
 */
export interface RecordStandingParams {
  policyKey: string;
  orgId: string;
  organisationName: string;
  contacts: string[];
  cycle: number;
  tierId: string;
  awardedAt: number;
  decisionRef?: string;
}

export type StampedStandingEvent = StandingEvent & { at: number; actor?: Actor };
