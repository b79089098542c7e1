import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addYears,
  chinaDateOf,
  chinaStartOfDay,
  deadlineFrom,
  isIsoDate,
  WorkingDayCalendarRequiredError,
  isCycleYear,
  loadPolicy,
  nextCycleAfter,
  cycleOnOrAfter,
} from '../../workflows/policy/index.js';
import { china, weekendsOnlyCalendar } from './fixtures.js';

describe('dates and deadlines (pure)', () => {
  it('an instant belongs to its China-time day (UTC+8)', () => {
    expect(chinaDateOf(Date.parse('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(chinaDateOf(Date.parse('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(chinaStartOfDay('2026-10-01')).toBe(Date.parse('2026-09-30T16:00:00Z'));
  });

  it('leap days and month ends: the corresponding day, or the month end when there is none', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2100-02-28', 0)).toBe('2100-02-28');
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-31', -1)).toBe('2026-11-30');
  });

  it('a period starting late in the evening counts from the next China day', () => {
    const d = deadlineFrom(china('2026-12-31T23:30:00'), { amount: 1, unit: 'years' });
    expect(d).toMatchObject({ startDay: '2026-12-31', lastDay: '2027-12-31', endsAtIso: '2028-01-01T00:00:00+08:00' });
    expect(deadlineFrom(china('2027-02-28T08:00:00'), { amount: 1, unit: 'calendarDays' }).lastDay).toBe('2027-03-01');
    expect(deadlineFrom(china('2028-02-28T08:00:00'), { amount: 1, unit: 'calendarDays' }).lastDay).toBe('2028-02-29');
  });

  it('working days need a calendar: never a silent weekends-only guess', () => {
    expect(() => deadlineFrom(china('2026-09-30T10:00:00'), { amount: 5, unit: 'workingDays' })).toThrow(WorkingDayCalendarRequiredError);
    expect(deadlineFrom(china('2026-09-25T10:00:00'), { amount: 5, unit: 'workingDays' }, weekendsOnlyCalendar).lastDay).toBe('2026-10-02');
  });

  it('property: a years period ends on the same month and day, or on the month end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2090 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 10 }), (y, m, d, n) => {
        const date = `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, new Date(Date.UTC(y, m, 0)).getUTCDate())).padStart(2, '0')}`;
        const out = addYears(date, n);
        expect(isIsoDate(out)).toBe(true);
        expect(out.slice(0, 4)).toBe(String(y + n));
        expect(out.slice(5, 7)).toBe(date.slice(5, 7));
        if (date.slice(5) !== '02-29') expect(out.slice(5)).toBe(date.slice(5));
      }),
    );
  });

  it('cycles every two years from the policy data', () => {
    const p = loadPolicy('ganzhou-2022');
    expect([2022, 2023, 2024, 2028].map((y) => isCycleYear(p, y))).toEqual([true, false, true, true]);
    expect(cycleOnOrAfter(p, 2031)).toBe(2032);
    expect(nextCycleAfter(p, '2028-03-01')).toBe(2030);
    expect(nextCycleAfter(p, '2027-12-31')).toBe(2028);
  });
});
