/** Score sheets for tests (no vitest import, so scripts such as the history recorder can use it). */
import { GBT_19580 } from '../../workflows/policy/index.js';
import type { ScoreSheet } from '../../workflows/machines/application';

/** A sheet whose total is exactly `total` (for rankings), spread over the categories by their maxima. */
export function sheetTotalling(total: number): ScoreSheet {
  const out = {} as ScoreSheet;
  let rest = total;
  for (const c of GBT_19580.categories) {
    if (c.id === 'results') continue;
    out[c.id] = Math.floor((c.maxPoints * total) / GBT_19580.totalPoints);
    rest -= out[c.id];
  }
  out.results = rest;
  return out;
}

