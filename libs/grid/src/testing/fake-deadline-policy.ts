import type { GridDeadline, GridDeadlinePolicy, GridStage } from '../deadline-policy.js';

const HOUR = 3_600_000;

/** Hours of a limit in the fake's world: h and wh are hours, d and wd are 24 hours, m a sixtieth. */
export function fakeHoursOf(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|h|wh|d|wd)$/.exec(limit);
  if (!match) throw new Error(`The fake grid deadline policy does not know the limit ${limit}`);
  const amount = Number(match[1]);
  const unit = match[2];
  if (unit === 'm') return amount / 60;
  return unit === 'd' || unit === 'wd' ? amount * 24 : amount;
}

/** The fixed limits of the fake for the stages whose limit comes from the SLA rules. */
export const FAKE_GRID_LIMITS = { verify: '1h', file: '1h', dispatch: '1h', check: '24h' } as const;

/**
 * The "working calendar" of the fake. `provisional`: every deadline computed on it is provisional (a year not yet
 * published). `shiftHours`: every due time moves by this many hours (a holiday or make-up day that an imported
 * schedule adds), so that a revision onto another fake calendar moves due and warning times.
 * `maxExtensionWorkingDays`: the fake's `grid.maxExtension` (default 10).
 */
export interface FakeGridCalendar {
  readonly version: string;
  readonly provisional?: boolean;
  readonly shiftHours?: number;
  readonly maxExtensionWorkingDays?: number;
}

const slaLimit = (stage: GridStage): string | undefined =>
  stage in FAKE_GRID_LIMITS ? FAKE_GRID_LIMITS[stage as keyof typeof FAKE_GRID_LIMITS] : undefined;

/**
 * A deterministic GridDeadlinePolicy for tests: due = start + the limit read as natural hours (a working day is 24
 * hours) + the calendar's shift, warning at 2/3 of the time. `verify`, `file` and `dispatch` are 1 hour and `check`
 * 24 hours; other stages use `subject.limit`. `revise` recomputes a recorded deadline from its start and limit on
 * this policy's calendar.
 */
export function fakeGridDeadlinePolicy(calendar: string | FakeGridCalendar = 'fake-1'): GridDeadlinePolicy {
  const {
    version,
    provisional = false,
    shiftHours = 0,
    maxExtensionWorkingDays = 10,
  } = typeof calendar === 'string' ? { version: calendar } : calendar;
  const compute = (stage: GridStage, startedAt: string, limit: string): GridDeadline => {
    const allowed = fakeHoursOf(limit) + shiftHours;
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
    deadline(stage, subject, startedAt, override): GridDeadline {
      const limit = override ? `${override.workingDays}wd` : (slaLimit(stage) ?? subject.limit);
      if (limit === undefined) throw new Error(`The grid stage ${stage} needs the subject's limit`);
      return compute(stage, startedAt.toISOString(), limit);
    },
    revise(deadline): GridDeadline {
      return compute(deadline.stage, deadline.startedAt, deadline.limit);
    },
    maxExtension: () => ({ limit: `${maxExtensionWorkingDays}wd`, workingDays: maxExtensionWorkingDays }),
  };
}
