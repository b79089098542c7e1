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
