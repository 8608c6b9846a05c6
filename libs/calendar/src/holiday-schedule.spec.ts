import { validateYearSchedule } from './holiday-schedule.js';

const source = {
  title: '国务院办公厅关于2027年部分节假日安排的通知',
  documentNumber: '国办发明电〔2026〕1号',
  issued: '2026-11-30',
};
const schedule = (overrides: Record<string, unknown>): unknown => ({
  year: 2027,
  sources: [source],
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-12' },
  ],
  makeUpWorkdays: [{ date: '2027-02-20', for: '春节' }],
  ...overrides,
});

describe('validating a year schedule', () => {
  it('accepts a well-formed year and returns a clean copy', () => {
    const input = schedule({});
    const checked = validateYearSchedule(input);
    expect(checked).toEqual(input);
    expect(checked).not.toBe(input);
  });

  it('lets 元旦 start in the previous December, as the 2023 notice did', () => {
    expect(() =>
      validateYearSchedule(
        schedule({
          year: 2023,
          holidays: [{ name: '元旦', from: '2022-12-31', to: '2023-01-02' }],
          makeUpWorkdays: [],
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [{ year: 2027.5 }, 'year must be an integer in 2000–2099'],
    [{ sources: [] }, 'sources: name the notice'],
    [{ sources: [{ ...source, documentNumber: '' }] }, 'sources[0].documentNumber is missing'],
    [
      { holidays: [{ name: '国庆节', from: '2028-10-01', to: '2028-10-07' }] },
      'holidays[0].from 2028-10-01 is outside 2027',
    ],
    [
      { holidays: [{ name: '春节', from: '2026-12-31', to: '2027-01-02' }] },
      'holidays[0].from 2026-12-31 is outside 2027',
    ],
    [
      { holidays: [{ name: '春节', from: '2027-02-12', to: '2027-02-05' }] },
      'holidays[0] (春节) ends 2027-02-05 before it starts 2027-02-12',
    ],
    [
      { holidays: [{ name: '春节', from: '2027-02-30', to: '2027-03-01' }] },
      'holidays[0]: from and to must be dates',
    ],
    [
      {
        holidays: [
          { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
          { name: '中秋节', from: '2027-09-15', to: '2027-10-01' },
        ],
        makeUpWorkdays: [],
      },
      'holidays[1] (中秋节) overlaps 国庆节 on 2027-10-01',
    ],
    [
      { makeUpWorkdays: [{ date: '2027-02-19', for: '春节' }] },
      'makeUpWorkdays[0] 2027-02-19 is not a Saturday or Sunday',
    ],
    [
      { makeUpWorkdays: [{ date: '2027-02-06', for: '春节' }] },
      'makeUpWorkdays[0] 2027-02-06 is inside the 春节 holiday',
    ],
    [
      {
        makeUpWorkdays: [
          { date: '2027-02-20', for: '春节' },
          { date: '2027-02-20', for: '春节' },
        ],
      },
      'makeUpWorkdays[1] 2027-02-20 is listed twice',
    ],
    [
      { makeUpWorkdays: [{ date: '2027-02-20' }] },
      'makeUpWorkdays[0].for (the holiday it pays for) is missing',
    ],
  ])('refuses %j: %s', (change, message) => {
    expect(() => validateYearSchedule(schedule(change))).toThrow(`invalid holiday schedule: ${message}`);
  });

  it('refuses what is not a schedule at all', () => {
    expect(() => validateYearSchedule('2027')).toThrow('expected an object with year, sources, holidays');
  });
});
