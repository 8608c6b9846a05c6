import { addDays, civilDate, dayNumber, formatShanghai, instantOf, type WorkingCalendar } from '#calendar';

/** A month as the district reports it: `2026-03`. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether a string is a month `YYYY-MM` (years 2000 to 2099). */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value) && value >= '2000-01' && value <= '2099-12';
}

/** The first and last day of a month (Asia/Shanghai days, both inclusive). */
export function monthDays(month: string): { from: string; to: string } {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const from = civilDate(year, number, 1);
  return { from, to: addDays(civilDate(year, number + 1, 1), -1) };
}

/** The month before: `2026-01` → `2025-12`. */
export function previousMonth(month: string): string {
  return addDays(monthDays(month).from, -1).slice(0, 7);
}

/** 00:00 Asia/Shanghai of the first day after the month: the earliest a month's figures can be frozen at. */
export function monthEnd(month: string): Date {
  return instantOf(dayNumber(addDays(monthDays(month).to, 1)), 0);
}

/**
 * The default cut-off of a month's 月度通报: 00:00 Asia/Shanghai of the third working day of the next month, by the
 * working calendar (holidays and make-up days count as the calendar says).
 */
export function defaultCutoff(month: string, calendar: WorkingCalendar): Date {
  let day = addDays(monthDays(month).to, 1);
  for (let working = 0; ; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) working += 1;
    if (working === 3) return instantOf(dayNumber(day), 0);
  }
}

/** An ISO-8601 time with an offset, as a cut-off or an `asOf` time is written. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)$/;

/** The instant of an ISO-8601 time with an offset, or undefined. */
export function instantOfIso(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** An instant written the way the office reads it (+08:00), to the millisecond when it has any. */
export function shanghaiTime(instant: Date): string {
  const ms = instant.getTime() % 1000;
  const text = formatShanghai(instant);
  return ms === 0 ? text : text.replace('+08:00', `.${String(ms).padStart(3, '0')}+08:00`);
}
