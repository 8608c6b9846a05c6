import { CalendarError } from './calendar.errors.js';
import { DAY_MS, civilDateOfDay, instantOf, shanghaiDayAndTime } from './civil-date.js';
import {
  type Duration,
  NATURAL_UNIT_MS,
  type TimeBasis,
  basisOf,
  formatDuration,
  parseDuration,
} from './duration.js';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from './office-hours.js';
import type { WorkingCalendar } from './working-calendar.js';

/** A computed due time, with whether it rests on provisional calendar days and the calendar version used. */
export interface Deadline {
  readonly dueAt: Date;
  /** True when any calendar day consulted lies in a year without an official schedule. */
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

/** A computed instant (a warning point), with whether it rests on provisional calendar days. */
export interface ComputedInstant {
  readonly at: Date;
  readonly provisional: boolean;
}

/** A due time already known, and the clock its limit ran on. */
export interface DueTime {
  readonly dueAt: Date;
  readonly basis: TimeBasis;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Walking further than this many days without finding working time means the calendar is broken. */
const MAX_WALK_DAYS = 20 * 366;

/**
 * The due time of a limit started at `start` (README, "Day boundaries"):
 * - `m`, `h`, `d`: natural time, plain elapsed milliseconds (never provisional);
 * - `wh`: minutes inside office windows on working days; a start outside a window begins at the next opening;
 * - `wd`: close of business of the Nth working day after the day of receipt; a start at or after close of business,
 *   or on a day that is not a working day, counts as received on the next working day.
 */
export function addDuration(
  start: Date,
  duration: Duration | string,
  calendar: WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): Deadline {
  const limit = typeof duration === 'string' ? parseDuration(duration) : duration;
  const probe = new DayProbe(calendar);
  let dueAt: Date;
  switch (limit.unit) {
    case 'm':
    case 'h':
    case 'd':
      dueAt = new Date(start.getTime() + limit.amount * NATURAL_UNIT_MS[limit.unit]);
      break;
    case 'wh':
      dueAt = advanceWorkingTime(probe, hours, start, limit.amount * HOUR_MS);
      break;
    case 'wd':
      dueAt = addWorkingDays(probe, hours, start, limit.amount);
      break;
  }
  return { dueAt, provisional: probe.provisional, calendarVersion: calendar.version };
}

/**
 * The instant at which `fraction` (e.g. 0.67) of the allowed time from `start` to the due time is used, measured in
 * the limit's own clock: natural time for m/h/d, working time (office windows on working days) for wh/wd. The used
 * time is rounded down to a whole minute, so a warning is never late.
 */
export function warningPoint(
  start: Date,
  target: Duration | string | DueTime,
  fraction: number,
  calendar: WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): ComputedInstant {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new CalendarError('CALENDAR.INVALID_FRACTION', `warning fraction ${fraction} is not in (0, 1]`);
  }
  let due: DueTime;
  let provisional = false;
  if (typeof target === 'string' || 'unit' in target) {
    const limit = typeof target === 'string' ? parseDuration(target) : target;
    const deadline = addDuration(start, limit, calendar, hours);
    due = { dueAt: deadline.dueAt, basis: basisOf(limit.unit) };
    provisional = deadline.provisional;
  } else {
    due = target;
  }
  if (due.basis === 'natural') {
    const used = floorToMinute(fraction * (due.dueAt.getTime() - start.getTime()));
    return { at: new Date(start.getTime() + used), provisional };
  }
  const probe = new DayProbe(calendar);
  const used = floorToMinute(fraction * workingTimeBetween(probe, hours, start, due.dueAt));
  const at = advanceWorkingTime(probe, hours, start, used);
  return { at, provisional: provisional || probe.provisional };
}

/**
 * Time elapsed from `start` to `end` in a unit's clock, as a fraction where needed: natural minutes, hours or days;
 * working hours (office-window time on working days); working days (that time divided by a full working day).
 * Negative when `end` is before `start`.
 */
export function elapsed(
  start: Date,
  end: Date,
  unit: Duration['unit'],
  calendar: WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): number {
  if (end.getTime() < start.getTime()) return -elapsed(end, start, unit, calendar, hours);
  switch (unit) {
    case 'm':
    case 'h':
    case 'd':
      return (end.getTime() - start.getTime()) / NATURAL_UNIT_MS[unit];
    case 'wh':
      return workingTimeBetween(new DayProbe(calendar), hours, start, end) / HOUR_MS;
    case 'wd':
      return workingTimeBetween(new DayProbe(calendar), hours, start, end) / hours.dayMs;
  }
}

/** Asks the calendar about days and remembers whether any answer was provisional. */
class DayProbe {
  provisional = false;

