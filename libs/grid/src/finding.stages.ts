import { type OpenStage, openStageOf } from '#core';
import type { GridDeadline, GridStage } from './deadline-policy.js';
import type { Finding } from './finding.events.js';

/** An open stage's recorded deadline, the instant the stage started (its alert key) and the unit working on it. */
export interface OpenFindingDeadline {
  readonly deadline: GridDeadline;
  readonly startedAt: string;
  readonly unitId?: string;
}

/**
 * The recorded deadlines of the stages whose clock is running (see {@link openFindingStages}): what the alerts
 * watch and what a calendar revision recomputes.
 */
export function openFindingDeadlines(f: Finding): OpenFindingDeadline[] {
  const open: OpenFindingDeadline[] = [];
  const center = (deadline: GridDeadline | undefined): void => {
    if (deadline) open.push({ deadline, startedAt: deadline.startedAt });
  };
  if (f.status === 'reported') center(f.deadlines.verify);
  if (f.status === 'awaiting-filing') center(f.deadlines.file);
  if (f.status === 'filed') center(f.deadlines.dispatch);
  if (f.status === 'dispatched' && f.handling) {
    open.push({
      deadline: f.handling.deadline,
      startedAt: f.handling.startedAt,
      ...(f.unitId === undefined ? {} : { unitId: f.unitId }),
    });
  }
  if (f.status === 'handled') center(f.deadlines.check);
  return open;
}

/**
 * The stages of a finding whose clock is running, with their alert flags:
 * - `verify` (核实) while a public, video or hotline report awaits verification (`reported`, the center's and the
 *   inspector's: no unit); verification or cancellation ends it;
 * - `file` (立案) while the finding awaits filing (`awaiting-filing`, the center's): from the patrol report or the
 *   valid verification;
 * - `dispatch` (派遣) while a filed finding waits for a unit (`filed`, the center's): from the filing, and anew from
 *   each 回退 (a return starts a new stage); dispatching or parking ends it;
 * - the handling stage (`handle` after dispatch, `rework` after a failed check) while the unit works on it
 *   (`dispatched`, before its 处置反馈 FindingHandled), with its (possibly extended) deadline and the unit; an approved
 *   extension keeps the stage (its `startedAt` is the dispatch or rework instant), a return or park ends it and the
 *   next dispatch starts a new one;
 * - `check` (核查) while the finding is handled and awaits the inspector's on-site check (`handled`, the inspector's
 *   and the center's: no unit).
 * Parked, closed, invalid and cancelled findings have none, nor do stages recorded before their clock existed
 * (older logs: a report without `verify`, a filing or return without `dispatch`). The bike stages `notice` and
 * `claim` belong to bikes, not findings.
 */
export function openFindingStages(f: Finding): OpenStage<GridStage>[] {
  return openFindingDeadlines(f).map(({ deadline, startedAt, unitId }) =>
    openStageOf(deadline, f.alerts, { startedAt, unitId }),
  );
}
