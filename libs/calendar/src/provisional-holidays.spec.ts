import { provisionalHolidays } from './provisional-holidays.js';

describe('provisional (statutory) holidays for a year not yet published', () => {
  it('gives 2027 the thirteen statutory days, from the lunar calendar and the solar term', () => {
    expect(Object.fromEntries(provisionalHolidays(2027))).toEqual({
      '2027-01-01': '元旦',
      '2027-02-05': '春节', // 除夕
      '2027-02-06': '春节', // 初一
      '2027-02-07': '春节',
      '2027-02-08': '春节', // 初三
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节',
      '2027-05-02': '劳动节',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
    });
  });

  it('names both holidays on a day that is two at once (中秋 on 10-3 in 2028)', () => {
    const days = provisionalHolidays(2028);
    expect(days.size).toBe(12);
    expect(days.get('2028-10-03')).toBe('中秋节、国庆节');
    expect(days.get('2028-01-25')).toBe('春节'); // 除夕
  });

  it('covers 2025–2099 only', () => {
    expect(() => provisionalHolidays(2019)).toThrow('the provisional fallback covers 2025–2099 only');
    expect(() => provisionalHolidays(2100)).toThrow('no official holiday schedule for 2100');
  });
});