  constructor(private readonly calendar: WorkingCalendar) {}

  working(day: number): boolean {
    const info = this.calendar.day(civilDateOfDay(day));
    if (info.provisional) this.provisional = true;
    return info.working;
  }
}

/** The instant after `amountMs` of office-window time on working days, counted from `start`. */
function advanceWorkingTime(probe: DayProbe, hours: OfficeHours, start: Date, amountMs: number): Date {
  if (amountMs <= 0) return start;
  const origin = shanghaiDayAndTime(start);
  let remaining = amountMs;
  for (let day = origin.day, from = origin.msOfDay; day <= origin.day + MAX_WALK_DAYS; day += 1, from = 0) {
    if (!probe.working(day)) continue;
    for (const [open, close] of hours.spans) {
      if (from >= close) continue;
      const begin = Math.max(from, open);
      const available = close - begin;
      // `<=`: a limit used up exactly at a window's end falls due at that end, not at the next opening.
      if (remaining <= available) return instantOf(day, begin + remaining);
      remaining -= available;
    }
  }
  throw noWorkingTime(start);
}

/** Office-window time on working days between two instants (`from` before `to`). */
function workingTimeBetween(probe: DayProbe, hours: OfficeHours, from: Date, to: Date): number {
  const a = shanghaiDayAndTime(from);
  const b = shanghaiDayAndTime(to);
  let total = 0;
  for (let day = a.day; day <= b.day; day += 1) {
    if (!probe.working(day)) continue;
    const lower = day === a.day ? a.msOfDay : 0;
    const upper = day === b.day ? b.msOfDay : DAY_MS;
    for (const [open, close] of hours.spans) {
      total += Math.max(0, Math.min(close, upper) - Math.max(open, lower));
    }
  }
  return total;
}

/**
 * 次日起算: the day of receipt is day 0 and is not counted; the due time is close of business of the Nth working day
 * after it. Received at or after close of business, or on a day off, the ticket counts as received on the next
 * working day.
 */
function addWorkingDays(probe: DayProbe, hours: OfficeHours, start: Date, count: number): Date {
  const { day: receivedOn, msOfDay } = shanghaiDayAndTime(start);
  let day = receivedOn;
  if (!probe.working(day) || msOfDay >= hours.closeMs) day = nextWorkingDay(probe, day, start);
  for (let counted = 0; counted < count; counted += 1) day = nextWorkingDay(probe, day, start);
  return instantOf(day, hours.closeMs);
}

function nextWorkingDay(probe: DayProbe, after: number, start: Date): number {
  for (let day = after + 1; day <= after + MAX_WALK_DAYS; day += 1) {
    if (probe.working(day)) return day;
  }
  throw noWorkingTime(start);
}

function floorToMinute(ms: number): number {
  // The epsilon keeps 0.29 × 100 minutes (28.999…) at 29.
  return Math.floor(ms / MINUTE_MS + 1e-9) * MINUTE_MS;
}

function noWorkingTime(start: Date): CalendarError {
  return new CalendarError(
    'CALENDAR.NO_WORKING_TIME',
    `no working time within ${MAX_WALK_DAYS} days after ${start.toISOString()}`,
  );
}

/** A deadline as a stage records it: ISO instants, the limit as text, the calendar version and provisional flag. */
export interface RecordedDeadline {
  readonly startedAt: string;
  readonly dueAt: string;
  readonly warnAt: string;
  readonly limit: string;
  readonly calendarVersion: string;
  readonly provisional: boolean;
}

/**
 * The due and warning instants of a limit started at `startedAt`, in the form the events record: what every
 * stage of every case computes once, when it starts (the warning at `warnAt` of the allowed time, on the
 * limit's own clock).
 */
export function recordDeadline(
  limit: Duration,
  startedAt: Date,
  calendar: WorkingCalendar,
  warnAt: number,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): RecordedDeadline {
  const due = addDuration(startedAt, limit, calendar, hours);
  const warn = warningPoint(
    startedAt,
    { dueAt: due.dueAt, basis: basisOf(limit.unit) },
    warnAt,
    calendar,
    hours,
  );
  return {
    startedAt: startedAt.toISOString(),
    dueAt: due.dueAt.toISOString(),
    warnAt: warn.at.toISOString(),
    limit: formatDuration(limit),
    calendarVersion: due.calendarVersion,
    provisional: due.provisional || warn.provisional,
  };
}
