import { Inject, Injectable } from '@nestjs/common';
import { standingWorkflowId } from '../../../workflows/machines/standing/types';
import { chinaDateOf, loadPolicy } from '../../../workflows/policy/index.js';
import type { MachineEvent } from '../../../workflows/runtime/types';
import { assertCanSeeOrganisation } from '../../auth/access';
import type { AuthUser } from '../../auth/roles';
import { MachineWorkflowsService, type WorkflowState } from '../../workflows/machine-workflows.service';
import { standingActionName } from '../shared/action-names';
import { invalidInput, workflowNotFound } from '../shared/errors';
import { causesOf, STANDING_ACTIONS, type StandingAction } from './organisations.schemas';
import { dutiesView, ledgerView, standingView } from './standing-view';

const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role });

/**
 * Organisations' standings (`standing/<policyKey>/<orgId>`): read from the workflow's memo and
 * changed by single updates; nothing kept here. An applicant sees and acts on its own organisation
 * only; any other answers 404 exactly as a standing that does not exist.
 */
@Injectable()
export class OrganisationsService {
  constructor(@Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService) {}

  private read(policyKey: string, orgId: string, user: AuthUser): Promise<WorkflowState> {
    const id = standingWorkflowId(policyKey, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    return this.workflows.state(id);
  }

  async get(policyKey: string, orgId: string, user: AuthUser) {
    const now = Date.now();
    return standingView(await this.read(policyKey, orgId, user), user, chinaDateOf(now), now);
  }

  async ledger(policyKey: string, orgId: string, user: AuthUser) {
    return ledgerView(await this.read(policyKey, orgId, user));
  }

  async duties(policyKey: string, orgId: string, user: AuthUser) {
    return dutiesView(await this.read(policyKey, orgId, user), Date.now());
  }

  /**
   * Sends the route's event. The machine decides whether it is allowed (a duty already closed, a
   * sanction out of order…) and the runtime answers its refusal; only what the URL's policy makes
   * invalid is refused here, before the workflow is asked, as a 400 naming the field.
   */
  async act(policyKey: string, orgId: string, action: StandingAction, fields: Record<string, unknown>, key: string | undefined, user: AuthUser) {
    const id = standingWorkflowId(policyKey, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    const event: MachineEvent = { ...withDefaults(action, fields), type: STANDING_ACTIONS[action].event };
    if (action === 'record-sanction') assertCauseOf(policyKey, String(fields.causeId));
    const state = await this.workflows.act(id, event, key, actorOf(user), standingActionName);
    const now = Date.now();
    return standingView(state, user, chinaDateOf(now), now);
  }
}

/**
 * Records named by what they are, so that the same sanction or bonus entered twice without an id
 * (a retry without Idempotency-Key) is the same record, which the machine does not count twice.
 */
function withDefaults(action: StandingAction, fields: Record<string, unknown>): Record<string, unknown> {
  if (action === 'record-sanction' && fields.sanctionId === undefined) return { ...fields, sanctionId: `${fields.causeId}-${fields.decidedOn}` };
  if (action === 'record-bonus' && fields.bonusId === undefined) return { ...fields, bonusId: `${fields.award}-${fields.on}` };
  return fields;
}

function assertCauseOf(policyKey: string, causeId: string): void {
  const policy = loadPolicy(policyKey);
  if (policy.revocation.causes.some((c) => c.id === causeId)) return;
  throw invalidInput('body.causeId', `${policy.awardName}没有撤销情形“${causeId}”；可选：${causesOf(policyKey)}`);
}
