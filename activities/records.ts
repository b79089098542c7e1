/**
 * The records that outlive Temporal, written by the runtime's record-keeping activities
 * (workflows/runtime/records.ts): transitions into the audit trail, final views into the archive with the day until
 * which each must be kept. Both are idempotent: a retry or a replay writes nothing twice.
 */
import { defaultRetentionYears } from '../config/records';
import { archiveRecord, recordTransitions, type Database } from '../db';
import { parseAwardWorkflowId } from '../workflows/machines/cycle/ids';
import { parseStandingWorkflowId } from '../workflows/machines/standing/types';
import { addYears, chinaDateOf, loadPolicy, recordsRetainedThrough, type IsoDate } from '../workflows/policy/index.js';
import type { ArchiveInput, TransitionBatchInput } from '../workflows/runtime/types';

/** The jurisdiction, cycle year and organisation a workflow id names (null where it names none). */
export function ownerOf(workflowId: string): { policyKey: string | null; year: number | null; orgId: string | null } {
  const award = parseAwardWorkflowId(workflowId);
  if (award) return { policyKey: award.policyKey, year: award.year, orgId: award.kind === 'application' ? award.orgId : null };
  const standing = parseStandingWorkflowId(workflowId);
  if (standing) return { policyKey: standing.policyKey, year: null, orgId: standing.orgId };
  return { policyKey: null, year: null, orgId: null };
}

/** Until when a record closed on `closedOn` is kept: the policy's period, else the configured default. */
export function retentionOf(policyKey: string | null, closedOn: IsoDate, defaultYears: number): { keepUntil: IsoDate; source: 'policy' | 'default' } {
  const byPolicy = policyKey ? recordsRetainedThrough(loadPolicy(policyKey), closedOn) : null;
  return byPolicy ? { keepUntil: byPolicy, source: 'policy' } : { keepUntil: addYears(closedOn, defaultYears), source: 'default' };
}

/** PostgreSQL text holds no NUL character; a reason carrying one must not stall the trail. */
const withoutNul = (text: string | null) => (text === null ? null : text.replace(/\u0000/g, ''));

export function createRecordActivities(deps: { db: Database }, options: { defaultRetentionYears?: number } = {}) {
  const defaultYears = options.defaultRetentionYears ?? defaultRetentionYears();
  return {
    async recordTransitions(batch: TransitionBatchInput): Promise<{ written: number }> {
      const { policyKey, orgId } = ownerOf(batch.workflowId);
      const written = await recordTransitions(deps.db, {
        workflowId: batch.workflowId,
        chainId: batch.chainId,
        machine: batch.machine,
        policyKey,
        orgId,
        transitions: batch.transitions.map((t) => ({ ...t, reason: withoutNul(t.reason), event: t.event.replace(/\u0000/g, '') })),
      });
      return { written };
    },

    async archiveRecord(input: ArchiveInput): Promise<{ created: boolean }> {
      const owner = ownerOf(input.workflowId);
      const retention = retentionOf(owner.policyKey, chinaDateOf(input.closedAt), defaultYears);
      return archiveRecord(deps.db, {
        workflowId: input.workflowId,
        chainId: input.chainId,
        machine: input.machine,
        ...owner,
        stage: input.view.stage,
        // As the API's reads answer a workflow: the view plus its type and last run.
        view: JSON.parse(JSON.stringify({ ...input.view, workflowType: input.workflowType, runId: input.runId }), (_key, value: unknown) =>
          typeof value === 'string' ? value.replace(/\u0000/g, '') : value,
        ),
        closedAt: new Date(input.closedAt).toISOString(),
        keepUntil: retention.keepUntil,
        retentionSource: retention.source,
      });
    },
  };
}
