/** Input, context and events of one award cycle (届). */
import type { Actor } from '../../runtime/types';
import type { Duration, IndustryCategory } from '../../policy/index.js';
import type { ApplicationReport, ApplicationStatus } from '../application/types';
import type { CycleStage } from './ids';

export interface CycleInput {
  policyKey: string;
  year: number;
  title?: string;
  /** End of the application window, epoch ms. */
  applicationDeadline: number;
  /** Where objections go (address, telephone), printed in the proposed-winners notice. */
  objectionContact?: string;
}

/** The cycle's view of one application, kept current by the application's reports. */
export interface CycleApplication extends ApplicationReport {
  priorTiers?: string[];
  registeredAt: number;
  updatedAt: number;
}

export interface RankedCandidate {
  orgId: string;
  rank: number;
  totalScore: number;
}

export type ObjectionStatus = 'pendingAcceptance' | 'underInvestigation' | 'refused' | 'upheld' | 'dismissed' | 'withdrawn';
export const DECIDED_OBJECTION_STATUSES: readonly ObjectionStatus[] = ['refused', 'upheld', 'dismissed', 'withdrawn'];
export type EvidenceParty = 'objector' | 'candidate';

export interface Objection {
  id: string;
  against: string;
  /** The tier the candidate was proposed for when the objection was filed. */
  tierId: string;
  realName?: string;
  contact?: string;
  facts: string;
  evidence?: string;
  filedAt: number;
  status: ObjectionStatus;
  acceptance?: { accepted: boolean; reason?: string; at: number; by?: Actor };
  acceptanceDueAt?: number;
  acceptanceReminded?: boolean;
  acceptanceOverdue?: boolean;
  evidenceDueAt?: number;
  evidenceSubmitted: Partial<Record<EvidenceParty, number>>;
  decision?: {
    upheld: boolean;
    reason: string;
    at: number;
    /** `default`: decided by the policy's rule for a missed evidence deadline. */
    by: 'decision' | 'default';
    article?: string;
    actor?: Actor;
  };
}

export interface Removal {
  orgId: string;
  tierId: string;
  reason: string;
  objectionId?: string;
  at: number;
}

export type Proposal = Record<string, string[]>;

export interface CycleContext extends CycleInput {
  applications: Record<string, CycleApplication>;
  /** Computed deadlines by key (epoch ms), as returned by `computeDeadline`. */
  deadlines: Record<string, number>;
  announcedAt?: number;
  applicationsClosedAt?: number;
  /** When each timed stage started, by deadline key, for notices. */
  startedAt: Record<string, number>;
  ranking: RankedCandidate[];
  proposal?: Proposal;
  proposedAt?: number;
  /** Candidates taken off the proposal (upheld objection, withdrawal, disqualification). */
  removed: Removal[];
  objections: Record<string, Objection>;
  winners?: Proposal;
  approval?: { at: number; decisionRef?: string; by?: Actor };
  closedAt?: number;
}

export type CycleEvent =
  | { type: 'ANNOUNCE' }
  | { type: 'APPLICATION_REGISTERED'; orgId: string; category: IndustryCategory; organisationName: string; priorTiers?: string[] }
  | { type: 'CLOSE_APPLICATIONS' }
  | { type: 'ADVANCE_STAGE' }
  | { type: 'PROPOSE_WINNERS'; proposal: Proposal }
  | { type: 'FILE_OBJECTION'; objectionId: string; against: string; realName?: string; contact?: string; facts: string; evidence?: string }
  /** `evidenceWithin`: the evidence deadline the office sets when the policy leaves it open. */
  | { type: 'ACCEPT_OBJECTION'; objectionId: string; reason?: string; evidenceWithin?: Duration }
  | { type: 'REFUSE_OBJECTION'; objectionId: string; reason: string }
  | { type: 'SUBMIT_EVIDENCE'; objectionId: string; party: EvidenceParty; note?: string }
  | { type: 'DECIDE_OBJECTION'; objectionId: string; upheld: boolean; reason: string }
  | { type: 'APPROVE'; decisionRef?: string }
  | { type: 'CLOSE' }
  // From activities:
  | ({ type: 'APPLICATION_REPORTED'; orgId: string; status: ApplicationStatus } & Partial<
      Pick<CycleApplication, 'eligible' | 'failures' | 'materialScore' | 'onSiteScore' | 'totalScore' | 'outcome' | 'tierId' | 'reasons'>
    > & { cycleWorkflowId?: string; category?: IndustryCategory; organisationName?: string })
  | { type: 'DEADLINE_COMPUTED'; key: string; endsAt: number }
  // From the cycle's own timers:
  | { type: 'OBJECTION_ACCEPTANCE_REMINDER'; objectionId: string }
  | { type: 'OBJECTION_ACCEPTANCE_DUE'; objectionId: string }
  | { type: 'OBJECTION_EVIDENCE_DUE'; objectionId: string };

export type CycleEventType = CycleEvent['type'];

/** Events that only activities and timers send; the API should not accept them from users. */
export const CYCLE_SYSTEM_EVENTS: readonly CycleEventType[] = [
  'APPLICATION_REPORTED',
  'DEADLINE_COMPUTED',
  'OBJECTION_ACCEPTANCE_REMINDER',
  'OBJECTION_ACCEPTANCE_DUE',
  'OBJECTION_EVIDENCE_DUE',
];

export type StampedCycleEvent = CycleEvent & { at: number; actor?: Actor };

export type NoticeKind = 'announcement' | 'acceptanceList' | 'proposedWinners' | 'objectionResult' | 'results';

export interface PublishNoticeParams {
  kind: NoticeKind;
  title: string;
  body: string;
  cycleWorkflowId: string;
  /** The policy key and the cycle's year, as the notices are listed by. */
  jurisdiction: string;
  cycle: string;
}

export interface ComputeDeadlineParams {
  key: string;
  start: number;
  duration: Duration;
}

export interface BroadcastParams {
  cycleWorkflowId: string;
  event: { type: string; [field: string]: unknown };
  orgIds: string[];
  /** The receivers' workflow ids, so the activity needs no knowledge of id formats. */
  applicationWorkflowIds: string[];
}

export interface SendReminderParams {
  to: 'office';
  subject: string;
  body: string;
  dueAt: number;
}

/** Deadline keys the cycle uses with `computeDeadline`. */
export const DEADLINE_KEYS = {
  acceptancePublicity: 'acceptancePublicity',
  publicity: 'publicity',
  objectionAcceptance: (objectionId: string) => `objection-acceptance:${objectionId}`,
  objectionEvidence: (objectionId: string) => `objection-evidence:${objectionId}`,
} as const;

export type { CycleStage };
