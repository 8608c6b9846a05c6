import {
  addDuration,
  basisOf,
  DEFAULT_OFFICE_HOURS,
  type Duration,
  formatDuration,
  limitFor,
  type OfficeHours,
  type SlaRules,
  type SlaStage,
  warningPoint,
  type WorkingCalendar,
} from '#calendar';
import type { DeadlinePolicy, HotlineStage, StageDeadline } from './deadline-policy.js';

/** Which SLA rule each ticket stage runs on: rework, 重办/督办/回访复核 and supervision share the 3-working-day rule. */
const SLA_STAGE: Record<HotlineStage, SlaStage> = {
  sign: 'hotline.sign',
  firstContact: 'hotline.firstContact',
  handle: 'hotline.handle',
  rework: 'hotline.rework',
  reopen: 'hotline.rework',
  supervision: 'hotline.rework',
  callback: 'hotline.callback',
};

/**
 * The deadline policy of the real system: SLA rules (SLA_FILE or the defaults) on the working calendar.
 * Due and warning instants are computed once, here, and recorded in the events with the calendar version.
 */
export function calendarDeadlinePolicy(
  rules: SlaRules,
  calendar: () => WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): DeadlinePolicy {
  return {
    deadline(stage, ticket, startedAt, override): StageDeadline {
      const limit: Duration = override
        ? { amount: override.workingDays, unit: 'wd' }
        : limitFor(rules, SLA_STAGE[stage], ticket);
      const current = calendar();
      const due = addDuration(startedAt, limit, current, hours);
      const warn = warningPoint(
        startedAt,
        { dueAt: due.dueAt, basis: basisOf(limit.unit) },
        rules.warnAt,
        current,
        hours,
      );
      return {
        stage,
        startedAt: startedAt.toISOString(),
        dueAt: due.dueAt.toISOString(),
        warnAt: warn.at.toISOString(),
        limit: formatDuration(limit),
        calendarVersion: due.calendarVersion,
        provisional: due.provisional || warn.provisional,
      };
    },
  };
}
