/** The award routes name machine events by their URL action (`close-applications`), never by the event itself. */
import { eventNames, namerOf, type ActionNamer } from '../../common/actions';
import { APPLICATION_ACTIONS } from '../applications/applications.schemas';
import { CYCLE_ACTIONS } from '../cycles/cycles.schemas';
import { STANDING_ACTIONS } from '../organisations/organisations.schemas';
import { application } from '../../../workflows/machines/application/machine';
import { cycle } from '../../../workflows/machines/cycle/machine';
import { standing } from '../../../workflows/machines/standing';

export const cycleActionName = namerOf(CYCLE_ACTIONS);
export const applicationActionName = namerOf(APPLICATION_ACTIONS);
export const standingActionName = namerOf(STANDING_ACTIONS);

export function actionNamerFor(machine: string): ActionNamer {
  if (machine === cycle.name) return cycleActionName;
  if (machine === application.name) return applicationActionName;
  if (machine === standing.name) return standingActionName;
  return eventNames;
}
