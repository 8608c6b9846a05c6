import { CalendarError } from './calendar.errors.js';

/** One office window of a working day, `HH:MM` to `HH:MM` Shanghai time, end excluded. */
export interface OfficeWindow {
  readonly start: string;
  readonly end: string;
}

/** The office windows of every working day, validated and in order, with their millisecond offsets. */
export interface OfficeHours {
  readonly windows: readonly OfficeWindow[];
  /** [start, end) in milliseconds after midnight, sorted, disjoint. */
  readonly spans: readonly (readonly [number, number])[];
  /** Close of business: the end of the last window (a working-day deadline falls here). */
  readonly closeMs: number;
  /** Length of a full working day, the sum of the windows. */
  readonly dayMs: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const MINUTE_MS = 60_000;

/**
 * Builds office hours from windows such as `[['09:00', '12:00'], ['13:00', '17:30']]`. Windows must be non-empty,
 * in order and not overlapping; `24:00` may end the last one.
 */
export function officeHours(windows: readonly (readonly [string, string])[]): OfficeHours {
  if (windows.length === 0) throw invalid('at least one office window is needed');
  const spans: (readonly [number, number])[] = [];
  let previousEnd = -1;
  for (const [start, end] of windows) {
    const from = toMs(start);
    const to = toMs(end);
    if (to <= from) throw invalid(`window ${start}–${end} ends before it starts`);
    if (from < previousEnd) throw invalid(`window ${start}–${end} overlaps or precedes the one before it`);
    spans.push([from, to]);
    previousEnd = to;
  }
  const last = spans[spans.length - 1];
  return {
    windows: windows.map(([start, end]) => ({ start, end })),
    spans,
    closeMs: last === undefined ? 0 : last[1],
    dayMs: spans.reduce((sum, [from, to]) => sum + to - from, 0),
  };
}

/** Parses `"09:00-12:00,13:00-17:30"`, the form a configuration value takes. */
export function parseOfficeHours(spec: string): OfficeHours {
  const windows = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part): [string, string] => {
      const [start, end, extra] = part.split('-').map((s) => s.trim());
      if (start === undefined || end === undefined || extra !== undefined) {
        throw invalid(`${JSON.stringify(part)} is not a window like "09:00-12:00"`);
      }
      return [start, end];
    });
  return officeHours(windows);
}

/** 09:00–12:00 and 13:00–17:30, the usual hours of a Shanghai street office. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = officeHours([
  ['09:00', '12:00'],
  ['13:00', '17:30'],
]);

function toMs(time: string): number {
  const match = HH_MM.exec(time);
  if (!match) throw invalid(`${JSON.stringify(time)} is not a time of day (HH:MM)`);
  if (time === '24:00') return 24 * 60 * MINUTE_MS;
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

function invalid(message: string): CalendarError {
  return new CalendarError('CALENDAR.INVALID_OFFICE_HOURS', `invalid office hours: ${message}`);
}
