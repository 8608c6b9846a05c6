import {
  leapMonth,
  lunarMonthDays,
  lunarNewYear,
  lunarNewYearsEve,
  lunarToGregorian,
  lunarYearDays,
} from './lunar-calendar.js';
import { qingmingDate } from './solar-terms.js';

describe('lunar calendar table', () => {
  it('gives the Spring Festivals the State Council notices name (2020–2026)', () => {
    // 2025 notice: 1-28 is 除夕; 2026 notice: 2-15 is 腊月二十八 and 2-23 正月初七.
    expect([2020, 2021, 2022, 2023, 2024, 2025, 2026].map(lunarNewYear)).toEqual([
      '2020-01-25',
      '2021-02-12',
      '2022-02-01',
      '2023-01-22',
      '2024-02-10',
      '2025-01-29',
      '2026-02-17',
    ]);
    expect(lunarNewYearsEve(2025)).toBe('2025-01-28');
    expect(lunarToGregorian(2026, 1, 7)).toBe('2026-02-23');
  });

  it('gives the festivals of the years after the published data', () => {
    expect(lunarNewYear(2027)).toBe('2027-02-06');
    expect(lunarNewYearsEve(2027)).toBe('2027-02-05');
    expect(lunarNewYear(2028)).toBe('2028-01-26');
    expect(lunarNewYear(2030)).toBe('2030-02-03');
    expect(lunarToGregorian(2027, 5, 5)).toBe('2027-06-09'); // 端午
    expect(lunarToGregorian(2027, 8, 15)).toBe('2027-09-15'); // 中秋
    expect(lunarToGregorian(2028, 5, 5)).toBe('2028-05-28');
    expect(lunarToGregorian(2028, 8, 15)).toBe('2028-10-03');
  });

  it('agrees with past festivals in the official schedules', () => {
    expect(lunarToGregorian(2025, 5, 5)).toBe('2025-05-31'); // 端午 2025: 5-31..6-2
    expect(lunarToGregorian(2025, 8, 15)).toBe('2025-10-06'); // inside 国庆 2025
    expect(lunarToGregorian(2024, 8, 15)).toBe('2024-09-17');
    expect(lunarToGregorian(2020, 8, 15)).toBe('2020-10-01');
    expect(lunarToGregorian(2026, 5, 5)).toBe('2026-06-19');
    expect(lunarToGregorian(2026, 8, 15)).toBe('2026-09-25');
  });

  it('handles leap months (2023 闰二月, 2025 闰六月, 2033 闰十一月)', () => {
    expect(leapMonth(2023)).toBe(2);
    expect(lunarToGregorian(2023, 2, 1, true)).toBe('2023-03-22');
    expect(leapMonth(2025)).toBe(6);
    expect(lunarToGregorian(2025, 6, 1, true)).toBe('2025-07-25');
    expect(leapMonth(2033)).toBe(11);
    expect(lunarToGregorian(2033, 11, 1, true)).toBe('2033-12-22');
    expect(lunarYearDays(2023)).toBe(384);
    expect(() => lunarMonthDays(2024, 3, true)).toThrow('lunar year 2024 has no leap month 3');
  });

  it('refuses what it does not cover', () => {
    expect(() => lunarNewYear(1999)).toThrow('lunar year 1999 is outside the table (2000–2100)');
    expect(() => lunarToGregorian(2027, 1, 31)).toThrow(/has 29 days, not 31|has 30 days, not 31/);
  });
});

describe('清明 (the Qingming solar term)', () => {
  it('falls on April 4 or 5 as published', () => {
    expect([2020, 2023, 2024, 2025, 2026, 2027, 2028].map(qingmingDate)).toEqual([
      '2020-04-04',
      '2023-04-05',
      '2024-04-04',
      '2025-04-04',
      '2026-04-05',
      '2027-04-05',
      '2028-04-04',
    ]);
  });

  it('is computed for the 21st century only', () => {
    expect(() => qingmingDate(2100)).toThrow('清明 is computed for 2000–2099 only, not 2100');
  });
});
