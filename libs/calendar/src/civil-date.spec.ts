import {
  addDays,
  dayNumber,
  formatShanghai,
  instantOf,
  isCivilDate,
  shanghaiDate,
  shanghaiDayAndTime,
  weekday,
} from './civil-date.js';

describe('civil dates in Asia/Shanghai (fixed +08:00)', () => {
  it('puts an instant on its Shanghai day, whatever the machine time zone', () => {
    // 16:30 UTC is already 00:30 the next day in Shanghai.
    expect(shanghaiDate(new Date('2025-09-27T16:30:00Z'))).toBe('2025-09-28');
    expect(shanghaiDate(new Date('2025-09-27T15:59:59Z'))).toBe('2025-09-27');
    expect(shanghaiDayAndTime(new Date('2025-09-27T16:30:00Z')).msOfDay).toBe(30 * 60_000);
  });

  it('turns a day and a time of day back into an instant', () => {
    expect(instantOf(dayNumber('2025-09-29'), (17 * 60 + 30) * 60_000).toISOString()).toBe(
      '2025-09-29T09:30:00.000Z',
    );
    expect(formatShanghai(new Date('2025-09-29T09:30:00Z'))).toBe('2025-09-29T17:30:00+08:00');
  });

  it('knows weekdays and adds days across months and years', () => {
    expect(weekday('2025-09-28')).toBe(0); // Sunday
    expect(weekday('2026-02-14')).toBe(6); // Saturday
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('refuses impossible dates', () => {
    expect(isCivilDate('2025-02-29')).toBe(false);
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2025-9-1')).toBe(false);
    expect(() => dayNumber('2025-13-01')).toThrow('"2025-13-01" is not a calendar date (YYYY-MM-DD)');
  });
});
