/** The pure rule behind 400 RECOMMENDATION_REQUIRED: which policies require a recommendation with the application, read as the machine reads it. */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../workflows/policy/index.js';
import { missingForSubmission, recommendationOf } from '../../workflows/policy/submission';

const signed = { by: 'industry-association' as const, signedOn: '2026-11-20' };

describe('missingForSubmission', () => {
  it.each([
    ['benxi-draft', '第十五条'],
    ['chanhe-2021', '第十六条'],
    ['daqing-2018', '第十二条'],
  ])('本溪第十五条 and its kin: %s requires a recommendation with the application (%s)', (policyKey, article) => {
    const policy = loadPolicy(policyKey);
    for (const application of [{ profile: {} }, { profile: { recommendation: null } }, { recommendation: null, profile: { recommendation: signed } }]) {
      const [missing, ...more] = missingForSubmission(policy, application);
      expect(more).toEqual([]);
      expect(missing).toMatchObject({ field: 'recommendation', article });
      expect(missing!.message).toContain('推荐意见');
    }
    expect(missingForSubmission(policy, { profile: { recommendation: signed } })).toEqual([]);
    expect(missingForSubmission(policy, { recommendation: signed, profile: {} })).toEqual([]);
  });

  it('names who signs, from the eligibility criterion', () => {
    expect(missingForSubmission(loadPolicy('daqing-2018'), { profile: {} })[0]!.message).toContain('县（区）人民政府');
  });

  it('ganzhou-2022 requires none', () => {
    expect(missingForSubmission(loadPolicy('ganzhou-2022'), { profile: { recommendation: null } })).toEqual([]);
  });

  it('a recommendation given with the application replaces the profile’s, even as null (as the application machine reads it)', () => {
    expect(recommendationOf({ recommendation: null, profile: { recommendation: signed } })).toBeNull();
    expect(recommendationOf({ profile: { recommendation: signed } })).toEqual(signed);
    expect(recommendationOf({ profile: {} })).toBeNull();
  });
});
