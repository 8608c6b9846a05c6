import { addDuration } from './deadlines.js';
import { type Duration, parseDuration } from './duration.js';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from './office-hours.js';
import type { WorkingCalendar } from './working-calendar.js';

/** An open stage's recorded deadline, as the caller kept it (recorded values are never recomputed in place). */
export interface OpenDeadline {
  /** The caller's handle for the stage, e.g. `ticket-42/handle`. */
  readonly id: string;
  readonly start: Date;
  readonly limit: Duration | string;
  /** The due time recorded when the stage started. */
  readonly dueAt: Date;
  /** As recorded; when absent, recomputed on the old calendar to find out. */
  readonly provisional?: boolean;
  /** The office hours the deadline was computed with (default: the standard windows). */
  readonly officeHours?: OfficeHours;
}

/** A provisional deadline that the new calendar moves: the caller records it as an explicit revision event. */
export interface DeadlineRevision {
  readonly id: string;
  readonly oldDueAt: Date;
  readonly newDueAt: Date;
  /** Whether the new due time still rests on provisional days (e.g. it reaches a year still unpublished). */
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

/**
 * For each open deadline that was computed provisionally, its old and new due time when the new calendar (usually
 * after importing an official year) gives a different one. Deadlines that were official, or that do not move,
 * are left out: nothing is revised silently and nothing is revised for no reason.
 */
export function reviseProvisionalDeadlines(
  openDeadlines: readonly OpenDeadline[],
  oldCalendar: WorkingCalendar,
  newCalendar: WorkingCalendar,
): DeadlineRevision[] {
  const revisions: DeadlineRevision[] = [];
  for (const deadline of openDeadlines) {
    const limit = typeof deadline.limit === 'string' ? parseDuration(deadline.limit) : deadline.limit;
    const hours = deadline.officeHours ?? DEFAULT_OFFICE_HOURS;
    const wasProvisional =
      deadline.provisional ?? addDuration(deadline.start, limit, oldCalendar, hours).provisional;
    if (!wasProvisional) continue;
    const next = addDuration(deadline.start, limit, newCalendar, hours);
    if (next.dueAt.getTime() === deadline.dueAt.getTime()) continue;
    revisions.push({
      id: deadline.id,
      oldDueAt: deadline.dueAt,
      newDueAt: next.dueAt,
      provisional: next.provisional,
      calendarVersion: next.calendarVersion,
    });
  }
  return revisions;
}
