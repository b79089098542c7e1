/**
 * Public notices (公告、公示): stored once per idempotency key in the records database, where the
 * API lists them. The demo machine and the award machines both publish through this activity.
 */
import type { PublishNoticeParams as DemoNoticeParams } from '../workflows/machines/demo-notice';
import { namedOrganisations, renderNotice } from '../workflows/machines/cycle/notices';
import type { PublishNoticeParams as CycleNoticeParams } from '../workflows/machines/cycle/types';
import type { PublishStandingNoticeParams } from '../workflows/machines/standing/types';
import type { EffectInput } from '../workflows/runtime/types';
import { insertNoticeIfAbsent, namesWithStatus, organisationNames, type Database } from '../db';

/** A notice whose text is given (`body` generated from the kind when left out). */
export interface AwardNoticeParams {
  kind: string;
  title: string;
  body?: string;
  /** The cycle the notice belongs to, when an award workflow publishes it. */
  cycleWorkflowId?: string;
  jurisdiction?: string;
  cycle?: string;
}

export type PublishNoticeParams = AwardNoticeParams | DemoNoticeParams | CycleNoticeParams;

/** A cycle's notice names organisations; their names come from the applications table. */
async function renderCycleNotice(db: Database, params: CycleNoticeParams): Promise<AwardNoticeParams> {
  const { render, ...rest } = params;
  const { policyKey, year } = render.context;
  const names = await organisationNames(db, policyKey, year, namedOrganisations(params));
  const accepted = params.kind === 'acceptanceList' ? await namesWithStatus(db, policyKey, year, 'eligible') : [];
  return { ...rest, ...renderNotice(params, { nameOf: (orgId) => names.get(orgId) ?? orgId, accepted }) };
}

const BODY_BY_KIND: Record<string, (title: string) => string> = {
  publicity: (title) => `${title}，现予公示。对公示内容有异议的，请在公示期内以书面形式实名反映。`,
  valid: (title) => `${title}公示期满无异议，自即日起生效。`,
  expired: (title) => `${title}有效期已届满，自即日起失效。`,
  revoked: (title) => `${title}已依规撤销，特此公告。`,
};

export function noticeBody(kind: string, title: string): string {
  return BODY_BY_KIND[kind]?.(title) ?? `${title}，特此公告。`;
}

export function createNoticeActivities(deps: { db: Database }) {
  return {
    async publishNotice(input: EffectInput<PublishNoticeParams>): Promise<void> {
      const params: AwardNoticeParams = 'render' in input.params ? await renderCycleNotice(deps.db, input.params) : (input.params as AwardNoticeParams);
      await insertNoticeIfAbsent(deps.db, {
        idempotencyKey: input.idempotencyKey,
        // A notice belongs to its cycle, so listing a cycle finds notices its applications published.
        workflowId: params.cycleWorkflowId ?? input.workflowId,
        jurisdiction: params.jurisdiction ?? null,
        cycle: params.cycle ?? null,
        kind: params.kind,
        title: params.title,
        body: params.body ?? noticeBody(params.kind, params.title),
        // Workflow time, not the clock: a retry a day later still publishes at the transition's instant.
        publishedAt: new Date(input.at),
        payload: { ...params, sourceWorkflowId: input.workflowId, machine: input.machine, stage: input.stage },
      });
    },

    /** A notice about one organisation's award (validity ended, revoked), listed under the award's cycle. */
    async publishStandingNotice(input: EffectInput<PublishStandingNoticeParams>): Promise<void> {
      const { kind, policyKey, cycle, title, body } = input.params;
      await insertNoticeIfAbsent(deps.db, {
        idempotencyKey: input.idempotencyKey,
        workflowId: input.workflowId,
        jurisdiction: policyKey,
        cycle: String(cycle),
        kind,
        title,
        body,
        publishedAt: new Date(input.at),
        payload: { ...input.params, sourceWorkflowId: input.workflowId, machine: input.machine, stage: input.stage },
      });
    },
  };
}
