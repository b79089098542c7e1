/**
 * Records the replay scenarios' histories into tests/histories/<scenario>/run-N.json.
 * Run it when the runtime changes on purpose (behind patched()), never to make a replay failure go away.
 *
 *   npm run record:histories                      every scenario
 *   npm run record:histories -- --only NAME[,NAME]  only these (a new scenario beside recordings that stay)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { scenarios } from '../tests/histories/scenarios';
import { startTimeSkippingWorker } from '../tests/support/time-skipping-worker';
import { connectActivityDeps } from '../activities';
import { DEFAULT_FROM } from '../config/mail';
import { startThrowawayServices } from './postgres/throwaway';

async function main(): Promise<void> {
  const services = await startThrowawayServices();
  const deps = await connectActivityDeps(
    { databaseUrl: services.databaseUrl, external: true, embeddedPort: 0 },
    { smtpUrl: services.smtpUrl, external: true, from: DEFAULT_FROM, roles: { office: 'office@example.gov.cn' } },
  );
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',');
  const chosen = scenarios.filter((scenario) => !only || only.includes(scenario.name));
  if (only && chosen.length !== only.length) throw new Error(`unknown scenario in --only ${values.only}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const { env, taskQueue, stop } = await startTimeSkippingWorker('record-histories', deps);
  try {
    for (const scenario of chosen) {
      const recorded = await scenario.run(env, taskQueue);
      const dir = join(__dirname, '..', 'tests', 'histories', scenario.name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      let count = 0;
      for (const { workflowId, firstRunId } of recorded) {
        // Every run of the chain: continue-as-new starts a new history that must replay too.
        let runId: string | undefined = firstRunId;
        let run = 0;
        while (runId) {
          const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
          run += 1;
          count += 1;
          writeFileSync(join(dir, `${workflowId.replace(/[^\p{L}\p{N}_-]+/gu, '_')}.run-${run}.json`), historyToJSON(history));
          const last = history.events?.[history.events.length - 1];
          runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
        }
      }
      console.log(`[record-histories] ${scenario.name}: ${count} run(s)`);
    }
  } finally {
    await stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
