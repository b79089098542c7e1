import { log } from '@temporalio/activity';
import type { PublishNoticeParams } from '../workflows/machines/demo-notice';
import type { EffectInput } from '../workflows/runtime/types';

/**
 * The demo machine's public notice. It only writes a structured log line: the award machines'
 * notices are stored and listed by the API (see the notices module), this one exists to exercise
 * the runtime's effect path end to end.
 */
export async function publishNotice(input: EffectInput<PublishNoticeParams>): Promise<void> {
  log.info('公告', { key: input.idempotencyKey, kind: input.params.kind, title: input.params.title, at: input.at });
}
