import { CalendarError } from './calendar.errors.js';
import { type CivilDate, civilDate } from './civil-date.js';

/**
 * The day of the Qingming solar term (清明, the sun at 15° ecliptic longitude), which is the statutory 清明节.
 *
 * The usual 21st-century rule of thumb: day = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ in April, Y = year mod 100. Checked
 * against an ephemeris computation (Meeus, low precision, Beijing time) for every year 2000–2099: no
 * exceptions. Outside that century the constant differs, so we refuse.
 */
export function qingmingDate(year: number): CivilDate {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    throw new CalendarError('CALENDAR.YEAR_NOT_COVERED', `清明 is computed for 2000–2099 only, not ${year}`, {
      year,
    });
  }
  const y = year % 100;
  return civilDate(year, 4, Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4));
}
