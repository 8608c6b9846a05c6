import { WorkingCalendar } from '#calendar';
import {
  defaultCutoff,
  instantOfIso,
  isMonth,
  monthDays,
  monthEnd,
  previousMonth,
  shanghaiTime,
} from './month.js';

describe('the months of 月度通报', () => {
  const calendar = WorkingCalendar.builtIn();
  const cutoff = (month: string) => shanghaiTime(defaultCutoff(month, calendar));

  it('freezes a month by default at 00:00 of the third working day of the next month, by the calendar', () => {
    expect(cutoff('2026-01')).toBe('2026-02-04T00:00:00+08:00');
    // 清明 is 4 to 6 April: 1, 2 and 3 April are working days.
    expect(cutoff('2026-03')).toBe('2026-04-03T00:00:00+08:00');
    // 元旦 1 to 3 January 2026, and Sunday 4 January a make-up working day (调休).
    expect(cutoff('2025-12')).toBe('2026-01-06T00:00:00+08:00');
    // 国庆 1 to 7 October 2026; Saturday 10 October is a make-up working day.
    expect(cutoff('2026-09')).toBe('2026-10-10T00:00:00+08:00');
  });

  it('knows the days of a month, the month before and the end of a month', () => {
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-03')).toBe('2026-02');
    expect(shanghaiTime(monthEnd('2026-03'))).toBe('2026-04-01T00:00:00+08:00');
  });

  it('takes months as YYYY-MM and times with an offset only', () => {
    expect(['2026-03', '2026-12'].every(isMonth)).toBe(true);
    expect(['2026-13', '2026-3', '2026-03-01', 'March', 3, '1999-12'].some(isMonth)).toBe(false);
    expect(instantOfIso('2026-04-03T00:00:00+08:00')?.toISOString()).toBe('2026-04-02T16:00:00.000Z');
    expect(instantOfIso('2026-04-03T00:00:00')).toBeUndefined();
    expect(instantOfIso('2026-04-03')).toBeUndefined();
  });
});
