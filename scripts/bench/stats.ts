/** Figures for the benchmarks: percentiles in the style of bench-runtime, counters, and formatting. */

/** Nearest-rank percentile of an ascending list (the same rule as scripts/bench-runtime.ts). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Counts by key, e.g. HTTP status or refusal code. */
export class Counter {
  private readonly counts = new Map<string, number>();

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  entries(): Array<[string, number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** `200×498, 503×2`, or `none`. */
  format(): string {
    const entries = this.entries();
    return entries.length === 0 ? 'none' : entries.map(([key, n]) => `${key}×${n}`).join(', ');
  }
}

export const ms = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)}` : '–');

export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(1)} s`;

/** Decimal units, as the targets are stated (10 MB = 10,000,000 bytes). */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(2)} MB`;
}

/** A markdown table, as bench-runtime prints; `numeric` columns are right-aligned (all but the first by default). */
export function table(header: string[], rows: Array<Array<string | number>>, numeric: boolean[] = header.map((_, i) => i > 0)): string {
  const lines = [`| ${header.join(' | ')} |`, `|${numeric.map((right) => (right ? '---:' : '---')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(String).join(' | ')} |`);
  return lines.join('\n');
}
