/** The award routes name machine events by their URL action (`close-applications`), never by the event itself. */
import { eventNames, namerOf, type ActionNamer } from '../../common/actions';
import { APPLICATION_ACTIONS } from '../applications/applications.schemas';
import { CYCLE_ACTIONS } from '../cycles/cycles.schemas';
import { application } from '../../../workflows/machines/application/machine';
import { cycle } from '../../../workflows/machines/cycle/machine';

export const cycleActionName = namerOf(CYCLE_ACTIONS);
export const applicationActionName = namerOf(APPLICATION_ACTIONS);

export function actionNamerFor(machine: string): ActionNamer {
  if (machine === cycle.name) return cycleActionName;
  if (machine === application.name) return applicationActionName;
  return eventNames;
}
