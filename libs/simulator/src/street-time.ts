import {
  basisOf,
  type OfficeHours,
  parseDuration,
  shanghaiDayAndTime,
  instantOf,
  civilDateOfDay,
  type WorkingCalendar,
  DAY_MS,
} from '#calendar';
import type { Rng } from './random.js';

/** Whether people act on a step in office time (a working-hours or working-days limit) or at any hour. */
export type Basis = 'natural' | 'working';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = DAY_MS;
const MAX_WALK_DAYS = 400;

const floorToSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
const ceilToSecond = (ms: number): number => Math.ceil(ms / 1000) * 1000;

/**
 * When the people of the street act: on the working calendar and in office hours for stages whose limit runs on the
 * working clock, at any hour for natural-time limits (urgent tickets, street-order findings). Instants are epoch
 * milliseconds, always whole seconds.
 */
export class StreetTime {
  private readonly workingDays = new Map<number, boolean>();

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly hours: OfficeHours,
  ) {}

  /** Whether the Shanghai day of the instant is a working day (weekday not a holiday, or a make-up day). */
  isWorkingDayAt(ms: number): boolean {
    return this.working(shanghaiDayAndTime(new Date(ms)).day);
  }

  /** The Shanghai hour of the day (0–23). */
  hourOf(ms: number): number {
    return Math.floor(shanghaiDayAndTime(new Date(ms)).msOfDay / HOUR);
  }

  /** The clock a recorded limit (`2wh`, `5wd`, `30m`, `3d` …) runs on; anything unreadable counts as natural. */
  basisOf(limit: string): Basis {
    try {
      return basisOf(parseDuration(limit).unit);
    } catch {
      // A policy with its own limit texts: treat it as natural time (act at any hour).
      return 'natural';
    }
  }

  /** Office-window time on working days between two instants. */
  workingBetween(from: number, to: number): number {
    if (to <= from) return 0;
    const a = shanghaiDayAndTime(new Date(from));
    const b = shanghaiDayAndTime(new Date(to));
    let total = 0;
    for (let day = a.day; day <= b.day; day += 1) {
      if (!this.working(day)) continue;
      const lower = day === a.day ? a.msOfDay : 0;
      const upper = day === b.day ? b.msOfDay : DAY_MS;
      for (const [open, close] of this.hours.spans) {
        total += Math.max(0, Math.min(close, upper) - Math.max(open, lower));
      }
    }
    return total;
  }

  /** The instant inside an office window after `amount` of office time from `from` (a start outside begins at the
   *  next opening). */
  advanceWorking(from: number, amount: number): number {
    const origin = shanghaiDayAndTime(new Date(from));
    let remaining = Math.max(0, amount);
    for (
      let day = origin.day, start = origin.msOfDay;
      day <= origin.day + MAX_WALK_DAYS;
      day += 1, start = 0
    ) {
      if (!this.working(day)) continue;
      for (const [open, close] of this.hours.spans) {
        if (start >= close) continue;
        const begin = Math.max(start, open);
        if (remaining < close - begin) return instantOf(day, begin + remaining).getTime();
        remaining -= close - begin;
      }
    }
    throw new RangeError(
      `No working time within ${MAX_WALK_DAYS} days after ${new Date(from).toISOString()}`,
    );
  }

  /** On time: a moment in [from, due] at a fraction in [lo, hi) of the time between them on the stage's clock. */
  within(rng: Rng, from: number, due: number, basis: Basis, lo = 0.05, hi = 0.95): number {
    if (due <= from) return from;
    const fraction = rng.between(lo, hi);
    let at: number;
    const office = basis === 'working' ? this.workingBetween(from, due) : 0;
    if (basis === 'working' && office >= MINUTE) at = this.advanceWorking(from, office * fraction);
    else at = from + (due - from) * fraction;
    return Math.max(from, Math.min(due, floorToSecond(at)));
  }

  /** Late: a while after `due` (a quarter of an hour to a working day and a half, or 10 minutes to 6 hours). */
  after(rng: Rng, due: number, basis: Basis): number {
    const at =
      basis === 'working'
        ? this.advanceWorking(due, rng.between(15, 720) * MINUTE)
        : due + rng.between(10, 360) * MINUTE;
    return Math.max(due + MINUTE, ceilToSecond(at));
  }

  /** A reaction `min`–`max` minutes later, counted in office time for the working clock. */
  reaction(rng: Rng, from: number, minMinutes: number, maxMinutes: number, basis: Basis): number {
    const amount = rng.between(minMinutes, maxMinutes) * MINUTE;
    const at = basis === 'working' ? this.advanceWorking(from, amount) : from + amount;
    return Math.max(from, floorToSecond(at));
  }

  /**
   * Into the daily hours [fromHour, toHour) (the 12345 call centre calls back 8:00–20:00 every day): an instant
   * outside moves to the next opening plus up to an hour.
   */
  daytime(rng: Rng, ms: number, fromHour: number, toHour: number): number {
    const { day, msOfDay } = shanghaiDayAndTime(new Date(ms));
    const hour = msOfDay / HOUR;
    if (hour >= fromHour && hour < toHour) return ms;
    const openDay = hour < fromHour ? day : day + 1;
    return floorToSecond(instantOf(openDay, fromHour * HOUR + rng.between(0, 60) * MINUTE).getTime());
  }

  /** `ms` moved into office time (the next opening plus up to 45 minutes), unless that passes `limit`. */
  intoOffice(rng: Rng, ms: number, limit = Number.POSITIVE_INFINITY): number {
    const { day, msOfDay } = shanghaiDayAndTime(new Date(ms));
    if (this.working(day) && this.hours.spans.some(([open, close]) => msOfDay >= open && msOfDay < close)) {
      return ms;
    }
    const moved = floorToSecond(this.advanceWorking(ms, rng.between(0, 45) * MINUTE));
    return moved <= limit ? moved : ms;
  }

  private working(day: number): boolean {
    let answer = this.workingDays.get(day);
    if (answer === undefined) {
      answer = this.calendar.isWorkingDay(civilDateOfDay(day));
      this.workingDays.set(day, answer);
    }
    return answer;
  }
}
