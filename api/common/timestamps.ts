/**
 * Workflows keep instants as epoch milliseconds (deterministic, cheap to compare); the API shows
 * every instant as ISO 8601 in UTC (`2026-12-31T09:00:00.000Z`), like `since` and timers' `dueAt`.
 * An instant is recognised by its key: `at`, a key ending in `At` or `Deadline`, or any member of a
 * map of instants (`deadlines`, `startedAt`, `evidenceSubmitted`).
 */
const INSTANT_KEY = /^(?:at|.*At|.*Deadline)$/;
const INSTANT_MAPS = new Set(['deadlines', 'startedAt', 'evidenceSubmitted']);

const iso = (ms: number) => new Date(ms).toISOString();

export function withIsoTimestamps(value: unknown, key = '', inMap = false): unknown {
  if (typeof value === 'number') return (inMap || INSTANT_KEY.test(key)) && Number.isFinite(value) ? iso(value) : value;
  if (Array.isArray(value)) return value.map((item) => withIsoTimestamps(item));
  if (value && typeof value === 'object') {
    const map = INSTANT_MAPS.has(key);
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withIsoTimestamps(v, k, map)]));
  }
  return value;
}
