/** What a caller sees of a cycle or an application: the state, their actions, and only the rows they may see. */
import type { AuthUser } from '../../auth/roles';
import { actionsFor } from '../../common/actions';
import type { WorkflowState } from '../../workflows/machine-workflows.service';
import type { ApplicationContext } from '../../../workflows/machines/application/types';
import type { CycleContext } from '../../../workflows/machines/cycle/types';
import type { StateView } from '../../../workflows/runtime/types';

/** A full read (`WorkflowState`) or an update's result (`StateView` plus the workflow id). */
export type AwardView = StateView & { workflowId: string } & Partial<Omit<WorkflowState, keyof StateView>>;
export type AwardState = AwardView & { actions: string[] };

export function withActions<T extends AwardView>(state: T, user: AuthUser): T & { actions: string[] } {
  return { ...state, actions: actionsFor(state, user.role) };
}

/**
 * A cycle as the caller sees it. Office, committee and admin see everything. An applicant sees the
 * public parts and its own row of the applications table and ranking, and no objections (they
 * carry objectors' names). A reviewer sees no applications table or ranking here, since it would
 * show applicants they are conflicted with: they list their own through
 * `GET /cycles/:policyKey/:year/applications`, which filters per reviewer.
 */
export function presentCycle(state: AwardView, user: AuthUser): AwardState {
  const view = withActions(state, user);
  if (user.role !== 'applicant' && user.role !== 'reviewer') return view;
  const context = state.context as CycleContext;
  const own = (orgId: string) => user.role === 'applicant' && orgId === user.org;
  return {
    ...view,
    context: {
      ...context,
      applications: Object.fromEntries(Object.entries(context.applications ?? {}).filter(([orgId]) => own(orgId))),
      ranking: (context.ranking ?? []).filter((r) => own(r.orgId)),
      ...(user.role === 'applicant' ? { objections: {} } : {}),
    },
  };
}

/** An application as the caller sees it (the caller has been checked to see it, except as noted). */
export function presentApplication(state: AwardView, user: AuthUser, visible = true): AwardState {
  const view = withActions(state, user);
  // A reviewer who has just declared a conflict gets the outcome, not the file.
  return visible ? view : { ...view, context: null, actions: [] };
}

export const applicationContextOf = (state: StateView) => state.context as ApplicationContext;
