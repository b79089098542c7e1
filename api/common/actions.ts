import type { StateView } from '../../workflows/runtime/types';

/**
 * The events `role` may send now, by the same rule the runtime applies (deny by default): an event
 * the stage allows and its `meta.roles` lists for that role. Events it does not list are the
 * system's (reports, computed deadlines, timers) and are never offered.
 */
export function actionsFor(view: Pick<StateView, 'allowedEvents' | 'permissions' | 'status'>, role: string): string[] {
  if (view.status !== 'active') return [];
  return view.allowedEvents.filter((event) => view.permissions[event]?.includes(role) ?? false);
}

/** How a route names a machine's events to its callers: award routes by their URL action, the generic route by the event itself. */
export type ActionNamer = (event: string) => string | undefined;
export const eventNames: ActionNamer = (event) => event;

/** An ActionNamer from a route's action table (`{ 'close-applications': { event: 'CLOSE_APPLICATIONS' } }`). */
export function namerOf(actions: Readonly<Record<string, { event: string }>>): ActionNamer {
  const byEvent = new Map(Object.entries(actions).map(([name, action]) => [action.event, name]));
  return (event) => byEvent.get(event);
}

/** The caller's actions by the route's names; events without a name there (the system's) are never shown. */
export function namedActionsFor(view: Pick<StateView, 'allowedEvents' | 'permissions' | 'status'>, role: string, name: ActionNamer): string[] {
  return actionsFor(view, role).flatMap((event) => name(event) ?? []);
}
