import { createHash } from 'node:crypto';
import { CalendarError } from './calendar.errors.js';
import {
  type CivilDate,
  civilDateOfDay,
  dayNumber,
  isCivilDate,
  shanghaiDate,
  weekday,
  yearOf,
} from './civil-date.js';
import { type OfficialYearSchedule, validateYearSchedule } from './holiday-schedule.js';
import { OFFICIAL_SCHEDULES } from './holidays/index.js';
import { PROVISIONAL_RULES_ID, provisionalHolidays } from './provisional-holidays.js';

/** An administrator's decision about one day, which wins over official and provisional data. */
export interface CalendarOverride {
  readonly date: CivilDate;
  /** `holiday`: nobody works (e.g. a typhoon closure); `working`: a day off becomes a working day. */
  readonly status: 'holiday' | 'working';
  readonly reason: string;
}

/** Everything a calendar is built from; store it to rebuild the same calendar (and the same version) later. */
export interface CalendarDataSet {
  readonly official: readonly OfficialYearSchedule[];
  readonly overrides: readonly CalendarOverride[];
}

/** What kind of day a date is, before asking whether people work. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'make-up-workday';

/** One day as the calendar sees it. */
export interface CalendarDay {
  readonly date: CivilDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Where the answer comes from: an official notice, the statutory fallback, or an admin override. */
  readonly source: 'official' | 'provisional' | 'override';
  /** True when the year has no official schedule yet (overrides do not change that). */
  readonly provisional: boolean;
  /** The holiday's name (元旦, 春节 …), or for a make-up working day the holiday it pays for. */
  readonly holiday?: string;
  /** The override's reason. */
  readonly reason?: string;
}

interface OfficialDay {
  readonly kind: 'holiday' | 'make-up-workday';
  readonly name: string;
}

/**
 * The working calendar (工作日历): which Shanghai calendar days are working days, built from official State Council
 * schedules, the statutory fallback for years not yet published, and admin overrides. Immutable: overriding or
 * importing returns a new calendar with a new {@link WorkingCalendar.version}.
 */
export class WorkingCalendar {
  /** Identifies the data exactly, e.g. `official-2020-2026+overrides-0.1a2b3c4d`; record it with each deadline. */
  readonly version: string;
  /** The years with an official schedule, ascending. */
  readonly officialYears: readonly number[];

  private readonly officialYearSet: ReadonlySet<number>;
  private readonly officialDays = new Map<CivilDate, OfficialDay>();
  private readonly overrideDays = new Map<CivilDate, CalendarOverride>();
  private readonly provisionalCache = new Map<number, ReadonlyMap<CivilDate, string>>();

  private constructor(readonly data: CalendarDataSet) {
    this.officialYears = data.official.map((schedule) => schedule.year);
    this.officialYearSet = new Set(this.officialYears);
    // In year order, so that where two notices name the same late-December day, the later notice wins.
    for (const schedule of data.official) {
      for (const range of schedule.holidays) {
        for (let day = dayNumber(range.from); day <= dayNumber(range.to); day += 1) {
          this.officialDays.set(civilDateOfDay(day), { kind: 'holiday', name: range.name });
        }
      }
      for (const makeUp of schedule.makeUpWorkdays) {
        this.officialDays.set(makeUp.date, { kind: 'make-up-workday', name: makeUp.for });
      }
    }
    for (const override of data.overrides) this.overrideDays.set(override.date, override);
    this.version = versionOf(data);
  }

  /** Builds a calendar from stored data, validating every schedule and override. */
  static fromData(data: CalendarDataSet): WorkingCalendar {
    const official = data.official.map((schedule) => validateYearSchedule(schedule));
    const years = new Set<number>();
    for (const { year } of official) {
      if (years.has(year)) {
        throw new CalendarError('CALENDAR.INVALID_SCHEDULE', `two official schedules for ${year}`, { year });
      }
      years.add(year);
    }
    official.sort((a, b) => a.year - b.year);
    return new WorkingCalendar({ official, overrides: normalizeOverrides([], data.overrides) });
  }

  /** The calendar of the built-in official data (2020–2026), without overrides. */
  static builtIn(): WorkingCalendar {
    builtInCalendar ??= WorkingCalendar.fromData({ official: OFFICIAL_SCHEDULES, overrides: [] });
    return builtInCalendar;
  }

  /** The day a civil date (or the Shanghai day of an instant) is; throws for a year it cannot answer for. */
  day(date: CivilDate | Date): CalendarDay {
    const civil = typeof date === 'string' ? checkedDate(date) : shanghaiDate(date);
    const year = yearOf(civil);
    const provisional = !this.officialYearSet.has(year);
    const override = this.overrideDays.get(civil);
    if (override) {
      return {
        date: civil,
        working: override.status === 'working',
        kind: override.status === 'working' ? 'workday' : 'holiday',
        source: 'override',
        provisional,
        reason: override.reason,
      };
    }
    const official = this.officialDays.get(civil);
    if (official) {
      return {
        date: civil,
        working: official.kind === 'make-up-workday',
        kind: official.kind,
        source: 'official',
        provisional,
        holiday: official.name,
      };
    }
    const source = provisional ? 'provisional' : 'official';
    if (provisional) {
      const name = this.provisionalHolidaysOf(year).get(civil);
      if (name !== undefined)
        return { date: civil, working: false, kind: 'holiday', source, provisional, holiday: name };
    }
    const dow = weekday(civil);
    const weekend = dow === 0 || dow === 6;
    return { date: civil, working: !weekend, kind: weekend ? 'weekend' : 'workday', source, provisional };
  }

