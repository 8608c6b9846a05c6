import { DEFAULT_SLA_RULES, WorkingCalendar } from '#calendar';
import { calendarGridDeadlinePolicy } from './calendar-deadline-policy.js';

const policy = calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => WorkingCalendar.builtIn());

describe('calendarGridDeadlinePolicy', () => {
  it('runs 暴露垃圾 (4wh) on working hours: reported Friday 16:00 is due Monday after the weekend', () => {
    // 2026-03-06 is a Friday: 1.5 working hours that day (to 17:30), 2.5 on Monday from 09:00.
    const d = policy.deadline('handle', { limit: '4wh' }, new Date('2026-03-06T16:00:00+08:00'));
    expect(d).toMatchObject({
      stage: 'handle',
      limit: '4wh',
      dueAt: '2026-03-09T03:30:00.000Z',
      provisional: false,
    });
  });

  it('runs street-order events (2h) on natural hours, through the night', () => {
    const d = policy.deadline('handle', { limit: '2h' }, new Date('2026-03-06T23:00:00+08:00'));
    expect(d.dueAt).toBe('2026-03-06T17:00:00.000Z');
  });

  it('takes filing and checking limits from the SLA rules (1h, 1wd)', () => {
    expect(policy.deadline('file', {}, new Date('2026-03-02T10:00:00+08:00')).limit).toBe('1h');
    expect(policy.deadline('check', {}, new Date('2026-03-02T10:00:00+08:00'))).toMatchObject({
      limit: '1wd',
      dueAt: '2026-03-03T09:30:00.000Z',
    });
  });

  it('runs bike periods on natural days and an extension on working days', () => {
    expect(policy.deadline('notice', { limit: '3d' }, new Date('2026-03-02T10:00:00+08:00')).dueAt).toBe(
      '2026-03-05T02:00:00.000Z',
    );
    expect(
      policy.deadline('handle', { limit: '4wh' }, new Date('2026-03-06T10:00:00+08:00'), { workingDays: 2 })
        .limit,
    ).toBe('2wd');
  });

  it('refuses a category stage without a limit', () => {
    expect(() => policy.deadline('handle', {}, new Date())).toThrow(/needs the subject's limit/);
  });
});
