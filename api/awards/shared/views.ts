/** What a caller sees of a cycle or an application: the state, their actions, and only the rows they may see. */
import type { AuthUser } from '../../auth/roles';
import { namedActionsFor } from '../../common/actions';
import { withIsoTimestamps } from '../../common/timestamps';
import { actionNamerFor } from './action-names';
import type { WorkflowState } from '../../workflows/machine-workflows.service';
import type { ApplicationContext } from '../../../workflows/machines/application/types';
import { presentedSummary } from '../../../workflows/machines/cycle/notices';
import { serviceLevelStatus } from '../../../workflows/machines/cycle/rules';
import type { CycleContext, CycleStage } from '../../../workflows/machines/cycle/types';
import type { WorkingDayCalendar } from '../../../workflows/policy/index.js';
import type { StateView, TransitionResult } from '../../../workflows/runtime/types';

/** A read of the workflow, with the update's own result after an action. */
export type AwardView = WorkflowState & { transition?: TransitionResult };
export type AwardState = Omit<AwardView, 'allowedEvents' | 'permissions'> & { actions: string[] };

/** How many of the cycle's applications are in each status (from the applications table). */
export interface ApplicationCounts {
  total: number;
  byStatus: Record<string, number>;
}

/**
 * The view with the caller's actions by their API names, showing `context` (the workflow's own by
 * default) with ISO instants. The machine's own event list and role table are left out: most of
 * those events are the system's, and the caller needs only its actions.
 */
export function withActions<T extends AwardView>(state: T, user: AuthUser, context: unknown = state.context): Omit<T, 'allowedEvents' | 'permissions'> & { actions: string[] } {
  const { allowedEvents: _events, permissions: _permissions, ...rest } = state;
  return { ...rest, context: withIsoTimestamps(context), actions: namedActionsFor(state, user.role, actionNamerFor(state.machine)) };
}

/**
 * A cycle as the caller sees it: its stage and summary, with how many applications are in each
 * status. Rows of the applications table (and the ranking) are listed, paged and narrowed to the
 * caller through `GET /cycles/:policyKey/:year/applications`, never here. An applicant sees no
 * objections (they carry objectors' names).
 */
/** The cycle's top-level stage, e.g. `publicity` for `publicity.running`. */
export const topStageOf = (state: Pick<AwardView, 'stage'>): CycleStage | undefined => (state.stage ? (state.stage.split('.')[0] as CycleStage) : undefined);

export function presentCycle(state: AwardView, user: AuthUser, applications: ApplicationCounts, calendar?: WorkingDayCalendar, now = Date.now()): AwardState {
  // Views answered by the query (older workflows) still hold the cycle's own table: never shown, nor converted.
  const context = (state.context ?? {}) as CycleContext;
  const stage = topStageOf(state);
  const serviceLevel = stage ? serviceLevelStatus(context, stage, now, calendar) : undefined;
  return withActions(state, user, {
    // The cycle's own presentation (identity numbers masked); applicants see no objections at all.
    ...presentedSummary(context),
    applications,
    ...(user.role === 'applicant' ? { objections: {} } : {}),
    ...(serviceLevel ? { serviceLevel } : {}),
  });
}


/** An application as the caller sees it (the caller has been checked to see it, except as noted). */
export function presentApplication(state: AwardView, user: AuthUser, visible = true): AwardState {
  const view = withActions(state, user);
  // A reviewer who has just declared a conflict gets the outcome, not the file.
  return visible ? view : { ...view, context: null, actions: [] };
}

export const applicationContextOf = (state: Pick<StateView, 'context'>) => state.context as ApplicationContext;
