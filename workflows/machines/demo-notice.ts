/**
 * A small real machine that exercises every part of the durable runtime: staff events, a
 * publicity timer, an objection loop, a multi-year validity window and effects. The award
 * machines replace it in production; tests, `npm start` and the benchmark use it.
 */
import { assign, setup } from 'xstate';
import type { DurableMachine } from '../runtime/interpreter';
import { effect } from '../runtime/effect';

const DAY_MS = 86_400_000;

export interface DemoNoticeInput {
  noticeId: string;
  title: string;
  jurisdiction?: string;
  organisation?: string;
  publicityDays: number;
  validityDays: number;
}

export interface DemoNoticeContext extends DemoNoticeInput {
  notes: string[];
  objections: number;
}

export type DemoNoticeEvent =
  | { type: 'SUBMIT' }
  | { type: 'APPROVE' }
  | { type: 'REJECT'; reason?: string }
  | { type: 'OBJECT'; reason?: string }
  | { type: 'UPHOLD' }
  | { type: 'DISMISS' }
  | { type: 'REVOKE'; reason?: string }
  | { type: 'NOTE'; text: string };

export interface PublishNoticeParams {
  noticeId: string;
  kind: 'publicity' | 'valid' | 'expired' | 'revoked';
  title: string;
}

const publish = (kind: PublishNoticeParams['kind']) => ({
  type: 'publishNotice' as const,
  params: ({ context }: { context: DemoNoticeContext }): PublishNoticeParams => ({
    noticeId: context.noticeId,
    kind,
    title: context.title,
  }),
});

export const demoNoticeMachine = setup({
  types: {
    context: {} as DemoNoticeContext,
    input: {} as DemoNoticeInput,
    events: {} as DemoNoticeEvent,
  },
  actions: {
    publishNotice: effect<PublishNoticeParams>(),
    addNote: assign({
      notes: ({ context, event }) => (event.type === 'NOTE' ? [...context.notes, event.text] : context.notes),
    }),
  },
  guards: {
    hasText: ({ event }) => event.type === 'NOTE' && typeof event.text === 'string' && event.text.length > 0,
  },
  delays: {
    publicity: ({ context }) => context.publicityDays * DAY_MS,
    validity: ({ context }) => context.validityDays * DAY_MS,
  },
}).createMachine({
  id: 'demo-notice',
  context: ({ input }) => ({ ...input, notes: [], objections: 0 }),
  initial: 'draft',
  states: {
    draft: {
      meta: { label: '草稿', actor: 'office', roles: { SUBMIT: ['office', 'admin'] } },
      on: { SUBMIT: 'review' },
    },
    review: {
      meta: { label: '审核中', actor: 'office', roles: { APPROVE: ['office', 'admin'], REJECT: ['office', 'admin'] } },
      on: { APPROVE: 'publicity', REJECT: 'rejected' },
    },
    publicity: {
      meta: { label: '公示中', roles: { OBJECT: ['office', 'reviewer', 'committee', 'admin'], NOTE: ['office', 'reviewer', 'committee', 'admin'] } },
      entry: publish('publicity'),
      after: { publicity: 'valid' },
      on: {
        OBJECT: { target: 'objection', actions: assign({ objections: ({ context }) => context.objections + 1 }) },
        NOTE: { guard: 'hasText', actions: 'addNote' },
      },
    },
    objection: {
      meta: { label: '异议处理中', actor: 'committee', roles: { UPHOLD: ['committee', 'admin'], DISMISS: ['committee', 'admin'] } },
      on: { UPHOLD: 'rejected', DISMISS: 'publicity' },
    },
    valid: {
      meta: { label: '有效期内', actor: 'holder', roles: { NOTE: ['office', 'reviewer', 'committee', 'admin'], REVOKE: ['office', 'admin'] } },
      entry: publish('valid'),
      after: { validity: 'expired' },
      on: {
        NOTE: { guard: 'hasText', actions: 'addNote' },
        REVOKE: 'revoked',
      },
    },
    expired: { meta: { label: '已到期' }, type: 'final', entry: publish('expired') },
    revoked: { meta: { label: '已撤销' }, type: 'final', entry: publish('revoked') },
    rejected: { meta: { label: '未通过' }, type: 'final' },
  },
});

export const demoNotice: DurableMachine<typeof demoNoticeMachine> = {
  name: 'demo-notice',
  machine: demoNoticeMachine,
  identify: (context: DemoNoticeContext) => ({
    jurisdiction: context.jurisdiction,
    organisation: context.organisation,
  }),
};
