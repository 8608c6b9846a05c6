import { type OpenStage, openStageOf } from '#core';
import type { GridDeadline, GridStage } from './deadline-policy.js';
import type { Finding } from './finding.events.js';

/**
 * The stages of a finding whose clock is running, with their alert flags:
 * - `file` (立案) while the finding awaits filing (`awaiting-filing`, the center's): from the patrol report or the
 *   valid verification; a report still awaiting verification (`reported`) has no clock yet;
 * - the handling stage (`handle` after dispatch, `rework` after a failed check) while the unit works on it
 *   (`dispatched`, before its 处置反馈 FindingHandled), with its (possibly extended) deadline and the unit; an approved
 *   extension keeps the stage (its `startedAt` is the dispatch or rework instant), a return or park ends it and the
 *   next dispatch starts a new one;
 * - `check` (核查) while the finding is handled and awaits the inspector's on-site check (`handled`, the inspector's
 *   and the center's: no unit).
 * A filed finding (waiting for dispatch) has none, and neither do parked, closed, invalid or cancelled ones. The
 * bike stages `notice` and `claim` belong to bikes, not findings.
 */
export function openFindingStages(f: Finding): OpenStage<GridStage>[] {
  const open: [GridDeadline, string, string | undefined][] = [];
  if (f.status === 'awaiting-filing' && f.deadlines.file) {
    open.push([f.deadlines.file, f.deadlines.file.startedAt, undefined]);
  }
  if (f.status === 'dispatched' && f.handling) {
    open.push([f.handling.deadline, f.handling.startedAt, f.unitId]);
  }
  if (f.status === 'handled' && f.deadlines.check) {
    open.push([f.deadlines.check, f.deadlines.check.startedAt, undefined]);
  }
  return open.map(([deadline, startedAt, unitId]) => openStageOf(deadline, f.alerts, { startedAt, unitId }));
}
