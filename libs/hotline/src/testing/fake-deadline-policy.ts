import type { DeadlinePolicy, HotlineStage, StageDeadline } from '../deadline-policy.js';

/** Natural hours per stage of the fake policy: easy to read in tests (a working day is 24 hours here). */
export const FAKE_STAGE_HOURS: Readonly<Record<HotlineStage, number>> = {
  sign: 2,
  firstContact: 24,
  handle: 120,
  rework: 72,
  reopen: 72,
  callback: 24,
  supervision: 48,
};

const HOUR = 3_600_000;

/**
 * A deterministic DeadlinePolicy for tests: due = start + N hours by stage (an override of W working days is
 * W × 24 hours), warning at 2/3 of the time. Ticket type and urgency are ignored.
 */
export function fakeDeadlinePolicy(
  hours: Readonly<Record<HotlineStage, number>> = FAKE_STAGE_HOURS,
  calendarVersion = 'fake-1',
): DeadlinePolicy {
  return {
    deadline(stage, _ticket, startedAt, override): StageDeadline {
      const allowed = override ? override.workingDays * 24 : hours[stage];
      const start = startedAt.getTime();
      return {
        stage,
        startedAt: startedAt.toISOString(),
        dueAt: new Date(start + allowed * HOUR).toISOString(),
        warnAt: new Date(start + Math.round(((allowed * 2) / 3) * HOUR)).toISOString(),
        limit: override ? `${override.workingDays}wd` : `${allowed}h`,
        calendarVersion,
        provisional: false,
      };
    },
  };
}