  /** Whether people work on this day (Monday–Friday that is not a holiday, or a make-up working day). */
  isWorkingDay(date: CivilDate | Date): boolean {
    return this.day(date).working;
  }

  /** Whether this day's year has no official schedule yet, so answers about it may change on import. */
  isProvisional(date: CivilDate | Date): boolean {
    const civil = typeof date === 'string' ? checkedDate(date) : shanghaiDate(date);
    return !this.officialYearSet.has(yearOf(civil));
  }

  /** The overrides in force, one per date, in date order. */
  get overrides(): readonly CalendarOverride[] {
    return this.data.overrides;
  }

  private provisionalHolidaysOf(year: number): ReadonlyMap<CivilDate, string> {
    let days = this.provisionalCache.get(year);
    if (!days) {
      days = provisionalHolidays(year);
      this.provisionalCache.set(year, days);
    }
    return days;
  }
}

let builtInCalendar: WorkingCalendar | undefined;

/**
 * Admin override: a new calendar in which each given day is a holiday or a working day, with its reason. A later
 * override of the same date replaces the earlier one. Overrides survive the import of an official year.
 */
export function overrideDays(
  calendar: WorkingCalendar,
  overrides: readonly CalendarOverride[],
): WorkingCalendar {
  return WorkingCalendar.fromData({
    official: calendar.data.official,
    overrides: normalizeOverrides(calendar.data.overrides, overrides),
  });
}

/** A new calendar without the overrides of the given dates (the official or provisional answer applies again). */
export function removeOverrides(calendar: WorkingCalendar, dates: readonly CivilDate[]): WorkingCalendar {
  const removed = new Set(dates.map(checkedDate));
  return WorkingCalendar.fromData({
    official: calendar.data.official,
    overrides: calendar.data.overrides.filter((override) => !removed.has(override.date)),
  });
}

/**
 * Import of a newly published year: validates the schedule (dates inside the year, no overlaps, make-up days on
 * weekends) and returns a new calendar in which that year is official, replacing any earlier official data for
 * it (a corrected or amended notice). Deadlines computed on the old calendar keep their recorded values: use
 * {@link reviseProvisionalDeadlines} to find those that must be revised explicitly.
 */
export function importOfficialYear(calendar: WorkingCalendar, schedule: unknown): WorkingCalendar {
  const imported = validateYearSchedule(schedule);
  return WorkingCalendar.fromData({
    official: [...calendar.data.official.filter((existing) => existing.year !== imported.year), imported],
    overrides: calendar.data.overrides,
  });
}

function normalizeOverrides(
  existing: readonly CalendarOverride[],
  added: readonly CalendarOverride[],
): CalendarOverride[] {
  const byDate = new Map<CivilDate, CalendarOverride>();
  for (const override of existing) byDate.set(override.date, override);
  added.forEach((override: unknown, i) => {
    const checked = checkOverride(override, i);
    byDate.set(checked.date, checked);
  });
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function checkOverride(input: unknown, index: number): CalendarOverride {
  const problem = (message: string): CalendarError =>
    new CalendarError('CALENDAR.INVALID_OVERRIDE', `overrides[${index}]: ${message}`, { index });
  if (typeof input !== 'object' || input === null) throw problem('expected { date, status, reason }');
  const { date, status, reason } = input as Record<string, unknown>;
  if (!isCivilDate(date)) throw problem(`${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
  if (status !== 'holiday' && status !== 'working') throw problem(`status must be "holiday" or "working"`);
  if (typeof reason !== 'string' || reason.trim().length === 0) throw problem('a reason is required');
  if (reason.length > 500) throw problem('the reason is longer than 500 characters');
  return { date, status, reason };
}

function checkedDate(date: CivilDate): CivilDate {
  dayNumber(date);
  return date;
}

/**
 * `official-<years>+overrides-<n>.<hash>`: the prefix for people, the first 8 hex digits of a SHA-256 of the
 * canonical data (and of the provisional rule set) so that two calendars share a version only if they answer
 * alike.
 */
function versionOf(data: CalendarDataSet): string {
  const canonical = JSON.stringify({
    provisionalRules: PROVISIONAL_RULES_ID,
    official: data.official,
    overrides: data.overrides,
  });
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 8);
  return `official-${yearRanges(data.official.map((schedule) => schedule.year))}+overrides-${data.overrides.length}.${hash}`;
}

function yearRanges(years: readonly number[]): string {
  if (years.length === 0) return 'none';
  const ranges: string[] = [];
  let from = years[0] ?? 0;
  let to = from;
  for (const year of years.slice(1)) {
    if (year === to + 1) {
      to = year;
    } else {
      ranges.push(from === to ? `${from}` : `${from}-${to}`);
      from = year;
      to = year;
    }
  }
  ranges.push(from === to ? `${from}` : `${from}-${to}`);
  return ranges.join(',');
}
