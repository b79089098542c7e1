/**
 * Reads roles and stage names from the machines themselves, so the API's coarse `@Roles` on an
 * action route is the union of what the machine's stages (`meta.roles`) admit for those events, and
 * cannot drift from the runtime's fine check.
 */
import type { AnyStateMachine } from 'xstate';
import type { Role } from '../../auth/roles';

interface NodeLike {
  meta?: { roles?: Record<string, string[]> };
  states?: Record<string, NodeLike>;
}

function* nodes(node: NodeLike, path: string[] = []): Generator<[string, NodeLike]> {
  for (const [key, child] of Object.entries(node.states ?? {})) {
    const childPath = [...path, key];
    yield [childPath.join('.'), child];
    yield* nodes(child, childPath);
  }
}

/** Every role any stage of `machine` admits for any of `events`. */
export function rolesFor(machine: AnyStateMachine, events: readonly string[]): [Role, ...Role[]] {
  const roles = new Set<string>();
  for (const [, node] of nodes(machine.root as unknown as NodeLike)) {
    for (const event of events) for (const role of node.meta?.roles?.[event] ?? []) roles.add(role);
  }
  const list = [...roles] as Role[];
  if (list.length === 0) throw new Error(`no stage of ${machine.id} admits any role for ${events.join(', ')}`);
  return list as [Role, ...Role[]];
}

/** `stage` and every nested stage under it (`publicity` → `publicity`, `publicity.computing`, `publicity.running`). */
export function stagePaths(machine: AnyStateMachine, stage: string): string[] {
  return [...nodes(machine.root as unknown as NodeLike)].map(([path]) => path).filter((path) => path === stage || path.startsWith(`${stage}.`));
}
