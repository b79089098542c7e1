/** Input, context and events of one award cycle (届). */
import type { Actor } from '../../runtime/types';
import type { Duration, IndustryCategory, ObjectorIdentity, VoteCount } from '../../policy/index.js';
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
  /** Set by the workflow when it starts (award-workflows.ts): the policies' articles are enforced. */
  enforcesArticles?: boolean;
}

/**
 * What the cycle itself keeps of one application: only what its own decisions read (which stage
 * waits for whom, the ranking, proposal checks). Names, failures, reasons and reviewers live in the
 * application workflow and in the applications table in PostgreSQL (`db/applications.ts`), so the
 * cycle's state costs a few dozen bytes per application, whatever the application holds.
 */
export interface CycleApplication {
  status: ApplicationStatus;
  category: IndustryCategory;
  priorTiers?: string[];
  onSiteScore?: number;
  totalScore?: number;
  /** The application's transition number of the latest report applied; older or repeated reports are dropped. */
  reportSeq?: number;
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
  /** Legacy form (name and contact); filings since the articles are enforced give `objector`. */
  realName?: string;
  contact?: string;
  /** Who lodged it (大庆第二十一条). Personal data: masked in views, never in notices or logs. */
  objector?: ObjectorIdentity;
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
  /** Letters to the parties (大庆第二十二条 receipt, 第二十四条 outcome), by kind, when they were asked for. */
  letters?: Partial<Record<ObjectionLetterKind, number>>;
  decision?: {
    upheld: boolean;
    reason: string;
    at: number;
    /** `default`: decided by the policy's rule for a missed evidence deadline. */
    by: 'decision' | 'default';
    article?: string;
    actor?: Actor;
    /** The deciding body the policy names (e.g. 联席会议). */
    body?: string;
    /** Who verified the facts: experts the office organised (大庆第二十三条) or the office itself. */
    verifiedBy?: 'experts' | 'office';
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

export type ObjectionLetterKind = 'receipt' | 'refusal' | 'outcomeToObjector' | 'outcomeToUnit';

/** The committee's recorded vote on the proposal (瀍河第十八条). */
export interface VoteRecord extends VoteCount {
  threshold: string;
  article: string;
  at: number;
}

/** A tier proposed over its quota, allowed because the quota is a limit in principle (大庆第五条). */
export interface QuotaException {
  reason: string;
  proposed: number;
  max: number;
  article: string;
}

export interface CycleContext extends CycleInput {
  /** By organisation id. */
  applications: Record<string, CycleApplication>;
  /** Computed deadlines by key (epoch ms), as returned by `computeDeadline`. */
  deadlines: Record<string, number>;
  announcedAt?: number;
  applicationsClosedAt?: number;
  /** When each timed stage started, by deadline key, for notices. */
  startedAt: Record<string, number>;
  /** Workflows started before the ranking became derived (`rank(context)`) kept it here. */
  ranking?: RankedCandidate[];
  proposal?: Proposal;
  proposedAt?: number;
  vote?: VoteRecord;
  /** By tier id. */
  quotaExceptions?: Record<string, QuotaException>;
  /** Candidates taken off the proposal (upheld objection, withdrawal, disqualification). */
  removed: Removal[];
  objections: Record<string, Objection>;
  winners?: Proposal;
  approval?: {
    at: number;
    decisionRef?: string;
    by?: Actor;
    /** Candidates objected to during publicity and confirmed (true) or not (false) by the approving body (瀍河第十九条). */
    confirmations?: Record<string, boolean>;
  };
  closedAt?: number;
}

export type CycleEvent =
  | { type: 'ANNOUNCE' }
  | { type: 'CLOSE_APPLICATIONS' }
  | { type: 'ADVANCE_STAGE' }
  | {
      type: 'PROPOSE_WINNERS';
      proposal: Proposal;
      /** The committee's vote, where the policy has one (瀍河第十八条). */
      vote?: VoteCount;
      /** Reasons for exceeding a quota that is a limit in principle, by tier id (大庆第五条). */
      quotaExceptions?: Record<string, string>;
    }
  | {
      type: 'FILE_OBJECTION';
      objectionId: string;
      against: string;
      realName?: string;
      contact?: string;
      objector?: ObjectorIdentity;
      facts: string;
      evidence?: string;
    }
  /** `evidenceWithin`: the evidence deadline the office sets when the policy leaves it open. */
  | { type: 'ACCEPT_OBJECTION'; objectionId: string; reason?: string; evidenceWithin?: Duration }
  | { type: 'REFUSE_OBJECTION'; objectionId: string; reason: string }
  | { type: 'SUBMIT_EVIDENCE'; objectionId: string; party: EvidenceParty; note?: string }
  | { type: 'DECIDE_OBJECTION'; objectionId: string; upheld: boolean; reason: string }
  | { type: 'APPROVE'; decisionRef?: string; confirmations?: Record<string, boolean> }
  | { type: 'CLOSE' }
  // From applications (the `reportToCycle` activity):
  | ApplicationReported
  /** Sent by the API before applications registered themselves with their first report; kept for their histories. */
  | { type: 'APPLICATION_REGISTERED'; orgId: string; category: IndustryCategory; organisationName: string; priorTiers?: string[] }
  | { type: 'DEADLINE_COMPUTED'; key: string; endsAt: number }
  // From the cycle's own timers:
  | { type: 'OBJECTION_ACCEPTANCE_REMINDER'; objectionId: string }
  | { type: 'OBJECTION_ACCEPTANCE_DUE'; objectionId: string }
  | { type: 'OBJECTION_EVIDENCE_DUE'; objectionId: string };

/**
 * An application's report of its status. The first one (`submitted`, with `submittedAt`) registers
 * it with the cycle. `seq` is the application's transition number: the cycle applies a report only
 * if it is newer than the last it applied, so duplicated and reordered reports change nothing.
 */
export type ApplicationReported = { type: 'APPLICATION_REPORTED'; seq?: number; submittedAt?: number; priorTiers?: string[] } & Pick<
  ApplicationReport,
  'orgId' | 'status'
> &
  Partial<Omit<ApplicationReport, 'orgId' | 'status'>> & { cycleWorkflowId?: string };

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

/** The cycle's context without its applications table: what notices and readers are given. */
export type CycleSummary = Omit<CycleContext, 'applications' | 'ranking'>;

/**
 * A notice the `publishNotice` activity renders (`workflows/machines/cycle/notices.ts`), filling in
 * the organisations' names from the applications table: the cycle does not keep names, and a list
 * of a thousand accepted applicants must not travel through the cycle's history.
 */
export interface PublishNoticeParams {
  kind: NoticeKind;
  cycleWorkflowId: string;
  /** The policy key and the cycle's year, as the notices are listed by. */
  jurisdiction: string;
  cycle: string;
  render: { context: CycleSummary; winners?: Proposal };
}

/**
 * A letter to an objector (大庆第二十二条, 第二十四条): mailed to the address it gave, or to the office
 * to deliver in writing. `{{unit}}` in the body stands for the name of the organisation objected to,
 * which the activity reads from the applications table.
 */
export interface NotifyObjectorParams {
  policyKey: string;
  year: number;
  objectionId: string;
  against: string;
  email?: string;
  subject: string;
  body: string;
  article: string;
}

export interface ComputeDeadlineParams {
  key: string;
  start: number;
  duration: Duration;
}

/**
 * A message to the cycle's applications. `to` names them (a few: the proposed, the winners) or asks
 * for every application still running except some; the activity reads that roster from the
 * applications table, so a message to a thousand applications is a few hundred bytes in history.
 */
export interface BroadcastParams {
  cycleWorkflowId: string;
  policyKey: string;
  year: number;
  event: { type: string; [field: string]: unknown };
  to: { orgIds: string[] } | { allRunningExcept: string[] };
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
  serviceLevel: (stage: string) => `service-level:${stage}`,
} as const;

export type { CycleStage };
