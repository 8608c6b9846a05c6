import {
  addDuration,
  basisOf,
  DEFAULT_OFFICE_HOURS,
  type Duration,
  formatDuration,
  limitFor,
  type OfficeHours,
  parseDuration,
  type SlaRules,
  warningPoint,
  type WorkingCalendar,
} from '#calendar';
import type { GridDeadline, GridDeadlinePolicy, GridDeadlineSubject, GridStage } from './deadline-policy.js';

function limitOf(rules: SlaRules, stage: GridStage, subject: GridDeadlineSubject): Duration {
  if (stage === 'file') return limitFor(rules, 'grid.file');
  if (stage === 'check') return limitFor(rules, 'grid.check');
  if (subject.limit === undefined) throw new Error(`The grid stage ${stage} needs the subject's limit`);
  return parseDuration(subject.limit);
}

/**
 * The grid deadline policy of the real system: `file`/`check` from the SLA rules, the other stages from the limit
 * they are given, on the working calendar. Due and warning instants are computed once, here, and recorded.
 */
export function calendarGridDeadlinePolicy(
  rules: SlaRules,
  calendar: () => WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): GridDeadlinePolicy {
  return {
    deadline(stage, subject, startedAt, override): GridDeadline {
      const limit: Duration = override
        ? { amount: override.workingDays, unit: 'wd' }
        : limitOf(rules, stage, subject);
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
