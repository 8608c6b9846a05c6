import type { GridDeadline, GridDeadlinePolicy, GridStage } from '../deadline-policy.js';

const HOUR = 3_600_000;

/** Hours of a limit in the fake's world: h and wh are hours, d and wd are 24 hours, m a sixtieth. */
export function fakeHoursOf(limit: string): number {
  const match = /^(\d+)(m|h|wh|d|wd)$/.exec(limit);
  if (!match) throw new Error(`The fake grid deadline policy does not know the limit ${limit}`);
  const amount = Number(match[1]);
  const unit = match[2];
  if (unit === 'm') return amount / 60;
  return unit === 'd' || unit === 'wd' ? amount * 24 : amount;
}

/** The fixed limits of the fake for the stages whose limit comes from the SLA rules. */
export const FAKE_GRID_LIMITS = { file: '1h', check: '24h' } as const;

/**
 * A deterministic GridDeadlinePolicy for tests: due = start + the limit read as natural hours (a working day is 24
 * hours), warning at 2/3 of the time. `file` is 1 hour and `check` 24 hours; other stages use `subject.limit`.
 */
export function fakeGridDeadlinePolicy(version = 'fake-1'): GridDeadlinePolicy {
  return {
    deadline(stage: GridStage, subject, startedAt, override): GridDeadline {
      const limit = override
        ? `${override.workingDays}wd`
        : stage === 'file' || stage === 'check'
          ? FAKE_GRID_LIMITS[stage]
          : subject.limit;
      if (limit === undefined) throw new Error(`The grid stage ${stage} needs the subject's limit`);
      const allowed = fakeHoursOf(limit);
      const start = startedAt.getTime();
      return {
        stage,
        startedAt: startedAt.toISOString(),
        dueAt: new Date(start + allowed * HOUR).toISOString(),
        warnAt: new Date(start + Math.round(((allowed * 2) / 3) * HOUR)).toISOString(),
        limit,
        calendarVersion: version,
        provisional: false,
      };
    },
  };
}
