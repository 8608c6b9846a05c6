import type { DeadlinePolicy, HotlineStage, StageDeadline } from '../deadline-policy.js';

/** Natural hours per stage of the fake policy: easy to read in tests (a working day is 24 hours here). */
export const FAKE_STAGE_HOURS: Readonly<Record<HotlineStage, number>> = {
  sign: 2,
  dispatch: 2,
  accept: 2,
  firstContact: 24,
  handle: 120,
  review: 4,
  rework: 72,
  reopen: 72,
  callback: 24,
  supervision: 48,
  upstream: 240,
};

/**
 * The "working calendar" of the fake policy. `provisional`: every deadline computed on it is provisional (a year
 * not yet published). `shiftHours`: every due time moves by this many hours (a holiday or make-up day that an
 * imported schedule adds), so that a revision onto another fake calendar moves due and warning times.
 */
export interface FakeCalendar {
  readonly version: string;
  readonly provisional?: boolean;
  readonly shiftHours?: number;
}

const HOUR = 3_600_000;

/** Hours of a limit as the fake writes it: `<n>h`, or `<n>wd` at 24 hours a working day. */
function hoursOf(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)(h|wd)$/.exec(limit);
  if (!match) throw new Error(`The fake deadline policy does not know the limit ${limit}`);
  return Number(match[1]) * (match[2] === 'wd' ? 24 : 1);
}

/**
 * A deterministic DeadlinePolicy for tests: due = start + N hours by stage (an override of W working days is
 * W × 24 hours) + the calendar's shift, warning at 2/3 of the time. Ticket type and urgency are ignored. `revise`
 * recomputes a recorded deadline from its start and limit on this policy's calendar.
 */
export function fakeDeadlinePolicy(
  hours: Readonly<Record<HotlineStage, number>> = FAKE_STAGE_HOURS,
  calendar: string | FakeCalendar = 'fake-1',
): DeadlinePolicy {
  const {
    version,
    provisional = false,
    shiftHours = 0,
  } = typeof calendar === 'string' ? { version: calendar } : calendar;
  const compute = (stage: HotlineStage, startedAt: string, limit: string): StageDeadline => {
    const allowed = hoursOf(limit) + shiftHours;
    const start = Date.parse(startedAt);
    return {
      stage,
      startedAt,
      dueAt: new Date(start + allowed * HOUR).toISOString(),
      warnAt: new Date(start + Math.round(((allowed * 2) / 3) * HOUR)).toISOString(),
      limit,
      calendarVersion: version,
      provisional,
    };
  };
  return {
    deadline(stage, _ticket, startedAt, override): StageDeadline {
      const limit = override ? `${override.workingDays}wd` : `${hours[stage]}h`;
      return compute(stage, startedAt.toISOString(), limit);
    },
    revise(deadline): StageDeadline {
      return compute(deadline.stage, deadline.startedAt, deadline.limit);
    },
    until(stage, startedAt, dueAt): StageDeadline {
      const hoursAllowed = (dueAt.getTime() - startedAt.getTime()) / HOUR;
      return {
        ...compute(stage, startedAt.toISOString(), `${hoursAllowed}h`),
        dueAt: dueAt.toISOString(),
        // A date the district gave is no calendar's: never provisional, never revised.
        provisional: false,
      };
    },
  };
}
