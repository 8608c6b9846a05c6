import {
  DEFAULT_OFFICE_HOURS,
  type Duration,
  limitFor,
  type OfficeHours,
  parseDuration,
  recordDeadline,
  type SlaRules,
  type SlaStage,
  type WorkingCalendar,
} from '#calendar';
import type { DeadlinePolicy, HotlineStage, StageDeadline } from './deadline-policy.js';

/** Which SLA rule each ticket stage runs on: rework, 重办/督办/回访复核 and supervision share the 3-working-day rule. */
const SLA_STAGE: Record<HotlineStage, SlaStage> = {
  sign: 'hotline.sign',
  dispatch: 'hotline.dispatch',
  accept: 'hotline.accept',
  firstContact: 'hotline.firstContact',
  handle: 'hotline.handle',
  review: 'hotline.review',
  upstream: 'hotline.upstream',
  rework: 'hotline.rework',
  reopen: 'hotline.rework',
  supervision: 'hotline.rework',
  callback: 'hotline.callback',
};

/**
 * The deadline policy of the real system: SLA rules (SLA_FILE or the defaults) on the working calendar.
 * Due and warning instants are computed once, here, and recorded in the events with the calendar version;
 * `revise` recomputes a recorded one (its own limit, from its own start) on the calendar in force now.
 */
export function calendarDeadlinePolicy(
  rules: SlaRules,
  calendar: () => WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): DeadlinePolicy {
  const compute = (stage: HotlineStage, limit: Duration, startedAt: Date): StageDeadline => ({
    stage,
    ...recordDeadline(limit, startedAt, calendar(), rules.warnAt, hours),
  });
  return {
    deadline(stage, ticket, startedAt, override): StageDeadline {
      const limit: Duration = override
        ? { amount: override.workingDays, unit: 'wd' }
        : limitFor(rules, SLA_STAGE[stage], ticket);
      return compute(stage, limit, startedAt);
    },
    until(stage, startedAt, dueAt): StageDeadline {
      // Natural minutes from start to due: the recorded limit reproduces the same due time on any calendar.
      const minutes = Math.max(0, Math.round((dueAt.getTime() - startedAt.getTime()) / 60_000));
      // A date the district gave is no calendar's: never provisional, so never revised.
      return {
        ...compute(stage, { amount: minutes, unit: 'm' }, startedAt),
        dueAt: dueAt.toISOString(),
        provisional: false,
      };
    },
    revise(deadline): StageDeadline {
      // The recorded limit string, not the rules of today: a revision follows the calendar, not a new SLA file.
      const revised = compute(deadline.stage, parseDuration(deadline.limit), new Date(deadline.startedAt));
      return { ...revised, startedAt: deadline.startedAt, limit: deadline.limit };
    },
  };
}
