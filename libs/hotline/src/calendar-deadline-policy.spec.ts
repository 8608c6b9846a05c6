import { DEFAULT_SLA_RULES, parseSlaRules, WorkingCalendar } from '#calendar';
import { calendarDeadlinePolicy } from './calendar-deadline-policy.js';

const policy = calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => WorkingCalendar.builtIn());
const complaint = { type: 'complaint', urgency: 'normal' } as const;

describe('calendarDeadlinePolicy', () => {
  it('gives a complaint received on the eve of 国庆 five working days, past the holiday and the make-up Saturday', () => {
    // 2025-09-30 16:00 (Tue): 10-01..10-08 are holidays, 10-11 (Sat) is a make-up working day.
    const deadline = policy.deadline('handle', complaint, new Date('2025-09-30T16:00:00+08:00'));
    expect(deadline).toMatchObject({
      stage: 'handle',
      limit: '5wd',
      startedAt: '2025-09-30T08:00:00.000Z',
      // 10-09, 10-10, 10-11 (Sat, make-up), 10-13, 10-14: close of business (17:30) of the fifth.
      dueAt: '2025-10-14T09:30:00.000Z',
      provisional: false,
      calendarVersion: WorkingCalendar.builtIn().version,
    });
    expect(new Date(deadline.warnAt).getTime()).toBeLessThan(new Date(deadline.dueAt).getTime());
    expect(new Date(deadline.warnAt).getTime()).toBeGreaterThan(new Date(deadline.startedAt).getTime());
  });

  it('runs urgent signing on natural minutes, through the night', () => {
    const deadline = policy.deadline(
      'sign',
      { type: 'help', urgency: 'urgent' },
      new Date('2026-02-16T23:50:00+08:00'),
    );
    expect(deadline).toMatchObject({
      limit: '30m',
      dueAt: '2026-02-16T16:20:00.000Z',
      warnAt: '2026-02-16T16:10:00.000Z',
    });
  });

  it('marks a deadline that reaches into an unpublished year as provisional', () => {
    const deadline = policy.deadline('handle', complaint, new Date('2026-12-30T10:00:00+08:00'));
    expect(deadline.provisional).toBe(true);
    expect(deadline.dueAt.startsWith('2027-01-')).toBe(true);
  });

  it('uses the override of an approved extension and shares the 3-day rule for rework, reopen and supervision', () => {
    const start = new Date('2026-03-02T10:00:00+08:00');
    expect(policy.deadline('handle', complaint, start, { workingDays: 15 }).limit).toBe('15wd');
    for (const stage of ['rework', 'reopen', 'supervision'] as const) {
      expect(policy.deadline(stage, complaint, start).limit).toBe('3wd');
    }
  });

  it('follows a drill file with minute-long limits', () => {
    const drill = calendarDeadlinePolicy(
      parseSlaRules({ hotline: { firstContact: '2m' }, warnAt: 0.5 }),
      () => WorkingCalendar.builtIn(),
    );
    expect(drill.deadline('firstContact', complaint, new Date('2026-03-02T10:00:00Z'))).toMatchObject({
      dueAt: '2026-03-02T10:02:00.000Z',
      warnAt: '2026-03-02T10:01:00.000Z',
    });
  });
});
