import { Inject, Injectable } from '@nestjs/common';
import { canReviewerSee } from '../../../workflows/machines/application/rules';
import type { ApplicationContext, ApplicationInput, ApplicationStatus } from '../../../workflows/machines/application/types';
import { applicationWorkflowId, cycleWorkflowId } from '../../../workflows/machines/cycle/ids';
import type { CycleSummary } from '../../../workflows/machines/cycle/types';
import { listApplicationRows, RECORDS, type ApplicationPage, type Database } from '../../../db';
import { assertCanSeeOrganisation } from '../../auth/access';
import type { AuthUser } from '../../auth/roles';
import { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { applicationsClosed, errorCode, invalidInput, otherOrganisation, workflowNotFound } from '../shared/errors';
import { applicationActionName } from '../shared/action-names';
import { presentApplication, type AwardState } from '../shared/views';
import { withIsoTimestamps } from '../../common/timestamps';
import { loadPolicy } from '../../../workflows/policy/index.js';
import { missingForSubmission } from '../../../workflows/policy/submission';
import { reapplyVerdict } from '../organisations/reapply';
import { recommendationRequired } from './submission-refusals';
import { APPLICATION_ACTIONS, REVIEWER_ACTIONS, profileOf, type ApplicationAction, type SubmitApplication } from './applications.schemas';

export interface ApplicationFilter {
  stage?: ApplicationStatus;
  tier?: string;
  limit?: number;
  offset?: number;
}

const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role });

/**
 * Applications: each runs as its own workflow, which registers itself with its cycle by its first
 * report; they are listed from the applications table (PostgreSQL). Nothing is kept here.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
    @Inject(RECORDS) private readonly records: Database,
  ) {}

  /**
   * Starts the organisation's application workflow while the cycle takes applications. Submitting
   * touches the cycle only to read its stage (from its memo), so a deadline day's thousand
   * submissions do not queue behind one workflow. Safe to retry: an application that exists
   * (running or finished) is answered as it is, never started again. The cycle registers it when
   * its first report arrives, judging lateness by the instant the workflow started. An organisation
   * its standing bars (re-apply interval, ban) is refused, and where the policy requires a
   * recommendation with the application, one without it is, both before anything starts.
   */
  async submit(policyKey: string, year: number, body: SubmitApplication, user: AuthUser) {
    if (user.role === 'applicant' && user.org !== body.orgId) throw otherOrganisation(body.orgId);
    const id = applicationWorkflowId(policyKey, year, body.orgId);
    const cycle = await this.workflows.state(cycleWorkflowId(policyKey, year));
    // Past the deadline the cycle refuses the registration even before its deadline timer has fired.
    if (cycle.stage !== 'applicationWindow' || Date.now() > (cycle.context as CycleSummary).applicationDeadline) {
      // Closed: a repeat of an earlier submission still answers that application.
      const existing = await this.workflows.state(id).catch((error: unknown) => {
        if (errorCode(error) === 'WORKFLOW_NOT_FOUND') throw applicationsClosed(cycle, user.role);
        throw error;
      });
      return { created: false, state: presentApplication(existing, user) };
    }
    const record = await reapplyVerdict(this.workflows, policyKey, year, body.orgId);
    const barred = record.refusal;
    if (barred) {
      // A repeat of a submission made before the record barred it still answers that application.
      const existing = await this.workflows.state(id).catch((error: unknown) => {
        if (errorCode(error) === 'WORKFLOW_NOT_FOUND') throw barred;
        throw error;
      });
      return { created: false, state: presentApplication(existing, user) };
    }
    const missing = missingForSubmission(loadPolicy(policyKey), body);
    if (missing.length > 0) throw recommendationRequired(missing, { policyKey, year, orgId: body.orgId });
    const input: ApplicationInput = {
      policyKey,
      year,
      orgId: body.orgId,
      organisationName: body.organisationName,
      category: body.category,
      profile: profileOf(body),
      ...(body.recommendation !== undefined ? { recommendation: body.recommendation } : {}),
      // The record's tiers count whatever the application declares; declared ones (e.g. awarded before this system) are kept too.
      ...(body.priorTiers || record.heldTiers.length > 0 ? { priorTiers: [...new Set([...(body.priorTiers ?? []), ...record.heldTiers])].sort() } : {}),
      ...(body.contactEmail ? { contactEmail: body.contactEmail } : {}),
      applicationDeadline: (cycle.context as CycleSummary).applicationDeadline,
    };
    const { created, state } = await this.workflows.start('applicationWorkflow', id, { machineInput: input });
    return { created, state: presentApplication(state, user) };
  }

  /** Applicants: their own organisation only; reviewers: assigned and not conflicted; else 404. */
  async get(policyKey: string, year: number, orgId: string, user: AuthUser): Promise<AwardState> {
    const id = applicationWorkflowId(policyKey, year, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    const state = await this.workflows.state(id);
    if (user.role === 'reviewer' && !canReviewerSee(state.context as ApplicationContext, user.id)) throw workflowNotFound(id)();
    return presentApplication(state, user);
  }

  /**
   * A page of the cycle's applications table, filtered, and narrowed to what the caller may see:
   * applicants their own row, reviewers the applications assigned to them and not conflicted.
   */
  async list(policyKey: string, year: number, filter: ApplicationFilter, user: AuthUser): Promise<ApplicationPage> {
    const page = await listApplicationRows(this.records, {
      policyKey,
      year,
      ...(filter.stage ? { status: filter.stage } : {}),
      ...(filter.tier ? { tierId: filter.tier } : {}),
      ...(user.role === 'applicant' ? { orgId: user.org ?? '' } : {}),
      ...(user.role === 'reviewer' ? { reviewer: user.id } : {}),
      ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
      ...(filter.offset !== undefined ? { offset: filter.offset } : {}),
    });
    // An unknown cycle answers 404, an empty one an empty page.
    if (page.total === 0) await this.workflows.state(cycleWorkflowId(policyKey, year));
    return { ...page, items: page.items.map((item) => withIsoTimestamps(item) as typeof item) };
  }

  async act(
    policyKey: string,
    year: number,
    orgId: string,
    action: ApplicationAction,
    body: Record<string, unknown> | undefined,
    key: string | undefined,
    user: AuthUser,
  ) {
    const id = applicationWorkflowId(policyKey, year, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    const fields = { ...(body ?? {}) };
    if (REVIEWER_ACTIONS.includes(action) && fields.reviewerId === undefined) {
      if (user.role !== 'reviewer') throw invalidInput('body.reviewerId', '代评审专家操作时须填写评审专家 id');
      fields.reviewerId = user.id;
    }
    if (user.role === 'reviewer' && action !== 'declare-conflict') {
      // A reviewer works only on applications assigned to them (a conflict may be declared beforehand).
      const state = await this.workflows.state(id);
      const assigned = (state.context as ApplicationContext).assignments.some((a) => a.reviewerId === user.id);
      if (!assigned) throw workflowNotFound(id)();
    }
    const state = await this.workflows.act(id, { ...fields, type: APPLICATION_ACTIONS[action].event }, key, actorOf(user), applicationActionName);
    const visible = user.role !== 'reviewer' || canReviewerSee(state.context as ApplicationContext, user.id);
    return presentApplication(state, user, visible);
  }
}
