/**
 * The GB/T 19580《卓越绩效评价准则》 scoring model, shared by every policy that scores against it.
 * Scoring validation (later) checks item scores against these maxima.
 */
export const SCORING_CATEGORY_IDS = [
  'leadership',
  'strategy',
  'customers',
  'resources',
  'process',
  'measurement',
  'results',
] as const;
export type ScoringCategoryId = (typeof SCORING_CATEGORY_IDS)[number];

export interface ScoringCategory {
  id: ScoringCategoryId;
  name: string;
  maxPoints: number;
}

export interface ScoringModel {
  id: string;
  name: string;
  categories: readonly ScoringCategory[];
  totalPoints: number;
}

export const GBT_19580: ScoringModel = Object.freeze({
  id: 'GB/T 19580',
  name: '卓越绩效评价准则',
  categories: Object.freeze([
    { id: 'leadership', name: '领导', maxPoints: 110 },
    { id: 'strategy', name: '战略', maxPoints: 90 },
    { id: 'customers', name: '顾客与市场', maxPoints: 90 },
    { id: 'resources', name: '资源', maxPoints: 130 },
    { id: 'process', name: '过程管理', maxPoints: 100 },
    { id: 'measurement', name: '测量、分析与改进', maxPoints: 80 },
    { id: 'results', name: '结果', maxPoints: 400 },
  ] satisfies ScoringCategory[]),
  totalPoints: 1000,
});

export const SCORING_MODELS: Readonly<Record<string, ScoringModel>> = Object.freeze({
  [GBT_19580.id]: GBT_19580,
});
