import {
  DEFAULT_OFFICE_HOURS,
  type Duration,
  limitFor,
  type OfficeHours,
  parseDuration,
  recordDeadline,
  type SlaRules,
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
      return { stage, ...recordDeadline(limit, startedAt, calendar(), rules.warnAt, hours) };
    },
  };
}
