/** Article citations (第N条) as the originals write them, with Chinese numerals. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

const NUM = '[零〇一二两三四五六七八九十百]+';
const ONE_ARTICLE = `第${NUM}条(?:第${NUM}款)?(?:第[（(]${NUM}[）)]项)?`;
/** One article, or several joined by 、 or a range with 至: 第二十条至第二十四条. */
export const ARTICLE_RE = new RegExp(`^${ONE_ARTICLE}(?:[、至]${ONE_ARTICLE})*$`);
const ARTICLE_NUMBER_RE = new RegExp(`第(${NUM})条`, 'g');

/** 二十七 → 27, 十 → 10, 一百零三 → 103. Returns NaN for anything else. */
export function parseChineseNumeral(text: string): number {
  if (text.length === 0) return Number.NaN;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      const d = DIGITS[ch];
      if (d === undefined) return Number.NaN;
      current = d;
    }
  }
  return total + current;
}

const SMALL = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 27 → 二十七, 10 → 十, 103 → 一百零三 (1–999). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`unsupported numeral ${n}`);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let out = '';
  if (h) out += `${SMALL[h]}百`;
  if (t) out += `${h === 0 && t === 1 ? '' : SMALL[t]}十`;
  else if (h && u) out += '零';
  if (u) out += SMALL[u];
  return out;
}

/** 27 → 第二十七条 */
export function article(n: number): string {
  return `第${toChineseNumeral(n)}条`;
}

/** All article numbers a citation mentions: 第二十条至第二十四条 → [20, 24]. */
export function articleNumbers(citation: string): number[] {
  return [...citation.matchAll(ARTICLE_NUMBER_RE)].map((m) => parseChineseNumeral(m[1] ?? ''));
}
