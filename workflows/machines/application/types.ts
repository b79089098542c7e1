/** Input, context and events of one organisation's application in one cycle. */
import type { Actor } from '../../runtime/types';
import type { ApplicantProfile, Duration, EligibilityFailure, IndustryCategory, IsoDate, ScoringCategoryId } from '../../policy/index.js';
import type { CycleStage } from '../cycle/ids';

export type ReviewPhase = 'material' | 'onSite';
export const REVIEW_PHASES: readonly ReviewPhase[] = ['material', 'onSite'];

/** One reviewer's points per GB/T 19580 category. */
export type ScoreSheet = Record<ScoringCategoryId, number>;

export const APPLICATION_STATUSES = [
  'submitted',
  'supplementRequested',
  'eligible',
  'ineligible',
  'advanced',
  'notAdvanced',
  'scored',
  'candidate',
  'proposed',
  'awarded',
  'notAwarded',
  'disqualified',
  'withdrawn',
  'notAccepted',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses after which the application workflow has ended. */
export const FINAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'ineligible',
  'notAdvanced',
  'awarded',
  'notAwarded',
  'disqualified',
  'withdrawn',
  'notAccepted',
];

/** Statuses the cycle ranks, by total then on-site score. */
export const RANKED_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['scored', 'candidate', 'proposed'];

export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  submitted: '已提交申报',
  supplementRequested: '待补充材料',
  eligible: '资格审查通过',
  ineligible: '不符合申报条件',
  advanced: '进入现场评审',
  notAdvanced: '未进入现场评审',
  scored: '评审完成',
  candidate: '候选',
  proposed: '拟奖',
  awarded: '获奖',
  notAwarded: '未获奖',
  disqualified: '取消评选资格',
  withdrawn: '已撤回',
  notAccepted: '未予受理',
};

export interface ApplicationInput {
  policyKey: string;
  year: number;
  orgId: string;
  organisationName: string;
  category: IndustryCategory;
  profile: ApplicantProfile;
  /** Overrides `profile.recommendation` when the recommendation arrives with the application. */
  recommendation?: ApplicantProfile['recommendation'];
  /** Tiers the organisation received in earlier cycles (re-award rules). */
  priorTiers?: string[];
  /** Application deadline (epoch ms): the day eligibility look-back windows end on. */
  applicationDeadline?: number;
  /** Where written notices to the organisation are mailed; without it they go to the office to forward. */
  contactEmail?: string;
  /** When it was submitted (epoch ms, workflow time); set by the workflow when it starts. */
  submittedAt?: number;
  /**
   * Report reviewer assignments and conflicts to the applications table too (applications started
   * since the table moved to PostgreSQL; set by the workflow, see award-workflows.ts).
   */
  reportsReviewers?: boolean;
  /** Set by the workflow when it starts (award-workflows.ts): the policies' articles are enforced. */
  enforcesArticles?: boolean;
  /**
   * An award is recorded in the organisation's standing (`standing/<policyKey>/<orgId>`), where its
   * duties, validity and sanctions live (set by the workflow at start, see award-workflows.ts).
   */
  recordsStanding?: boolean;
}

export interface EligibilityRecord {
  eligible: boolean;
  /** Every criterion the rules found unmet, with article and details. */
  failures: EligibilityFailure[];
  /** The office's own verdict, when it gave one. */
  officeVerdict?: boolean;
  /** The office's written reasons (required when it declares an applicant ineligible on its own). */
  reasons: string[];
  asOf: IsoDate;
  at: number;
  by?: Actor;
}

export interface SupplementRecord {
  items: string[];
  note?: string;
  requestedAt: number;
  returnedAt?: number;
  // Only where the articles are enforced and the policy sets a supplement deadline (大庆第十三条):
  /** Who set the deadline: the office in its request, or the policy's default period. */
  deadlineSetBy?: 'office' | 'policy';
  /** The period asked for, when the deadline is a period from the request (not a day the office named). */
  within?: Duration;
  article?: string;
  /** The last day to supplement (China time), once known; `dueAt` is the end of that day (00:00 after it). */
  lastDay?: IsoDate;
  dueAt?: number;
  remindedAt?: number;
  /** The deadline passed before the supplement was returned; the office was told, nothing was decided. */
  overdue?: boolean;
}

export interface Assignment {
  reviewerId: string;
  phase: ReviewPhase;
  at: number;
}

export interface ConflictRecord {
  note?: string;
  at: number;
  by?: Actor;
}

export interface ScoreRecord {
  scores: ScoreSheet;
  total: number;
  at: number;
}

export interface MaterialDecision {
  advanced: boolean;
  reasons: string[];
  at: number;
  by?: Actor;
}

export type ApplicationOutcome = 'awarded' | 'notAwarded' | 'disqualified' | 'withdrawn';

export interface ApplicationContext extends ApplicationInput {
  status: ApplicationStatus;
  cycleWorkflowId: string;
  /** Last stage the cycle announced; guards read it so no step runs ahead of the cycle. */
  cycleStage: CycleStage;
  applicationsClosedAt?: number;
  eligibility?: EligibilityRecord;
  supplements: SupplementRecord[];
  assignments: Assignment[];
  conflicts: Record<string, ConflictRecord>;
  scores: Record<ReviewPhase, Record<string, ScoreRecord>>;
  materialScore?: number;
  onSiteScore?: number;
  totalScore?: number;
  materialDecision?: MaterialDecision;
  tierId?: string;
  outcome?: ApplicationOutcome;
  outcomeReason?: string;
  /** Why the cycle did not register the application (submitted after the window closed). */
  notAcceptedReason?: string;
  /** The government's approval of the award (from the cycle), for the organisation's standing. */
  awardedAt?: number;
  decisionRef?: string;
}

