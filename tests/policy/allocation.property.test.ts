import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  INDUSTRY_CATEGORIES,
  POLICY_KEYS,
  loadPolicy,
  validateProposal,
  type AllocationCandidate,
} from '../../workflows/policy/index.js';

const candidatesArb = (tierIds: string[]) =>
  fc
    .array(
      fc.record({
        category: fc.constantFrom(...INDUSTRY_CATEGORIES),
        eligible: fc.boolean(),
        disqualified: fc.boolean(),
        priorTiers: fc.subarray(tierIds),
        qualifiedTiers: fc.option(fc.subarray(tierIds), { nil: undefined }),
      }),
      { maxLength: 30 },
    )
    .map((rows) => rows.map((r, i): AllocationCandidate => ({ id: `c${i}`, ...r })));

describe.each(POLICY_KEYS)('allocation properties: %s', (key) => {
  const policy = loadPolicy(key);
  const tierIds = policy.tiers.map((t) => t.id);

  it('never exceeds a quota or a category cap, and never awards an ineligible, disqualified or unqualified candidate', () => {
    fc.assert(
      fc.property(candidatesArb(tierIds), (cands) => {
        const byId = new Map(cands.map((c) => [c.id, c]));
        const result = allocateTiers(policy, cands);
        const all = result.tiers.flatMap((t) => t.awarded.map((a) => a.candidateId));
        expect(new Set(all).size).toBe(all.length);
        for (const alloc of result.tiers) {
          const tier = policy.tiers.find((t) => t.id === alloc.tierId)!;
          const counted = alloc.awarded.filter((a) => !a.outsideQuota);
          expect(counted.length).toBeLessThanOrEqual(tier.quota.max);
          expect(alloc.withinQuota + alloc.vacancies).toBe(tier.quota.max);
          for (const cap of tier.categoryCaps) {
            expect(counted.filter((a) => cap.categories.includes(a.category)).length).toBeLessThanOrEqual(cap.max);
          }
          for (const a of alloc.awarded) {
            const c = byId.get(a.candidateId)!;
            expect(c.eligible).toBe(true);
            expect(c.disqualified).toBe(false);
            if (c.qualifiedTiers) expect(c.qualifiedTiers).toContain(tier.id);
            if (a.outsideQuota) expect(tier.reAward?.outsideQuota && c.priorTiers?.includes(tier.id)).toBe(true);
            if (!tier.repeatAllowed.value) expect(c.priorTiers ?? []).not.toContain(tier.id);
          }
        }
        // The allocation, read as a committee proposal, has no violations.
        const proposal = Object.fromEntries(result.tiers.map((t) => [t.tierId, t.awarded.map((a) => a.candidateId)]));
        expect(validateProposal(policy, cands, proposal)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a place vacant only when no remaining candidate could fill it', () => {
    fc.assert(
      fc.property(candidatesArb(tierIds), (cands) => {
        const result = allocateTiers(policy, cands);
        const placed = new Set(result.tiers.flatMap((t) => t.awarded.map((a) => a.candidateId)));
        const top = result.tiers[0]!;
        const tier = policy.tiers[0]!;
        if (top.vacancies === 0) return;
        const counted = top.awarded.filter((a) => !a.outsideQuota);
        for (const c of cands) {
          if (placed.has(c.id) || !c.eligible || c.disqualified) continue;
          if (c.qualifiedTiers && !c.qualifiedTiers.includes(tier.id)) continue;
          if (c.priorTiers?.includes(tier.id)) continue;
          const capFull = tier.categoryCaps.some(
            (cap) => cap.categories.includes(c.category) && counted.filter((a) => cap.categories.includes(a.category)).length >= cap.max,
          );
          expect(capFull).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a proposal that exceeds the quota is reported with the quota article', () => {
    const tier = policy.tiers[0]!;
    const cands = Array.from({ length: tier.quota.max + 1 }, (_, i): AllocationCandidate => ({ id: `x${i}`, category: 'other', eligible: true }));
    const v = validateProposal(policy, cands, { [tier.id]: cands.map((c) => c.id) });
    expect(v.find((x) => x.code === 'over-quota')).toMatchObject({ article: tier.quota.article });
  });

  it('a proposal naming ineligible or disqualified candidates reports each of them', () => {
    const tier = policy.tiers[0]!;
    const cands: AllocationCandidate[] = [
      { id: 'bad', category: 'manufacturing', eligible: false },
      { id: 'dq', category: 'manufacturing', eligible: true, disqualified: true },
    ];
    const v = validateProposal(policy, cands, { [tier.id]: ['bad', 'dq', 'ghost'] });
    expect(v.map((x) => x.code).sort()).toEqual(['disqualified', 'ineligible', 'unknown-candidate']);
    expect(v.find((x) => x.code === 'ineligible')!.message).toContain('不符合申报条件');
  });
});
