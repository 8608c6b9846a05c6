import { CalendarError } from './calendar.errors.js';

/**
 * A calendar day in Asia/Shanghai, written `YYYY-MM-DD`. Calendar arithmetic runs on day numbers and a fixed
 * +08:00 offset: China has had no daylight saving time since 1991, and the machine's time zone must never leak in.
 */
export type CivilDate = string;

/** The fixed offset of Asia/Shanghai from UTC. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** Milliseconds in a calendar day (no DST, so every Shanghai day has exactly this many). */
export const DAY_MS = 24 * 60 * 60 * 1000;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a valid civil date; throws `CALENDAR.INVALID_DATE` otherwise. */
export function dayNumber(date: CivilDate): number {
  const match = CIVIL_DATE.exec(date);
  if (!match) throw invalidDate(date);
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2025-02-30 over to March: a round trip catches impossible days.
  if (month < 1 || month > 12 || civilDateOfDay(ms / DAY_MS) !== date) throw invalidDate(date);
  return ms / DAY_MS;
}

/** Whether a string is a real `YYYY-MM-DD` day. */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** The civil date of a day number. */
export function civilDateOfDay(day: number): CivilDate {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear().toString().padStart(4, '0');
  const m = (d.getUTCMonth() + 1).toString().padStart(2, '0');
  const dd = d.getUTCDate().toString().padStart(2, '0');
  return `${y}-${m}-${dd}`;
}

/** The Shanghai calendar day an instant falls on, as a day number, and the milliseconds since that midnight. */
export function shanghaiDayAndTime(instant: Date): { day: number; msOfDay: number } {
  const shifted = instant.getTime() + SHANGHAI_OFFSET_MS;
  const day = Math.floor(shifted / DAY_MS);
  return { day, msOfDay: shifted - day * DAY_MS };
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(instant: Date): CivilDate {
  return civilDateOfDay(shanghaiDayAndTime(instant).day);
}

/** The instant at `msOfDay` after Shanghai midnight of a day number. */
export function instantOf(day: number, msOfDay: number): Date {
  return new Date(day * DAY_MS + msOfDay - SHANGHAI_OFFSET_MS);
}

/** Adds days to a civil date. */
export function addDays(date: CivilDate, days: number): CivilDate {
  return civilDateOfDay(dayNumber(date) + days);
}

/** Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of the week of a civil date: 0 Sunday … 6 Saturday. */
export function weekday(date: CivilDate): number {
  return weekdayOfDay(dayNumber(date));
}

/** The Gregorian year of a civil date. */
export function yearOf(date: CivilDate): number {
  return Number(date.slice(0, 4));
}

/** The civil date `YYYY-MM-DD` from its parts (no validation beyond padding). */
export function civilDate(year: number, month: number, day: number): CivilDate {
  return civilDateOfDay(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Formats an instant as ISO-8601 with the +08:00 offset, the way people in the office read it. */
export function formatShanghai(instant: Date): string {
  const { day, msOfDay } = shanghaiDayAndTime(instant);
  const totalSeconds = Math.floor(msOfDay / 1000);
  const hh = Math.floor(totalSeconds / 3600)
    .toString()
    .padStart(2, '0');
  const mm = Math.floor((totalSeconds % 3600) / 60)
    .toString()
    .padStart(2, '0');
  const ss = (totalSeconds % 60).toString().padStart(2, '0');
  return `${civilDateOfDay(day)}T${hh}:${mm}:${ss}+08:00`;
}

function invalidDate(date: string): CalendarError {
  return new CalendarError(
    'CALENDAR.INVALID_DATE',
    `${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`,
    {
      date,
    },
  );
}
