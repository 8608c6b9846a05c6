import { formatShanghai } from './civil-date.js';
import { addDuration, elapsed, warningPoint } from './deadlines.js';
import { officeHours } from './office-hours.js';
import { WorkingCalendar } from './working-calendar.js';

const calendar = WorkingCalendar.builtIn();
const at = (iso: string): Date => new Date(iso);
/** The due time in Shanghai wall-clock form, and whether it is provisional. */
const due = (start: string, limit: string): [string, boolean] => {
  const deadline = addDuration(at(start), limit, calendar);
  return [formatShanghai(deadline.dueAt), deadline.provisional];
};

describe('a ticket received Friday 17:50, after close of business', () => {
  // 2025-09-26 is a Friday; Sunday 9-28 is a make-up working day (调休) before 国庆.
  const friday = '2025-09-26T17:50:00+08:00';

  it('counts from the next working day, which here is the make-up Sunday', () => {
    expect(due(friday, '1wd')).toEqual(['2025-09-29T17:30:00+08:00', false]);
    expect(due(friday, '2wh')).toEqual(['2025-09-28T11:00:00+08:00', false]);
  });

  it('runs 5 working days through 国庆 and counts the make-up Saturday after it', () => {
    // received → 9-28 (day 0); 9-29, 9-30, [10-1..10-8 off], 10-9, 10-10, 10-11 (Sat, 调休) = day 5
    expect(due(friday, '5wd')).toEqual(['2025-10-11T17:30:00+08:00', false]);
  });

  it('is still same-day when received a minute before close', () => {
    expect(due('2025-09-26T17:29:00+08:00', '1wd')).toEqual(['2025-09-28T17:30:00+08:00', false]);
    expect(due('2025-09-26T17:29:00+08:00', '2wh')).toEqual(['2025-09-28T10:59:00+08:00', false]);
  });

  it('runs natural time straight through the evening', () => {
    expect(due(friday, '30m')).toEqual(['2025-09-26T18:20:00+08:00', false]);
    expect(addDuration(at(friday), '2h', calendar).dueAt.toISOString()).toBe('2025-09-26T11:50:00.000Z');
  });

  it('on an ordinary Friday, lands on Tuesday', () => {
    // 2024-03-22 is a plain Friday: received → Monday 3-25 (day 0), due Tuesday.
    expect(due('2024-03-22T17:50:00+08:00', '1wd')).toEqual(['2024-03-26T17:30:00+08:00', false]);
    expect(due('2024-03-22T17:50:00+08:00', '2wh')).toEqual(['2024-03-25T11:00:00+08:00', false]);
  });
});

describe('on the eve of 国庆', () => {
  const eve2025 = '2025-09-30T16:00:00+08:00';

  it('2025: 1wd, 5wd and 2wh jump the eight-day holiday', () => {
    expect(due(eve2025, '1wd')).toEqual(['2025-10-09T17:30:00+08:00', false]);
    // 10-9, 10-10, 10-11 (Sat, 调休), 10-13, 10-14
    expect(due(eve2025, '5wd')).toEqual(['2025-10-14T17:30:00+08:00', false]);
    // 16:00–17:30 on 9-30, then 30 minutes on 10-9
    expect(due(eve2025, '2wh')).toEqual(['2025-10-09T09:30:00+08:00', false]);
  });

  it('2024: the make-up Saturday 10-12 is the fifth working day', () => {
    expect(due('2024-09-30T16:00:00+08:00', '1wd')).toEqual(['2024-10-08T17:30:00+08:00', false]);
    expect(due('2024-09-30T16:00:00+08:00', '5wd')).toEqual(['2024-10-12T17:30:00+08:00', false]);
  });

  it('urgent natural limits ignore the holiday', () => {
    expect(due('2025-09-30T22:30:00+08:00', '2h')).toEqual(['2025-10-01T00:30:00+08:00', false]);
    expect(addDuration(at('2025-09-30T22:30:00+08:00'), '2h', calendar).dueAt.toISOString()).toBe(
      '2025-09-30T16:30:00.000Z',
    );
    expect(due('2025-10-03T23:50:00+08:00', '30m')).toEqual(['2025-10-04T00:20:00+08:00', false]);
    expect(due('2026-02-16T20:00:00+08:00', '1d')).toEqual(['2026-02-17T20:00:00+08:00', false]); // 除夕 → 初一
  });
});

