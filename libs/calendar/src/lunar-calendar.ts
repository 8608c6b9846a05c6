import { CalendarError } from './calendar.errors.js';
import { type CivilDate, civilDateOfDay, dayNumber } from './civil-date.js';

/**
 * The Chinese lunisolar calendar (农历) for 2000–2100, from the widely published bit-encoded table (the same data
 * as the 1900–2100 table in most calendar libraries, cut to the years this system can meet).
 *
 * One entry per lunar year, five hex digits:
 * - bits 16:    length of the leap month (1 = 30 days, 0 = 29), meaningful only when a leap month exists;
 * - bits 15..4: lengths of months 1..12, month 1 in bit 15 (1 = 30 days, 0 = 29);
 * - bits 3..0:  which month is followed by a leap month (闰月), 0 = none.
 * The year starts on its 正月初一; the first entry's new year is {@link FIRST_NEW_YEAR}.
 *
 * Cross-checked (see README): every month start 2000–2100 against ICU's Chinese calendar (Node's Intl), which
 * agrees except at six new moons that fall close to Beijing midnight (2012-08-17, 2018-11-08,
 * 2027-02-06, 2030-02-03, 2060-05-01, 2070-03-12); at those the table follows the published almanacs (e.g.
 * 春节 2027 is 2-6 and 2030 is 2-3), which use the Purple Mountain Observatory's ephemeris.
 */
// Ten years a row, as the table is usually printed and checked against almanacs.
// prettier-ignore
const LUNAR_YEARS: readonly number[] = [
  0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000–2009
  0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010–2019
  0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020–2029
  0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030–2039
  0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040–2049
  0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050–2059
  0x0a2e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060–2069
  0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070–2079
  0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080–2089
  0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090–2099
  0x0d520, // 2100
];

/** The first lunar year in the table and its 正月初一 (2000-02-05). */
const FIRST_YEAR = 2000;
const FIRST_NEW_YEAR: CivilDate = '2000-02-05';

/** The first and last lunar years the table covers. */
export const LUNAR_RANGE = { first: FIRST_YEAR, last: FIRST_YEAR + LUNAR_YEARS.length - 1 } as const;

function entry(year: number): number {
  const value = LUNAR_YEARS[year - FIRST_YEAR];
  if (value === undefined) {
    throw new CalendarError(
      'CALENDAR.LUNAR_YEAR_NOT_COVERED',
      `lunar year ${year} is outside the table (${LUNAR_RANGE.first}–${LUNAR_RANGE.last})`,
      { year },
    );
  }
  return value;
}

/** The leap month of a lunar year (闰月 follows this month), or 0 when the year has none. */
export function leapMonth(year: number): number {
  return entry(year) & 0xf;
}

/** Days in a lunar month; `leap` asks for the leap month that follows month `month`. */
export function lunarMonthDays(year: number, month: number, leap = false): number {
  const info = entry(year);
  if (leap) {
    if ((info & 0xf) !== month) {
      throw new CalendarError(
        'CALENDAR.NO_SUCH_LUNAR_MONTH',
        `lunar year ${year} has no leap month ${month}`,
        {
          year,
          month,
        },
      );
    }
    return info & 0x10000 ? 30 : 29;
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new CalendarError('CALENDAR.NO_SUCH_LUNAR_MONTH', `lunar month ${month} does not exist`, {
      year,
      month,
    });
  }
  return info & (0x10000 >> month) ? 30 : 29;
}

/** Days in a lunar year (353–355, or 383–385 with a leap month). */
export function lunarYearDays(year: number): number {
  let days = 0;
  for (let month = 1; month <= 12; month += 1) days += lunarMonthDays(year, month);
  const leap = leapMonth(year);
  return leap ? days + lunarMonthDays(year, leap, true) : days;
}

/** The Gregorian date of a lunar date (`leap` for a day in the leap month that follows `month`). */
export function lunarToGregorian(year: number, month: number, day: number, leap = false): CivilDate {
  entry(year);
  let offset = 0;
  for (let y = FIRST_YEAR; y < year; y += 1) offset += lunarYearDays(y);
  const leapAfter = leapMonth(year);
  for (let m = 1; m < month; m += 1) {
    offset += lunarMonthDays(year, m);
    if (m === leapAfter) offset += lunarMonthDays(year, m, true);
  }
  if (leap) offset += lunarMonthDays(year, month);
  const length = lunarMonthDays(year, month, leap);
  if (!Number.isInteger(day) || day < 1 || day > length) {
    throw new CalendarError(
      'CALENDAR.NO_SUCH_LUNAR_DAY',
      `lunar ${year}-${leap ? 'leap ' : ''}${month} has ${length} days, not ${day}`,
      { year, month, day, leap },
    );
  }
  return civilDateOfDay(dayNumber(FIRST_NEW_YEAR) + offset + day - 1);
}

/** 正月初一 (the first day of the Spring Festival) of a lunar year. */
export function lunarNewYear(year: number): CivilDate {
  return lunarToGregorian(year, 1, 1);
}

/** 除夕: the last day of the previous lunar year, the eve of {@link lunarNewYear}. */
export function lunarNewYearsEve(year: number): CivilDate {
  return civilDateOfDay(dayNumber(lunarNewYear(year)) - 1);
}
