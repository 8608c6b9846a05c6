import { DEFAULT_SLA_RULES, parseSlaRules, WorkingCalendar } from '#calendar';
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

  it('takes the verification (1h, natural) and dispatch (1wh) step clocks from the SLA rules', () => {
    // Filed at 17:00 on Monday 2026-03-02: half an hour that day, the other half on Tuesday from 09:00.
    expect(policy.deadline('verify', {}, new Date('2026-03-02T17:00:00+08:00'))).toMatchObject({
      stage: 'verify',
      limit: '1h',
      dueAt: '2026-03-02T10:00:00.000Z',
    });
    expect(policy.deadline('dispatch', {}, new Date('2026-03-02T17:00:00+08:00'))).toMatchObject({
      stage: 'dispatch',
      limit: '1wh',
      dueAt: '2026-03-03T01:30:00.000Z',
    });
    const custom = calendarGridDeadlinePolicy(
      parseSlaRules({ grid: { verify: '2wh', dispatch: '30m' } }),
      () => WorkingCalendar.builtIn(),
    );
    expect(custom.deadline('verify', {}, new Date('2026-03-02T10:00:00+08:00')).limit).toBe('2wh');
    expect(custom.deadline('dispatch', {}, new Date('2026-03-02T10:00:00+08:00')).limit).toBe('30m');
  });

  it('exposes grid.maxExtension in working days (10wd by default; wh over a 7.5-hour day)', () => {
    expect(policy.maxExtension()).toEqual({ limit: '10wd', workingDays: 10 });
    const rules = (maxExtension: string) =>
      calendarGridDeadlinePolicy(parseSlaRules({ grid: { maxExtension } }), () => WorkingCalendar.builtIn());
    expect(rules('5wd').maxExtension()).toEqual({ limit: '5wd', workingDays: 5 });
    expect(rules('16wh').maxExtension()).toEqual({ limit: '16wh', workingDays: 2 });
    expect(rules('3d').maxExtension()).toEqual({ limit: '3d', workingDays: 3 });
  });

  it('revises a recorded deadline on the calendar in force: same stage, start and limit', () => {
    const recorded = policy.deadline('dispatch', {}, new Date('2026-03-06T17:00:00+08:00'));
    // Suppose it was recorded provisionally on an older calendar with another due time.
    const old = { ...recorded, dueAt: '2026-03-06T10:00:00.000Z', calendarVersion: 'old', provisional: true };
    expect(policy.revise(old)).toEqual(recorded);
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
