/**
 * Messages between award workflows. An application reports its status to its cycle; a cycle tells
 * its applications what stage it is in and what they were awarded.
 *
 * Both travel as the runtime's `systemMessage` signal, not as updates: a thousand applications
 * reporting on deadline day would otherwise queue behind the cycle's limit of updates in flight and
 * be refused. A signal is accepted by the server at once and batched with others into one workflow
 * task. The receiver drops what it has already applied (message id, and the application's `seq` for
 * reports), so a retried activity changes nothing twice.
 *
 * A report also writes the application's row in the applications table (PostgreSQL) before it
 * signals, so every application the cycle knows of has a row: the table is where the API lists and
 * pages applications, and where a broadcast finds its recipients.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { upsertApplicationRow, runningApplications, type Database } from '../db';
import { applicationWorkflowId } from '../workflows/machines/cycle/ids';
import type { ReportToCycleParams } from '../workflows/machines/application/types';
import type { BroadcastParams } from '../workflows/machines/cycle/types';
import { systemMessageSignal } from '../workflows/runtime/definitions';
import type { EffectInput, MachineEvent } from '../workflows/runtime/types';

export type { BroadcastParams, ReportToCycleParams };

/** Signals sent at once by one broadcast: enough to keep the server busy, few enough not to flood it. */
const BROADCAST_CONCURRENCY = 16;

/** Sends a system message; false when the receiver is gone (finished or unknown), which is not an error. */
async function signal(workflowId: string, event: MachineEvent, messageId: string, input: EffectInput): Promise<boolean> {
  try {
    await Context.current()
      .client.workflow.getHandle(workflowId)
      .signal(systemMessageSignal, { event, messageId, sender: input.workflowId });
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

export function createCoordinationActivities(deps: { db: Database }) {
  return {
    async reportToCycle(input: EffectInput<ReportToCycleParams>): Promise<void> {
      const { cycleWorkflowId, notifyCycle, ...report } = input.params;
      const { seq } = input;
      if (report.policyKey !== undefined && report.year !== undefined) {
        await upsertApplicationRow(deps.db, {
          policyKey: report.policyKey,
          year: report.year,
          orgId: report.orgId,
          workflowId: input.workflowId,
          organisationName: report.organisationName,
          category: report.category,
          status: report.status,
          tierId: report.tierId,
          materialScore: report.materialScore,
          onSiteScore: report.onSiteScore,
          totalScore: report.totalScore,
          reviewers: report.reviewers ?? [],
          report,
          seq,
          registeredAt: new Date(report.submittedAt ?? input.at),
          updatedAt: new Date(input.at),
        });
      }
      if (notifyCycle === false) return;
      // Only what the cycle decides on; failures, reasons and reviewers stay in the table.
      const { orgId, status, category, organisationName, submittedAt, priorTiers, onSiteScore, totalScore } = report;
      const event = { type: 'APPLICATION_REPORTED', seq, orgId, status, category, organisationName, submittedAt, priorTiers, onSiteScore, totalScore };
      // A closed cycle has nothing left to decide: an expected outcome, logged once, not a failure.
      if (!(await signal(cycleWorkflowId, event, input.idempotencyKey, input))) {
        Context.current().log.info('report not delivered: the cycle has finished', { cycle: cycleWorkflowId, status: report.status });
      }
    },

    async broadcastToApplications(input: EffectInput<BroadcastParams>): Promise<{ delivered: number; undelivered: string[] }> {
      const { policyKey, year, event, to } = input.params;
      const recipients =
        'orgIds' in to
          ? to.orgIds.map((orgId) => ({ orgId, workflowId: applicationWorkflowId(policyKey, year, orgId) }))
          : await runningApplications(deps.db, policyKey, year, to.allRunningExcept);
      const undelivered: string[] = [];
      let next = 0;
      let sent = 0;
      const worker = async () => {
        for (let i = next++; i < recipients.length; i = next++) {
          const { orgId, workflowId } = recipients[i]!;
          // One id per recipient and broadcast: a retried activity re-sends, and receivers drop the repeat.
          if (!(await signal(workflowId, event, `${input.idempotencyKey}/${orgId}`, input))) undelivered.push(orgId);
          sent += 1;
          if (sent % 100 === 0) Context.current().heartbeat(sent);
        }
      };
      await Promise.all(Array.from({ length: Math.min(BROADCAST_CONCURRENCY, recipients.length) }, worker));
      if (undelivered.length > 0) Context.current().log.info('broadcast: some applications have finished', { event: event.type, undelivered: undelivered.length });
      return { delivered: recipients.length - undelivered.length, undelivered: undelivered.sort() };
    },
  };
}
