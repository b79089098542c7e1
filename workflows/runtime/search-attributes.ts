/**
 * Custom search attributes kept current by every machine-backed workflow, so that staff and admins
 * can list workflows by stage and find what waits on whom in the Temporal Web UI and the API.
 * The dev server registers them at start (see scripts/temporal/dev-server.ts); a cluster needs
 * `temporal operator search-attribute create` once per namespace (README).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const JURISDICTION = defineSearchAttributeKey('AwardJurisdiction', SearchAttributeType.KEYWORD);
export const CYCLE = defineSearchAttributeKey('AwardCycle', SearchAttributeType.KEYWORD);
export const ORGANISATION = defineSearchAttributeKey('AwardOrganisation', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('AwardStage', SearchAttributeType.KEYWORD);
export const STAGE_SINCE = defineSearchAttributeKey('AwardStageSince', SearchAttributeType.DATETIME);
export const NEXT_ACTOR = defineSearchAttributeKey('AwardNextActor', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [JURISDICTION, CYCLE, ORGANISATION, STAGE, STAGE_SINCE, NEXT_ACTOR];
