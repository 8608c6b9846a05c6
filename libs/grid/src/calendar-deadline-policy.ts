import {
  DEFAULT_OFFICE_HOURS,
  type Duration,
  formatDuration,
  limitFor,
  NATURAL_UNIT_MS,
  type OfficeHours,
  parseDuration,
  recordDeadline,
  type SlaRules,
  type SlaStage,
  type WorkingCalendar,
} from '#calendar';
import type {
  ExtensionAllowance,
  GridDeadline,
  GridDeadlinePolicy,
  GridDeadlineSubject,
  GridStage,
} from './deadline-policy.js';

/** The finding stages whose limit is the SLA rules' (the others take the category's or the bike rule's). */
const SLA_STAGE: Partial<Record<GridStage, SlaStage>> = {
  verify: 'grid.verify',
  file: 'grid.file',
  dispatch: 'grid.dispatch',
  check: 'grid.check',
};

function limitOf(rules: SlaRules, stage: GridStage, subject: GridDeadlineSubject): Duration {
  const sla = SLA_STAGE[stage];
  if (sla !== undefined) return limitFor(rules, sla);
  if (subject.limit === undefined) throw new Error(`The grid stage ${stage} needs the subject's limit`);
  return parseDuration(subject.limit);
}

/**
 * `grid.maxExtension` in whole working days: `wd` as given, `wh` over the length of a working day, natural time
 * over 24 hours (rounded down: the allowance is never more than the rule says).
 */
function allowanceOf(limit: Duration, hours: OfficeHours): ExtensionAllowance {
  const HOUR = NATURAL_UNIT_MS.h;
  const workingDays =
    limit.unit === 'wd'
      ? limit.amount
      : limit.unit === 'wh'
        ? Math.floor((limit.amount * HOUR) / hours.dayMs)
        : Math.floor((limit.amount * NATURAL_UNIT_MS[limit.unit]) / NATURAL_UNIT_MS.d);
  return { limit: formatDuration(limit), workingDays };
}

/**
 * The grid deadline policy of the real system: `verify`/`file`/`dispatch`/`check` from the SLA rules, the other
 * stages from the limit they are given, on the working calendar. Due and warning instants are computed once, here,
 * and recorded; `revise` recomputes a recorded one (its own limit, from its own start) on the calendar in force now.
 */
export function calendarGridDeadlinePolicy(
  rules: SlaRules,
  calendar: () => WorkingCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): GridDeadlinePolicy {
  const compute = (stage: GridStage, limit: Duration, startedAt: Date): GridDeadline => ({
    stage,
    ...recordDeadline(limit, startedAt, calendar(), rules.warnAt, hours),
  });
  const allowance = allowanceOf(limitFor(rules, 'grid.maxExtension'), hours);
  return {
    deadline(stage, subject, startedAt, override): GridDeadline {
      const limit: Duration = override
        ? { amount: override.workingDays, unit: 'wd' }
        : limitOf(rules, stage, subject);
      return compute(stage, limit, startedAt);
    },
    revise(deadline): GridDeadline {
      // The recorded limit string, not the rules of today: a revision follows the calendar, not a new SLA file.
      const revised = compute(deadline.stage, parseDuration(deadline.limit), new Date(deadline.startedAt));
      return { ...revised, startedAt: deadline.startedAt, limit: deadline.limit };
    },
    maxExtension: () => allowance,
  };
}
