import { CalendarError } from './calendar.errors.js';
import { type CivilDate, addDays, civilDate } from './civil-date.js';
import { lunarNewYearsEve, lunarToGregorian } from './lunar-calendar.js';
import { qingmingDate } from './solar-terms.js';

/**
 * Names the rule set behind {@link provisionalHolidays}; it is part of every calendar version, so a change to the
 * rules (or to the lunar table) gives every calendar a new version.
 */
export const PROVISIONAL_RULES_ID = 'statutory-2025/lunar-2000-2100';

/** The first year the 2025 statutory rules apply to; earlier years without official data are refused. */
export const PROVISIONAL_FIRST_YEAR = 2025;
/** The last year we can compute (清明 and the lunar table stop there). */
export const PROVISIONAL_LAST_YEAR = 2099;

/**
 * The statutory public holidays of a year whose official schedule is not yet published, per 《全国年节及纪念日放假
 * 办法》 as revised in November 2024 (in force from 2025): 元旦 1 day (1-1), 春节 4 (除夕 to 初三), 清明节 1 (the
 * solar term day), 劳动节 2 (5-1, 5-2), 端午节 1 (五月初五), 中秋节 1 (八月十五), 国庆节 3 (10-1 to 10-3).
 * No make-up working days and no moving of holidays that fall on a weekend: the State Council decides those each
 * year. Returns each holiday day with its name; a day that is two holidays at once carries both names.
 */
export function provisionalHolidays(year: number): ReadonlyMap<CivilDate, string> {
  if (!Number.isInteger(year) || year < PROVISIONAL_FIRST_YEAR || year > PROVISIONAL_LAST_YEAR) {
    throw new CalendarError(
      'CALENDAR.YEAR_NOT_COVERED',
      `no official holiday schedule for ${year}, and the provisional fallback covers ` +
        `${PROVISIONAL_FIRST_YEAR}–${PROVISIONAL_LAST_YEAR} only`,
      { year },
    );
  }
  const days = new Map<CivilDate, string>();
  const add = (date: CivilDate, name: string): void => {
    const existing = days.get(date);
    days.set(date, existing === undefined ? name : `${existing}、${name}`);
  };
  add(civilDate(year, 1, 1), '元旦');
  // 除夕 is the last day of the previous lunar year: always in January or February of the same Gregorian year.
  const eve = lunarNewYearsEve(year);
  for (let i = 0; i < 4; i += 1) add(addDays(eve, i), '春节');
  add(qingmingDate(year), '清明节');
  add(civilDate(year, 5, 1), '劳动节');
  add(civilDate(year, 5, 2), '劳动节');
  add(lunarToGregorian(year, 5, 5), '端午节');
  add(lunarToGregorian(year, 8, 15), '中秋节');
  for (let day = 1; day <= 3; day += 1) add(civilDate(year, 10, day), '国庆节');
  return days;
}
