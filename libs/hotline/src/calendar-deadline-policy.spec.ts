import { DEFAULT_SLA_RULES, importOfficialYear, parseSlaRules, WorkingCalendar } from '#calendar';
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

  describe('revise, after an official year was imported', () => {
    // A made-up 2027 notice (the real one was not published on 2026-11-27): 元旦 from Thursday 2026-12-31 to
    // Sunday 2027-01-03, paid for by Saturday 2027-01-09.
    const schedule2027 = {
      year: 2027,
      sources: [{ title: 'hypothetical 2027 notice', documentNumber: 'test-2027', issued: '2026-12-01' }],
      holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-03' }],
      makeUpWorkdays: [{ date: '2027-01-09', for: '元旦' }],
    };
    const imported = importOfficialYear(WorkingCalendar.builtIn(), schedule2027);
    let current = WorkingCalendar.builtIn();
    const switching = calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => current);
    beforeEach(() => {
      current = WorkingCalendar.builtIn();
    });

    it('moves a provisional deadline that the imported schedule moves, and makes it official', () => {
      const recorded = switching.deadline('handle', complaint, new Date('2026-12-30T10:00:00+08:00'));
      // Provisional: 12-31, (01-01 statutory 元旦), 01-04, 01-05, 01-06, 01-07.
      expect(recorded).toMatchObject({ provisional: true, dueAt: '2027-01-07T09:30:00.000Z' });
      current = imported;
      const revised = switching.revise(recorded);
      // Official: 12-31 is off too, so 01-04 … 01-08.
      expect(revised).toEqual({
        stage: 'handle',
        startedAt: recorded.startedAt,
        limit: '5wd',
        dueAt: '2027-01-08T09:30:00.000Z',
        warnAt: expect.any(String) as string,
        calendarVersion: imported.version,
        provisional: false,
      });
      expect(imported.version).not.toBe(recorded.calendarVersion);
      expect(revised.warnAt).not.toBe(recorded.warnAt);
      expect(Date.parse(revised.warnAt)).toBeLessThan(Date.parse(revised.dueAt));
    });

    it('only makes official a provisional deadline the schedule does not move', () => {
      const recorded = switching.deadline('handle', complaint, new Date('2027-01-11T10:00:00+08:00'));
      expect(recorded.provisional).toBe(true);
      current = imported;
      expect(switching.revise(recorded)).toEqual({
        ...recorded,
        calendarVersion: imported.version,
        provisional: false,
      });
    });

    it('keeps the recorded limit (an extension, natural minutes), not the one the rules give today', () => {
      const extended = switching.deadline('handle', complaint, new Date('2026-12-30T10:00:00+08:00'), {
        workingDays: 15,
      });
      const urgentSign = switching.deadline(
        'sign',
        { type: 'help', urgency: 'urgent' },
        new Date('2026-12-31T23:50:00+08:00'),
      );
      current = imported;
      // Fifteen working days reach past the make-up Saturday, which pays the day off back: the same due time.
      expect(switching.revise(extended)).toEqual({
        ...extended,
        calendarVersion: imported.version,
        provisional: false,
      });
      expect(switching.revise(urgentSign)).toEqual({ ...urgentSign, calendarVersion: imported.version });
    });

    it('recomputes on the same calendar to the same deadline', () => {
      const recorded = policy.deadline('handle', complaint, new Date('2026-12-30T10:00:00+08:00'));
      expect(policy.revise(recorded)).toEqual(recorded);
    });
  });
});
