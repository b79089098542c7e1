/** Regenerates docs/policies.md from the policies: `npx tsx scripts/generate-policy-table.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPolicyTable } from '../workflows/policy/docs-table.js';
import { loadPolicy, POLICY_KEYS } from '../workflows/policy/index.js';

const target = join(__dirname, '..', 'docs', 'policies.md');
writeFileSync(target, renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k))), 'utf8');
console.log(`wrote ${target}`);