describe('late December, reaching into the next year', () => {
  it('2025 → 2026 stays official: 元旦 off, Sunday 1-4 worked', () => {
    expect(due('2025-12-31T10:00:00+08:00', '1wd')).toEqual(['2026-01-04T17:30:00+08:00', false]);
  });

  it('2026 → 2027 lands on provisional days and says so', () => {
    // 12-31 (1), [2027-01-01 statutory 元旦, weekend], 1-4, 1-5, 1-6, 1-7 (5)
    expect(due('2026-12-30T10:00:00+08:00', '5wd')).toEqual(['2027-01-07T17:30:00+08:00', true]);
    expect(due('2026-12-31T17:50:00+08:00', '1wd')).toEqual(['2027-01-05T17:30:00+08:00', true]);
  });

  it('is not provisional when no 2027 day is consulted', () => {
    expect(due('2026-12-30T10:00:00+08:00', '1wd')).toEqual(['2026-12-31T17:30:00+08:00', false]);
    expect(due('2026-12-30T10:00:00+08:00', '2wh')).toEqual(['2026-12-30T12:00:00+08:00', false]);
    expect(due('2026-12-31T23:00:00+08:00', '2h')).toEqual(['2027-01-01T01:00:00+08:00', false]);
  });

  it('records the calendar version used', () => {
    expect(addDuration(at('2026-12-30T10:00:00+08:00'), '5wd', calendar).calendarVersion).toBe(
      calendar.version,
    );
  });
});

describe('across 春节 2026 (2-15..2-23, make-up Saturdays 2-14 and 2-28)', () => {
  it('counts the make-up Saturdays as working days', () => {
    // 2-14 (Sat, 1), [2-15..2-23], 2-24, 2-25, 2-26, 2-27 (5)
    expect(due('2026-02-13T10:00:00+08:00', '5wd')).toEqual(['2026-02-27T17:30:00+08:00', false]);
    expect(due('2026-02-13T10:00:00+08:00', '1wd')).toEqual(['2026-02-14T17:30:00+08:00', false]);
    expect(due('2026-02-13T16:00:00+08:00', '2wh')).toEqual(['2026-02-14T09:30:00+08:00', false]);
    expect(due('2026-02-27T10:00:00+08:00', '1wd')).toEqual(['2026-02-28T17:30:00+08:00', false]);
  });

  it('treats a ticket received during the holiday as received on the first day back', () => {
    expect(due('2026-02-17T10:00:00+08:00', '1wd')).toEqual(['2026-02-25T17:30:00+08:00', false]);
    expect(due('2026-02-17T10:00:00+08:00', '2wh')).toEqual(['2026-02-24T11:00:00+08:00', false]);
    expect(due('2026-02-14T17:50:00+08:00', '1wd')).toEqual(['2026-02-25T17:30:00+08:00', false]);
  });

  it('urgent limits run through 除夕 night', () => {
    expect(due('2026-02-16T23:00:00+08:00', '2h')).toEqual(['2026-02-17T01:00:00+08:00', false]);
  });
});

describe('working hours', () => {
  it('skip the lunch break', () => {
    expect(due('2025-06-03T11:30:00+08:00', '2wh')).toEqual(['2025-06-03T14:30:00+08:00', false]);
    expect(due('2025-06-03T12:20:00+08:00', '1wh')).toEqual(['2025-06-03T14:00:00+08:00', false]);
  });

  it('fall due at the end of a window when used up exactly there', () => {
    expect(due('2025-06-03T09:00:00+08:00', '3wh')).toEqual(['2025-06-03T12:00:00+08:00', false]);
    expect(due('2025-06-03T13:00:00+08:00', '4wh')).toEqual(['2025-06-03T17:00:00+08:00', false]);
  });

  it('carry over night, and over a weekend with a holiday', () => {
    expect(due('2025-06-03T16:45:00+08:00', '2wh')).toEqual(['2025-06-04T10:15:00+08:00', false]);
    // Friday 5-30, then 端午 5-31..6-2: 30 minutes on Friday, 90 on Tuesday.
    expect(due('2025-05-30T17:00:00+08:00', '2wh')).toEqual(['2025-06-03T10:30:00+08:00', false]);
    expect(due('2025-06-03T17:30:00+08:00', '1wh')).toEqual(['2025-06-04T10:00:00+08:00', false]);
  });

  it('start at the opening when received before it', () => {
    expect(due('2025-06-03T07:00:00+08:00', '2wh')).toEqual(['2025-06-03T11:00:00+08:00', false]);
  });

  it('can span several days (16wh = two full days and one hour)', () => {
    // 7.5 working hours a day: 6-3 from 10:00 (6.5h), 6-4 (7.5h), then 2h on 6-5.
    expect(due('2025-06-03T10:00:00+08:00', '16wh')).toEqual(['2025-06-05T11:00:00+08:00', false]);
  });

  it('follow configured office windows, close of business included', () => {
    const hours = officeHours([
      ['08:30', '11:30'],
      ['13:30', '17:00'],
    ]);
    const dueAt = (start: string, limit: string): string =>
      formatShanghai(addDuration(at(start), limit, calendar, hours).dueAt);
    expect(dueAt('2025-06-03T11:00:00+08:00', '1wh')).toBe('2025-06-03T14:00:00+08:00');
    expect(dueAt('2025-06-03T17:10:00+08:00', '1wd')).toBe('2025-06-05T17:00:00+08:00');
    expect(dueAt('2025-06-03T16:50:00+08:00', '1wd')).toBe('2025-06-04T17:00:00+08:00');
  });
});

