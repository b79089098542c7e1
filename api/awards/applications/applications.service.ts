import { Inject, Injectable } from '@nestjs/common';
import { canReviewerSee } from '../../../workflows/machines/application/rules';
import type { ApplicationContext, ApplicationInput, ApplicationStatus } from '../../../workflows/machines/application/types';
import { applicationWorkflowId, cycleWorkflowId } from '../../../workflows/machines/cycle/ids';
import type { CycleApplication, CycleContext } from '../../../workflows/machines/cycle/types';
import type { StateView } from '../../../workflows/runtime/types';
import { assertCanSeeOrganisation } from '../../auth/access';
import type { AuthUser } from '../../auth/roles';
import { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { errorCode, invalidInput, otherOrganisation, workflowNotFound } from '../shared/errors';
import { presentApplication, type AwardState } from '../shared/views';
import { APPLICATION_ACTIONS, REVIEWER_ACTIONS, profileOf, type ApplicationAction, type SubmitApplication } from './applications.schemas';

export interface ApplicationFilter {
  stage?: ApplicationStatus;
  tier?: string;
}

const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role });

/** Applications: registered with their cycle, then each runs as its own workflow; nothing kept here. */
@Injectable()
export class ApplicationsService {
  constructor(@Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService) {}

  /**
   * Registers the organisation with the cycle as the caller, then starts its application workflow.
   * Safe to retry: the registration's update id comes from the Idempotency-Key (or the org), so a
   * retry is answered with the first result; a registration made earlier under another id is
   * refused APPLICATION_ALREADY_REGISTERED, and then the application is started if it is not yet.
   */
  async submit(policyKey: string, year: number, body: SubmitApplication, key: string | undefined, user: AuthUser) {
    if (user.role === 'applicant' && user.org !== body.orgId) throw otherOrganisation(body.orgId);
    const cycleId = cycleWorkflowId(policyKey, year);
    const registration = {
      type: 'APPLICATION_REGISTERED',
      orgId: body.orgId,
      category: body.category,
      organisationName: body.organisationName,
      ...(body.priorTiers ? { priorTiers: body.priorTiers } : {}),
    };
    let cycle: StateView;
    try {
      cycle = await this.workflows.send(cycleId, registration, key ? `register/${body.orgId}/${key}` : `register/${body.orgId}`, actorOf(user));
    } catch (error) {
      if (errorCode(error) !== 'APPLICATION_ALREADY_REGISTERED') throw error;
      cycle = await this.workflows.state(cycleId);
    }
    const input: ApplicationInput = {
      policyKey,
      year,
      orgId: body.orgId,
      organisationName: body.organisationName,
      category: body.category,
      profile: profileOf(body),
      ...(body.recommendation !== undefined ? { recommendation: body.recommendation } : {}),
      ...(body.priorTiers ? { priorTiers: body.priorTiers } : {}),
      ...(body.contactEmail ? { contactEmail: body.contactEmail } : {}),
      applicationDeadline: (cycle.context as CycleContext).applicationDeadline,
    };
    const { created, state } = await this.workflows.start('applicationWorkflow', applicationWorkflowId(policyKey, year, body.orgId), { machineInput: input });
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

  /** The cycle's table of its applications, filtered, and narrowed to what the caller may see. */
  async list(policyKey: string, year: number, filter: ApplicationFilter, user: AuthUser): Promise<{ items: CycleApplication[] }> {
    const cycle = await this.workflows.state(cycleWorkflowId(policyKey, year));
    let rows = Object.values((cycle.context as CycleContext).applications ?? {});
    if (filter.stage) rows = rows.filter((row) => row.status === filter.stage);
    if (filter.tier) rows = rows.filter((row) => row.tierId === filter.tier);
    if (user.role === 'applicant') rows = rows.filter((row) => row.orgId === user.org);
    if (user.role === 'reviewer') {
      const visible = await Promise.all(
        rows.map((row) =>
          this.workflows.state(applicationWorkflowId(policyKey, year, row.orgId)).then(
            (state) => canReviewerSee(state.context as ApplicationContext, user.id),
            (error: unknown) => {
              if (errorCode(error) === 'WORKFLOW_NOT_FOUND') return false;
              throw error;
            },
          ),
        ),
      );
      rows = rows.filter((_, index) => visible[index]);
    }
    return { items: rows.sort((a, b) => a.registeredAt - b.registeredAt || a.orgId.localeCompare(b.orgId)) };
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
    const view = await this.workflows.send(id, { type: APPLICATION_ACTIONS[action].event, ...fields }, key, actorOf(user));
    const visible = user.role !== 'reviewer' || canReviewerSee(view.context as ApplicationContext, user.id);
    return presentApplication({ workflowId: id, ...view }, user, visible);
  }
}
