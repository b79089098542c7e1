/**
 * Workflow ids and stage names shared by the cycle and application machines. Both sides build ids
 * from the same function so an application always reports to the workflow that waits for it.
 */

export function cycleWorkflowId(policyKey: string, year: number): string {
  return `cycle/${policyKey}/${year}`;
}

export function applicationWorkflowId(policyKey: string, year: number, orgId: string): string {
  return `application/${policyKey}/${year}/${orgId}`;
}

export type AwardWorkflowId =
  | { kind: 'cycle'; policyKey: string; year: number }
  | { kind: 'application'; policyKey: string; year: number; orgId: string };

/** The inverse of the two functions above; undefined for any other id. */
export function parseAwardWorkflowId(id: string): AwardWorkflowId | undefined {
  const match = /^(cycle|application)\/([^/]+)\/(\d{4})(?:\/([^/]+))?$/.exec(id);
  if (!match) return undefined;
  const [, kind, policyKey, year, orgId] = match;
  if (kind === 'cycle' && orgId === undefined) return { kind, policyKey: policyKey!, year: Number(year) };
  if (kind === 'application' && orgId !== undefined) return { kind, policyKey: policyKey!, year: Number(year), orgId };
  return undefined;
}

/** The cycle's stages, in procedural order; the names the cycle broadcasts to its applications. */
export const CYCLE_STAGES = [
  'draft',
  'applicationWindow',
  'eligibilityReview',
  'acceptancePublicity',
  'materialReview',
  'onSiteReview',
  'comprehensiveEvaluation',
  'deliberation',
  'publicity',
  'objectionHandling',
  'approval',
  'awarded',
  'closed',
] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export type Role = 'office' | 'reviewer' | 'committee' | 'applicant' | 'admin';