describe('warning points (预警) at 0.67 of the allowed time', () => {
  const warn = (start: string, limit: string): [string, boolean] => {
    const point = warningPoint(at(start), limit, 0.67, calendar);
    return [formatShanghai(point.at), point.provisional];
  };

  it('working hours: 0.67 × 120 min = 80.4, rounded down to 80 working minutes', () => {
    expect(warn('2025-09-30T16:00:00+08:00', '2wh')).toEqual(['2025-09-30T17:20:00+08:00', false]);
  });

  it('working days: measured in office time up to the due time', () => {
    // 90 min on 9-30 + 5 × 450 = 2340 min; 0.67 × 2340 = 1567.8 → 1567: 11:07 on 10-13.
    expect(warn('2025-09-30T16:00:00+08:00', '5wd')).toEqual(['2025-10-13T11:07:00+08:00', false]);
    // Friday 17:50 → due 9-29 17:30: 900 office minutes, 603 used: 11:33 on 9-29.
    expect(warn('2025-09-26T17:50:00+08:00', '1wd')).toEqual(['2025-09-29T11:33:00+08:00', false]);
  });

  it('natural time: straight through the night', () => {
    expect(warn('2025-09-30T22:30:00+08:00', '2h')).toEqual(['2025-09-30T23:50:00+08:00', false]);
    expect(warn('2025-09-26T17:50:00+08:00', '30m')).toEqual(['2025-09-26T18:10:00+08:00', false]);
  });

  it('is provisional when the deadline is', () => {
    // 390 + 450 + 4 × 450 = 2640 min; 0.67 × 2640 = 1768.8 → 1768: 09:28 on 2027-01-06.
    expect(warn('2026-12-30T10:00:00+08:00', '5wd')).toEqual(['2027-01-06T09:28:00+08:00', true]);
  });

  it('accepts a recorded due time and its clock instead of a limit', () => {
    const point = warningPoint(
      at('2025-09-30T16:00:00+08:00'),
      { dueAt: at('2025-10-14T17:30:00+08:00'), basis: 'working' },
      0.67,
      calendar,
    );
    expect(point.at.toISOString()).toBe('2025-10-13T03:07:00.000Z');
  });

  it('refuses a fraction outside (0, 1]', () => {
    expect(() => warningPoint(at('2025-09-30T16:00:00+08:00'), '2wh', 1.5, calendar)).toThrow(
      'warning fraction 1.5 is not in (0, 1]',
    );
  });
});

describe('elapsed time in a clock’s units', () => {
  const start = at('2025-09-30T16:00:00+08:00');
  const end = at('2025-10-09T10:00:00+08:00');

  it('working hours and working days skip the holiday', () => {
    expect(elapsed(start, end, 'wh', calendar)).toBe(2.5); // 90 + 60 minutes
    expect(elapsed(start, end, 'wd', calendar)).toBeCloseTo(1 / 3, 10); // 150 of 450 minutes
  });

  it('natural units count everything', () => {
    expect(elapsed(start, end, 'h', calendar)).toBe(210);
    expect(elapsed(start, end, 'd', calendar)).toBe(8.75);
    expect(elapsed(at('2025-09-26T17:50:00+08:00'), at('2025-09-26T18:20:00+08:00'), 'm', calendar)).toBe(30);
  });

  it('a full working week is 5 working days; a lunch break is not working time', () => {
    expect(elapsed(at('2025-06-09T09:00:00+08:00'), at('2025-06-13T17:30:00+08:00'), 'wd', calendar)).toBe(5);
    expect(elapsed(at('2025-06-03T11:00:00+08:00'), at('2025-06-03T14:00:00+08:00'), 'wh', calendar)).toBe(2);
  });

  it('is negative when the end comes first', () => {
    expect(elapsed(end, start, 'wh', calendar)).toBe(-2.5);
  });
});
