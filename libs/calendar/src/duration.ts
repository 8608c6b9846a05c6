import { CalendarError } from './calendar.errors.js';

/**
 * The unit of a time limit: `m` natural minutes, `h` natural hours, `d` natural days (自然时: nights and holidays
 * count), `wh` working hours (工作时, inside office windows on working days), `wd` working days (工作日).
 */
export type DurationUnit = 'm' | 'h' | 'd' | 'wh' | 'wd';

/** A time limit such as 5 working days: a positive whole amount of one unit. */
export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

/** Which clock a unit runs on: natural time, or working time (office windows on working days). */
export type TimeBasis = 'natural' | 'working';

const PATTERN = /^([1-9]\d*)(m|h|d|wh|wd)$/;
const HINT = ' (a positive whole number and a unit: m, h, d, wh or wd, e.g. "30m", "2wh", "5wd")';

/**
 * Upper bounds, about ten years in each unit: a larger limit is a typo, and bounding it bounds the day-by-day
 * walks of the working clocks.
 */
const MAX_AMOUNT: Readonly<Record<DurationUnit, number>> = {
  m: 5_256_000,
  h: 87_600,
  d: 3_650,
  wh: 18_750,
  wd: 2_500,
};

/** Parses `"30m"`, `"2h"`, `"1d"`, `"2wh"`, `"1wd"`; throws `CALENDAR.INVALID_DURATION` naming the bad value. */
export function parseDuration(text: unknown): Duration {
  const match = typeof text === 'string' ? PATTERN.exec(text) : null;
  const amountText = match?.[1];
  const unit = match?.[2] as DurationUnit | undefined;
  if (amountText === undefined || unit === undefined) {
    throw new CalendarError('CALENDAR.INVALID_DURATION', `${describe(text)} is not a duration${HINT}`, {
      value: text,
    });
  }
  const amount = Number(amountText);
  if (amount > MAX_AMOUNT[unit]) {
    throw new CalendarError(
      'CALENDAR.INVALID_DURATION',
      `${describe(text)} is too long a duration (at most ${MAX_AMOUNT[unit]}${unit})`,
      { value: text },
    );
  }
  return { amount, unit };
}

/** Writes a duration back in its text form (`5wd`). */
export function formatDuration(duration: Duration): string {
  return `${duration.amount}${duration.unit}`;
}

/** The clock a unit runs on. */
export function basisOf(unit: DurationUnit): TimeBasis {
  return unit === 'wh' || unit === 'wd' ? 'working' : 'natural';
}

/** Milliseconds per natural unit. */
export const NATURAL_UNIT_MS: Readonly<Record<'m' | 'h' | 'd', number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
