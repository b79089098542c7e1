/**
 * Custom search attributes kept current by every machine-backed workflow, so that staff and admins
 * can list workflows by stage and find what waits on whom in the Temporal Web UI and the API.
 * The dev server registers them at start (see scripts/temporal/dev-server.ts); a cluster needs
 * `temporal operator search-attribute create` once per namespace (README).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { nextActorOf, type DurableMachine, type DurableState } from './interpreter';

export const JURISDICTION = defineSearchAttributeKey('AwardJurisdiction', SearchAttributeType.KEYWORD);
export const CYCLE = defineSearchAttributeKey('AwardCycle', SearchAttributeType.KEYWORD);
export const ORGANISATION = defineSearchAttributeKey('AwardOrganisation', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('AwardStage', SearchAttributeType.KEYWORD);
export const STAGE_SINCE = defineSearchAttributeKey('AwardStageSince', SearchAttributeType.DATETIME);
export const NEXT_ACTOR = defineSearchAttributeKey('AwardNextActor', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [JURISDICTION, CYCLE, ORGANISATION, STAGE, STAGE_SINCE, NEXT_ACTOR];

/** What the workflow is about (jurisdiction, cycle, organisation), as far as the machine says. */
export function identityAttributes(def: DurableMachine, state: DurableState): SearchAttributePair[] {
  const identity = def.identify?.(state.snapshot.context as never) ?? {};
  const pairs: SearchAttributePair[] = [];
  if (identity.jurisdiction !== undefined) pairs.push({ key: JURISDICTION, value: identity.jurisdiction });
  if (identity.cycle !== undefined) pairs.push({ key: CYCLE, value: identity.cycle });
  if (identity.organisation !== undefined) pairs.push({ key: ORGANISATION, value: identity.organisation });
  return pairs;
}

/** Where the workflow stands: stage, since when, who must act next. */
export function stageAttributes(state: DurableState): SearchAttributePair[] {
  return [
    { key: STAGE, value: state.stage },
    { key: STAGE_SINCE, value: new Date(state.stageSince) },
    { key: NEXT_ACTOR, value: nextActorOf(state.snapshot) },
  ] as SearchAttributePair[];
}
