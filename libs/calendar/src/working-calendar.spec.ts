import { OFFICIAL_2026 } from './holidays/index.js';
import { WorkingCalendar, importOfficialYear, overrideDays, removeOverrides } from './working-calendar.js';

const calendar = WorkingCalendar.builtIn();
const VERSION = /^official-2020-2026\+overrides-0\.[0-9a-f]{8}$/;

describe('WorkingCalendar on the official 2020–2026 data', () => {
  it('has a version that names the data and is stable', () => {
    expect(calendar.version).toMatch(VERSION);
    expect(WorkingCalendar.fromData(calendar.data).version).toBe(calendar.version);
    expect(calendar.officialYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it.each([
    ['2025-09-26', true, 'workday'], // Friday
    ['2025-09-27', false, 'weekend'], // Saturday
    ['2025-09-28', true, 'make-up-workday'], // Sunday, 调休上班
    ['2025-10-06', false, 'holiday'], // 中秋 inside 国庆
    ['2025-10-08', false, 'holiday'], // Wednesday, last day of 国庆
    ['2025-10-11', true, 'make-up-workday'], // Saturday
    ['2026-01-04', true, 'make-up-workday'], // Sunday after 元旦
    ['2026-02-14', true, 'make-up-workday'], // Saturday before 春节
    ['2026-02-23', false, 'holiday'], // Monday, 正月初七
    ['2026-02-24', true, 'workday'],
    ['2026-02-28', true, 'make-up-workday'],
    ['2024-02-18', true, 'make-up-workday'], // Sunday
    ['2024-06-10', false, 'holiday'], // 端午, Monday
    ['2020-01-31', false, 'holiday'], // 春节 extended by 国办发明电〔2020〕1号
    ['2020-02-01', false, 'holiday'], // the make-up Saturday the extension cancelled
    ['2020-02-03', true, 'workday'],
    ['2022-12-31', false, 'holiday'], // 元旦 of the 2023 notice
  ] as const)('%s: working %s (%s)', (date, working, kind) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
    expect(calendar.day(date).kind).toBe(kind);
    expect(calendar.isProvisional(date)).toBe(false);
  });

  it('names the holiday, or the holiday a make-up day pays for', () => {
    expect(calendar.day('2022-12-31')).toMatchObject({ holiday: '元旦', source: 'official' });
    expect(calendar.day('2025-09-28')).toMatchObject({ holiday: '国庆节、中秋节', working: true });
  });

  it('answers for the Shanghai day of an instant', () => {
    // 2025-09-27T16:30Z is 00:30 on Sunday 2025-09-28 in Shanghai, a make-up working day.
    expect(calendar.isWorkingDay(new Date('2025-09-27T16:30:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2025-09-27T15:30:00Z'))).toBe(false);
  });

  it('falls back to the statutory holidays for 2027, marking every day provisional', () => {
    expect(calendar.isProvisional('2027-03-01')).toBe(true);
    expect(calendar.day('2027-02-05')).toEqual({
      date: '2027-02-05',
      working: false,
      kind: 'holiday',
      source: 'provisional',
      provisional: true,
      holiday: '春节',
    });
    expect(calendar.isWorkingDay('2027-02-09')).toBe(true); // Tuesday after 初三: no official extension known
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
    expect(calendar.day('2027-01-04').provisional).toBe(true);
  });

  it('refuses a year it cannot answer for, and impossible dates', () => {
    expect(() => calendar.isWorkingDay('2019-05-01')).toThrow('no official holiday schedule for 2019');
    expect(() => calendar.isWorkingDay('2025-02-29')).toThrow('"2025-02-29" is not a calendar date');
  });
});

describe('admin overrides', () => {
  const typhoon = { date: '2025-10-09', status: 'holiday', reason: '台风停工 (typhoon closure)' } as const;

  it('produce a new calendar and a new version, leaving the old one alone', () => {
    const overridden = overrideDays(calendar, [typhoon]);
    expect(overridden.isWorkingDay('2025-10-09')).toBe(false);
    expect(overridden.day('2025-10-09')).toMatchObject({ source: 'override', reason: typhoon.reason });
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(overridden.version).toMatch(/^official-2020-2026\+overrides-1\.[0-9a-f]{8}$/);
    expect(overridden.version).not.toBe(calendar.version);
  });

  it('can make a day off a working day, and the latest override of a date wins', () => {
    const once = overrideDays(calendar, [
      { date: '2025-10-04', status: 'working', reason: '防汛值守 (flood duty)' },
    ]);
    expect(once.isWorkingDay('2025-10-04')).toBe(true);
    const twice = overrideDays(once, [{ date: '2025-10-04', status: 'holiday', reason: 'duty cancelled' }]);
    expect(twice.isWorkingDay('2025-10-04')).toBe(false);
    expect(twice.overrides).toHaveLength(1);
  });

  it('does not make a provisional year official', () => {
    const overridden = overrideDays(calendar, [
      { date: '2027-02-09', status: 'holiday', reason: 'expected 春节 day' },
    ]);
    expect(overridden.isWorkingDay('2027-02-09')).toBe(false);
    expect(overridden.isProvisional('2027-02-09')).toBe(true);
  });

  it('can be removed again, giving back the same version', () => {
    const overridden = overrideDays(calendar, [typhoon]);
    expect(removeOverrides(overridden, ['2025-10-09']).version).toBe(calendar.version);
  });

  it('need a valid date, status and reason', () => {
    expect(() => overrideDays(calendar, [{ ...typhoon, reason: ' ' }])).toThrow(
      'overrides[0]: a reason is required',
    );
    expect(() => overrideDays(calendar, [{ ...typhoon, date: '2025-10-32' }])).toThrow(
      'overrides[0]: "2025-10-32" is not a date',
    );
    const bad: unknown = { ...typhoon, status: 'closed' };
    expect(() => overrideDays(calendar, [bad as typeof typhoon])).toThrow(
      'status must be "holiday" or "working"',
    );
  });
});

describe('importing a newly published year', () => {
  // A hypothetical 2027 schedule (the real one was not published on 2026-11-27).
  const schedule2027 = {
    year: 2027,
    sources: [{ title: 'hypothetical 2027 notice', documentNumber: 'test-2027', issued: '2026-12-01' }],
    holidays: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-05', to: '2027-02-12' },
    ],
    makeUpWorkdays: [{ date: '2027-02-20', for: '春节' }],
  };

  it('makes the year official under a new version', () => {
    const imported = importOfficialYear(calendar, schedule2027);
    expect(imported.version).toMatch(/^official-2020-2027\+overrides-0\.[0-9a-f]{8}$/);
    expect(imported.isProvisional('2027-02-09')).toBe(false);
    expect(imported.isWorkingDay('2027-02-09')).toBe(false);
    expect(imported.isWorkingDay('2027-02-20')).toBe(true);
    // Only the notice counts now: the statutory 端午 of 2027 is not in this (partial) schedule.
    expect(imported.isWorkingDay('2027-06-09')).toBe(true);
  });

  it('keeps admin overrides', () => {
    const overridden = overrideDays(calendar, [{ date: '2027-03-01', status: 'holiday', reason: 'test' }]);
    expect(importOfficialYear(overridden, schedule2027).isWorkingDay('2027-03-01')).toBe(false);
  });

  it('replaces a year already imported; the same data gives the same version', () => {
    expect(importOfficialYear(calendar, OFFICIAL_2026).version).toBe(calendar.version);
  });

  it('refuses an invalid schedule', () => {
    expect(() =>
      importOfficialYear(calendar, {
        ...schedule2027,
        makeUpWorkdays: [{ date: '2027-02-19', for: '春节' }],
      }),
    ).toThrow('makeUpWorkdays[0] 2027-02-19 is not a Saturday or Sunday');
  });

  it('refuses two schedules for one year in stored data', () => {
    expect(() =>
      WorkingCalendar.fromData({ official: [OFFICIAL_2026, OFFICIAL_2026], overrides: [] }),
    ).toThrow('two official schedules for 2026');
  });
});
