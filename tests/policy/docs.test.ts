import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPolicyTable } from '../../workflows/policy/docs-table.js';
import { loadPolicy, POLICY_KEYS } from '../../workflows/policy/index.js';

describe('docs/policies.md', () => {
  it('is in sync with the policies (regenerate with `npx tsx scripts/generate-policy-table.ts`)', () => {
    const onDisk = readFileSync(join(__dirname, '../../docs/policies.md'), 'utf8');
    expect(onDisk).toBe(renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k))));
  });

  it('shows each jurisdiction with cited rules', () => {
    const md = renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k)));
    for (const k of POLICY_KEYS) expect(md).toContain(`\`${k}\``);
    expect(md).toContain('获奖组织间隔2届后（第二十七条）');
    expect(md).toContain('5个工作日内受理审查并出具书面凭证（第二十二条）');
  });
});