/** Events staff (and the cycle, through activities) send to an application. */
export type ApplicationEvent =
  | {
      type: 'REQUEST_SUPPLEMENT';
      items: string[];
      note?: string;
      /** The office's own deadline: the last day (China time)… */
      dueOn?: IsoDate;
      /** …or a period from the request. Neither: the policy's period. */
      within?: Duration;
    }
  | { type: 'SUPPLEMENT_RETURNED'; profile?: Partial<ApplicantProfile>; note?: string }
  | {
      type: 'RECORD_ELIGIBILITY';
      /** The office's verdict; omitted = follow the rules. */
      eligible?: boolean;
      reasons?: string[];
      /** Office judgements on attestation criteria (e.g. 同行业领先), merged into the profile. */
      attestations?: Record<string, boolean>;
    }
  | { type: 'ASSIGN_REVIEWER'; reviewerId: string; phase: ReviewPhase }
  | { type: 'DECLARE_CONFLICT'; reviewerId: string; note?: string }
  | { type: 'SUBMIT_SCORE'; reviewerId: string; phase: ReviewPhase; scores: ScoreSheet }
  | { type: 'ADVANCE' }
  | { type: 'NOT_ADVANCE'; reasons?: string[] }
  | { type: 'CONCLUDE_ON_SITE' }
  | { type: 'WITHDRAW'; reason?: string }
  | { type: 'DISQUALIFY'; reason: string }
  // From the cycle (broadcastToApplications):
  | { type: 'CYCLE_STAGE_CHANGED'; stage: CycleStage; closedAt?: number }
  | { type: 'PROPOSED'; tierId: string }
  | {
      type: 'OUTCOME_DECIDED';
      outcome: 'awarded' | 'notAwarded' | 'disqualified';
      tierId?: string;
      reason?: string;
      /** With an award: when the government approved it, and its decision (the award's date for later duties). */
      approvedAt?: number;
      decisionRef?: string;
    }
  | { type: 'REGISTRATION_REFUSED'; reason: string }
  /** A written notice the cycle sends to this unit (大庆第二十四条: the outcome of an objection against it). */
  | { type: 'SEND_LETTER'; letterId: string; subject: string; body: string; article: string }
  // From the computeDeadline activity and the application's own timers:
  | { type: 'DEADLINE_COMPUTED'; key: string; endsAt: number; lastDay?: string; calendarSource?: string }
  | { type: 'SUPPLEMENT_REMINDER_DUE'; index: number }
  | { type: 'SUPPLEMENT_DUE'; index: number };

export type ApplicationEventType = ApplicationEvent['type'];

/** Events only the cycle sends (through an activity); the API should not accept them from users. */
export const APPLICATION_SYSTEM_EVENTS: readonly ApplicationEventType[] = [
  'CYCLE_STAGE_CHANGED',
  'PROPOSED',
  'OUTCOME_DECIDED',
  'REGISTRATION_REFUSED',
  'SEND_LETTER',
  'DEADLINE_COMPUTED',
  'SUPPLEMENT_REMINDER_DUE',
  'SUPPLEMENT_DUE',
];

/** What the runtime delivers: every event stamped with workflow time and, for staff, the actor. */
export type StampedApplicationEvent = ApplicationEvent & { at: number; actor?: Actor };

/** What an application tells its cycle about itself; the cycle's table keeps the latest report. */
export interface ApplicationReport {
  orgId: string;
  status: ApplicationStatus;
  category: IndustryCategory;
  organisationName: string;
  eligible?: boolean;
  failures?: EligibilityFailure[];
  materialScore?: number;
  onSiteScore?: number;
  totalScore?: number;
  outcome?: ApplicationOutcome;
  tierId?: string;
  reasons?: string[];
}

/**
 * What the `reportToCycle` activity receives: the report, plus what only the applications table
 * keeps. The activity writes the table row, then tells the cycle unless `notifyCycle` is false
 * (a reviewer assignment changes the table, not anything the cycle decides on).
 */
export interface ReportToCycleParams extends ApplicationReport {
  cycleWorkflowId: string;
  policyKey?: string;
  year?: number;
  /** With the first report (`submitted`): registers the application with its cycle. */
  submittedAt?: number;
  priorTiers?: string[];
  /** Reviewers who may see the application: assigned and not conflicted. */
  reviewers?: string[];
  notifyCycle?: boolean;
}

export interface NotifyApplicantParams {
  orgId: string;
  organisationName: string;
  contactEmail?: string;
  subject: string;
  body: string;
  /** The article that requires the written notice. */
  article: string;
}

/** What the application's `computeDeadline` effect asks for (activities/deadlines.ts answers `DEADLINE_COMPUTED`). */
export interface ComputeDeadlineParams {
  key: string;
  start: number;
  duration: Duration;
}

/** A reminder to the office (activities/reminders.ts `sendReminder`). */
export interface OfficeReminderParams {
  to: 'office';
  subject: string;
  body: string;
  dueAt: number;
}
