import { CalendarError } from './calendar.errors.js';
import {
  type CivilDate,
  civilDateOfDay,
  dayNumber,
  isCivilDate,
  weekdayOfDay,
  yearOf,
} from './civil-date.js';

/** The State Council General Office notice a year's schedule comes from. */
export interface ScheduleSource {
  /** e.g. 国务院办公厅关于2025年部分节假日安排的通知 */
  readonly title: string;
  /** e.g. 国办发明电〔2024〕12号 */
  readonly documentNumber: string;
  /** The day the notice was issued. */
  readonly issued: CivilDate;
  readonly url?: string;
}

/** Consecutive days off announced for one holiday, both ends included. */
export interface HolidayRange {
  /** The holiday as the notice names it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节, or a merged name. */
  readonly name: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
}

/** A weekend day declared a working day (调休上班日) to make a longer holiday. */
export interface MakeUpWorkday {
  readonly date: CivilDate;
  /** The holiday it pays for. */
  readonly for: string;
}

/** One year's official schedule: the holiday ranges and make-up working days of a State Council notice. */
export interface OfficialYearSchedule {
  readonly year: number;
  /** The notice, then any later notice that amended it (e.g. the extended 2020 春节). */
  readonly sources: readonly ScheduleSource[];
  readonly holidays: readonly HolidayRange[];
  readonly makeUpWorkdays: readonly MakeUpWorkday[];
}

/** 元旦 may start in the last days of the previous December (the 2023 notice: 2022-12-31 to 2023-01-02). */
const NEW_YEAR = '元旦';
const NEW_YEAR_SPILL_DAYS = 7;

/**
 * Checks a schedule before it becomes calendar data. Rules: a year in 2000–2099; at least
 * one source with a title and document number; every date real and inside the year (元旦 and its make-up days may
 * reach into the last week of the previous December); ranges run forward and do not overlap; make-up days fall on
 * a Saturday or Sunday, are not repeated and are not inside a holiday range. Throws `CALENDAR.INVALID_SCHEDULE`
 * naming the first problem; returns a clean copy.
 */
export function validateYearSchedule(input: unknown): OfficialYearSchedule {
  const problem = (message: string): CalendarError =>
    new CalendarError('CALENDAR.INVALID_SCHEDULE', `invalid holiday schedule: ${message}`);
  if (!isRecord(input)) throw problem('expected an object with year, sources, holidays and makeUpWorkdays');
  const { year, sources, holidays, makeUpWorkdays } = input;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2099) {
    throw problem(`year must be an integer in 2000–2099, not ${JSON.stringify(year)}`);
  }
  if (!Array.isArray(sources) || sources.length === 0)
    throw problem('sources: name the notice (at least one)');
  sources.forEach((source: unknown, i) => {
    if (!isRecord(source)) throw problem(`sources[${i}] must be an object`);
    if (!nonEmptyString(source.title)) throw problem(`sources[${i}].title is missing`);
    if (!nonEmptyString(source.documentNumber)) throw problem(`sources[${i}].documentNumber is missing`);
    if (!isCivilDate(source.issued)) throw problem(`sources[${i}].issued must be a date (YYYY-MM-DD)`);
    if (source.url !== undefined && typeof source.url !== 'string')
      throw problem(`sources[${i}].url must be text`);
  });
  if (!Array.isArray(holidays) || holidays.length === 0) throw problem('holidays: at least one range');
  if (!Array.isArray(makeUpWorkdays)) throw problem('makeUpWorkdays must be a list (possibly empty)');

  const inYear = (date: CivilDate, name: string, where: string): number => {
    const day = dayNumber(date);
    const earliest = dayNumber(`${year}-01-01`) - (name === NEW_YEAR ? NEW_YEAR_SPILL_DAYS : 0);
    if (day < earliest || yearOf(date) > year) throw problem(`${where} ${date} is outside ${year}`);
    return day;
  };

  const taken = new Map<number, string>();
  holidays.forEach((range: unknown, i) => {
    const where = `holidays[${i}]`;
    if (!isRecord(range)) throw problem(`${where} must be an object`);
    if (!nonEmptyString(range.name)) throw problem(`${where}.name is missing`);
    if (!isCivilDate(range.from) || !isCivilDate(range.to))
      throw problem(`${where}: from and to must be dates`);
    const from = inYear(range.from, range.name, `${where}.from`);
    const to = inYear(range.to, range.name, `${where}.to`);
    if (to < from) throw problem(`${where} (${range.name}) ends ${range.to} before it starts ${range.from}`);
    for (let day = from; day <= to; day += 1) {
      const other = taken.get(day);
      if (other !== undefined) {
        throw problem(`${where} (${range.name}) overlaps ${other} on ${civilDateOfDay(day)}`);
      }
      taken.set(day, range.name);
    }
  });

  const makeUp = new Set<number>();
  makeUpWorkdays.forEach((entry: unknown, i) => {
    const where = `makeUpWorkdays[${i}]`;
    if (!isRecord(entry)) throw problem(`${where} must be an object`);
    if (!nonEmptyString(entry.for)) throw problem(`${where}.for (the holiday it pays for) is missing`);
    if (!isCivilDate(entry.date)) throw problem(`${where}.date must be a date`);
    const day = inYear(entry.date, entry.for, `${where}`);
    const dow = weekdayOfDay(day);
    if (dow !== 0 && dow !== 6) throw problem(`${where} ${entry.date} is not a Saturday or Sunday`);
    if (makeUp.has(day)) throw problem(`${where} ${entry.date} is listed twice`);
    const holiday = taken.get(day);
    if (holiday !== undefined) throw problem(`${where} ${entry.date} is inside the ${holiday} holiday`);
    makeUp.add(day);
  });

  // A fresh copy: the calendar must not change when the caller later mutates what it passed in.
  const copy: OfficialYearSchedule = {
    year,
    sources: (sources as ScheduleSource[]).map(({ title, documentNumber, issued, url }) =>
      url === undefined ? { title, documentNumber, issued } : { title, documentNumber, issued, url },
    ),
    holidays: (holidays as HolidayRange[]).map(({ name, from, to }) => ({ name, from, to })),
    makeUpWorkdays: (makeUpWorkdays as MakeUpWorkday[]).map((entry) => ({
      date: entry.date,
      for: entry.for,
    })),
  };
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
