import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  ARTICLE_RE,
  loadPolicy,
  parseChineseNumeral,
  parsePolicy,
  POLICY_KEYS,
  allPolicies,
  PolicyValidationError,
  toChineseNumeral,
  UnknownPolicyError,
} from '../../workflows/policy/index.js';
import { ganzhou2022 } from '../../workflows/policy/jurisdictions/ganzhou-2022.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const code = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/^import .*$/gm, '');

function issuesOf(input: unknown) {
  try {
    parsePolicy(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyValidationError);
    return (e as PolicyValidationError).issues;
  }
  throw new Error('expected the policy to be refused');
}

function collectArticles(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => collectArticles(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'article') out.push(x as string);
      else collectArticles(x, out);
    }
  }
  return out;
}

/** The regulations' originals live in the project's shared/ folder, beside the repository. */
const SEEDS = join(__dirname, '..', '..', '..', 'shared', 'seeds');

describe('policy registry and schema', () => {
  it('loads the four jurisdictions, validated and frozen', () => {
    expect(POLICY_KEYS).toEqual(['ganzhou-2022', 'benxi-draft', 'chanhe-2021', 'daqing-2018']);
    for (const key of POLICY_KEYS) {
      const p = loadPolicy(key);
      expect(p.key).toBe(key);
      expect(Object.isFrozen(p.tiers)).toBe(true);
    }
    expect(() => loadPolicy('shenzhen-2030')).toThrow(UnknownPolicyError);
  });

  it('every rule cites an article in Chinese numerals that exists in the original', () => {
    for (const p of allPolicies()) {
      const articles = collectArticles(p);
      expect(articles.length).toBeGreaterThan(25);
      for (const a of articles) expect(a).toMatch(ARTICLE_RE);
      const seed = readFileSync(join(SEEDS, p.document.seedFile), 'utf8');
      for (const a of articles) {
        for (const m of a.matchAll(/第([一二三四五六七八九十百]+)条/g)) {
          expect(seed, `${p.key}: ${m[0]}`).toContain(m[0]);
          expect(parseChineseNumeral(m[1]!)).toBeLessThanOrEqual(p.document.articleCount);
        }
      }
    }
  });

  it('refuses a policy whose citation is missing, naming the field and the reason', () => {
    const bad = clone(ganzhou2022) as { tiers: Array<{ quota: { article?: string } }> };
    delete bad.tiers[0]!.quota.article;
    const issues = issuesOf(bad);
    expect(issues).toEqual([{ path: 'tiers.0.quota.article', reason: '缺少条款引用（article），每项规则必须注明第N条' }]);
    expect(() => parsePolicy(bad)).toThrow(/ganzhou-2022.*\n.*tiers\.0\.quota\.article: 缺少条款引用/);
  });

  it('refuses malformed citations and bad values, naming each field', () => {
    const bad = clone(ganzhou2022) as unknown as Record<string, any>;
    bad.validity.article = 'Art. 23';
    bad.tiers[1].quota.max = 0;
    bad.reviewSteps[7].period.length.unit = 'weeks';
    const byPath = Object.fromEntries(issuesOf(bad).map((i) => [i.path, i.reason]));
    expect(Object.keys(byPath).sort()).toEqual(['reviewSteps.7.period.length.unit', 'tiers.1.quota.max', 'validity.article']);
    expect(byPath['validity.article']).toContain('第N条');
    expect(byPath['tiers.1.quota.max']).toBe('必须大于零');
    expect(byPath['reviewSteps.7.period.length.unit']).toContain('时长单位');
  });

  it('refuses inconsistent rules: citations beyond the original, caps above the quota, unknown tiers', () => {
    const bad = clone(ganzhou2022) as unknown as Record<string, any>;
    bad.fees.article = '第九十九条';
    bad.tiers[0].categoryCaps[0].max = 6;
    bad.prizes.topUps = [{ fromTier: 'bronze', toTier: 'award', amountCny: 1, article: '第八条' }];
    const byPath = Object.fromEntries(issuesOf(bad).map((i) => [i.path, i.reason]));
    expect(byPath['fees.article']).toBe('引用的第九十九条超出原文条款范围（共34条）');
    expect(byPath['tiers.0.categoryCaps.0.max']).toBe('行业限额6超过该奖项总名额5');
    expect(byPath['prizes.topUps.0.fromTier']).toBe('引用了未定义的奖项：bronze');
  });

  it('refuses a revocation window tied to a validity the policy does not have', () => {
    const bad = clone(ganzhou2022) as unknown as Record<string, any>;
    bad.validity = null;
    bad.duties.annualReport = null;
    bad.duties.reEvaluation = null;
    bad.duties.experienceSharing = [];
    expect(issuesOf(bad)).toEqual([{ path: 'revocation.causes.1.window', reason: '以“有效期内”为期限，但政策未规定有效期' }]);
  });

  it('a fifth jurisdiction is data only: a new policy object works with every rule function', () => {
    const fifth = clone(ganzhou2022) as unknown as Record<string, any>;
    fifth.key = 'example-2030';
    fifth.tiers[0].quota.max = 1;
    fifth.tiers[0].categoryCaps = [];
    const p = parsePolicy(fifth);
    const r = allocateTiers(p, [
      { id: 'a', category: 'service', eligible: true },
      { id: 'b', category: 'service', eligible: true },
    ]);
    expect(r.tiers[0]!.awarded.map((a) => a.candidateId)).toEqual(['a']);
  });

  it('no rule module branches on a jurisdiction key', () => {
    const dir = join(__dirname, '../../workflows/policy');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /ganzhou|benxi|chanhe|daqing/i.test(code(readFileSync(join(dir, f), 'utf8'))));
    expect(offenders).toEqual(['registry.ts']);
    const registry = readFileSync(join(dir, 'registry.ts'), 'utf8');
    expect(registry).not.toMatch(/===\s*['"](ganzhou|benxi|chanhe|daqing)/);
  });

  it('the rule modules stay deterministic: no clock, randomness, Node built-ins or calendar package', () => {
    const dir = join(__dirname, '../../workflows/policy');
    const files = [...readdirSync(dir), ...readdirSync(join(dir, 'jurisdictions')).map((f) => `jurisdictions/${f}`)].filter((f) => f.endsWith('.ts'));
    for (const f of files) {
      const src = code(readFileSync(join(dir, f), 'utf8'));
      expect(src, f).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random|from 'node:|from 'fs'|chinese-days'|process\./);
    }
  });

  it('Chinese numerals round-trip', () => {
    for (const n of [1, 9, 10, 11, 20, 27, 30, 36, 99, 100, 103, 110]) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
    expect(toChineseNumeral(27)).toBe('二十七');
  });
});
