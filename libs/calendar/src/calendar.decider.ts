import type { Decider, DecisionContext } from '#core';
import type { CivilDate } from './civil-date.js';
import { type OfficialYearSchedule, validateYearSchedule } from './holiday-schedule.js';
import {
  type CalendarOverride,
  importOfficialYear,
  overrideDays,
  removeOverrides,
  WorkingCalendar,
} from './working-calendar.js';

/** The street's one working-calendar stream: admin overrides and imported official years, on the built-in data. */
export const CALENDAR_STREAM = 'calendar-street';

export type CalendarEvent =
  | {
      type: 'CalendarDaysOverridden';
      data: { overrides: readonly CalendarOverride[]; version: string; at: string };
    }
  | { type: 'CalendarOverridesRemoved'; data: { dates: readonly CivilDate[]; version: string; at: string } }
  | { type: 'OfficialYearImported'; data: { schedule: OfficialYearSchedule; version: string; at: string } };

export type CalendarCommand =
  | { type: 'OverrideCalendarDays'; data: { overrides: readonly CalendarOverride[] } }
  | { type: 'RemoveCalendarOverrides'; data: { dates: readonly CivilDate[] } }
  /** The schedule as an admin sends it; validated here (dates inside the year, no overlaps, make-up days on weekends). */
  | { type: 'ImportOfficialYear'; data: { schedule: unknown } };

/**
 * The working calendar as an aggregate. Every change records the version it produces, so a deadline's recorded
 * `calendarVersion` can always be traced to the data it was computed on; a change that does not change the
 * version (the same override again, the same schedule again) is nothing new.
 */
export const calendarDecider: Decider<CalendarCommand, CalendarEvent, WorkingCalendar, DecisionContext> = {
  initialState: () => WorkingCalendar.builtIn(),
  evolve(calendar, event) {
    switch (event.type) {
      case 'CalendarDaysOverridden':
        return overrideDays(calendar, event.data.overrides);
      case 'CalendarOverridesRemoved':
        return removeOverrides(calendar, event.data.dates);
      case 'OfficialYearImported':
        return importOfficialYear(calendar, event.data.schedule);
    }
  },
  decide(command, calendar, { now }): CalendarEvent[] {
    const at = now.toISOString();
    switch (command.type) {
      case 'OverrideCalendarDays': {
        const next = overrideDays(calendar, command.data.overrides);
        if (next.version === calendar.version) return [];
        return [
          {
            type: 'CalendarDaysOverridden',
            data: { overrides: command.data.overrides, version: next.version, at },
          },
        ];
      }
      case 'RemoveCalendarOverrides': {
        const next = removeOverrides(calendar, command.data.dates);
        if (next.version === calendar.version) return [];
        return [
          {
            type: 'CalendarOverridesRemoved',
            data: { dates: command.data.dates, version: next.version, at },
          },
        ];
      }
      case 'ImportOfficialYear': {
        const schedule = validateYearSchedule(command.data.schedule);
        const next = importOfficialYear(calendar, schedule);
        if (next.version === calendar.version) return [];
        return [{ type: 'OfficialYearImported', data: { schedule, version: next.version, at } }];
      }
    }
  },
};
