/**
 * Replays histories recorded from real runs (tests/histories, written by `npm run record:histories`)
 * against today's workflow code. Workflows here live for years, so a change that would make an open
 * workflow take another path fails this test; such changes go behind `patched()` (README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { scenarios } from '../histories/scenarios';
import { workflowBundle } from '../support/temporal';

const root = join(__dirname, '..', 'histories');

function recorded(): Array<{ workflowId: string; history: ReturnType<typeof historyFromJSON> }> {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(root, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => ({
          workflowId: `${dir.name}/${file}`,
          history: historyFromJSON(JSON.parse(readFileSync(join(root, dir.name, file), 'utf8'))),
        })),
    );
}

describe('replay of recorded histories', () => {
  it('has a recording for every scenario, including the runs after continue-as-new', () => {
    const dirs = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirs.sort()).toEqual(scenarios.map((s) => s.name).sort());
    expect(readdirSync(join(root, 'continue-as-new-during-validity')).length).toBeGreaterThan(1);
  });

  it('replays every recorded run without nondeterminism', async () => {
    const histories = recorded();
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toHaveLength(histories.length);
    expect(results.filter((r) => r.error)).toEqual([]);
  });
});
