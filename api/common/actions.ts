import type { StateView } from '../../workflows/runtime/types';

/**
 * The events `role` may send now, by the same rule the runtime applies: an event the stage allows,
 * and, when the stage declares `meta.roles`, one listed for that role (events it does not list are
 * the system's: activities and timers). A stage that declares no roles admits any role the route
 * admits, so all its allowed events are returned.
 */
export function actionsFor(view: Pick<StateView, 'allowedEvents' | 'permissions' | 'status'>, role: string): string[] {
  if (view.status !== 'active') return [];
  if (Object.keys(view.permissions).length === 0) return [...view.allowedEvents];
  return view.allowedEvents.filter((event) => view.permissions[event]?.includes(role) ?? false);
}
