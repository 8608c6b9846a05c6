/*
 * Deadline alerts shared by every case type (docs/architecture.md, "Deadlines and alerts"). A stage with a time
 * limit is identified by its name and the instant it started (`handle@2026-03-02T01:00:00.000Z`): an extension or a
 * calendar revision moves its due time but it stays the same stage; a rework is a new stage. Timers and the sweep
 * send `RaiseDeadlineWarning`, `MarkOverdue` and `EscalateOverdue` naming a stage; the case's decider answers with an
 * event only when that stage is still open, its point has passed and it is not flagged yet, and with nothing
 * otherwise, so a timer and the sweep firing together, or a timer firing late or twice, record one alert.
 */

/** The three points of a stage that raise an alert. */
export type AlertPoint = 'warning' | 'overdue' | 'supervision';

/** An open stage of a case: its deadline and which of its alerts were recorded. */
export interface OpenStage<Stage extends string = string> {
  readonly stage: Stage;
  readonly startedAt: string;
  /**
   * The `startedAt` recorded in the stage's current deadline when it differs from the stage's own (an extension
   * recorded as a deadline from the old due time): a timer armed from that deadline names the stage by it.
   */
  readonly deadlineStartedAt?: string;
  readonly dueAt: string;
  readonly warnAt: string;
  /** The unit working on the stage, when it is a unit's stage (not the center's own). */
  readonly unitId?: string;
  readonly warned: boolean;
  readonly overdue: boolean;
  /** When an overdue stage still open escalates to 督办 (recorded with the overdue event). */
  readonly superviseAt?: string;
  readonly supervised: boolean;
}

/** The alert flags a case keeps per stage key. */
export interface StageAlertFlags {
  readonly warned?: boolean;
  readonly overdue?: boolean;
  readonly superviseAt?: string;
  readonly supervised?: boolean;
}

/** `<stage>@<startedAt>`: one stage instance. */
export const stageKey = (stage: string, startedAt: string): string => `${stage}@${startedAt}`;

/** The instant a point of an open stage falls due, or undefined when it has none (or is recorded already). */
export function pendingPointAt(open: OpenStage, point: AlertPoint): string | undefined {
  switch (point) {
    case 'warning':
      // A warning after the due time says nothing the overdue alert does not.
      return open.warned || open.overdue ? undefined : open.warnAt;
    case 'overdue':
      return open.overdue ? undefined : open.dueAt;
    case 'supervision':
      return open.overdue && !open.supervised ? open.superviseAt : undefined;
  }
}

/**
 * Whether a timer or the sweep firing for `point` of the stage (`stage`, `startedAt`) at `now` records an alert:
 * the stage is among the open ones, the point is pending and has passed.
 */
export function alertDue<Stage extends string>(
  open: readonly OpenStage<Stage>[],
  stage: string,
  startedAt: string,
  point: AlertPoint,
  now: Date,
): OpenStage<Stage> | undefined {
  const found = open.find(
    (candidate) =>
      candidate.stage === stage &&
      (candidate.startedAt === startedAt || candidate.deadlineStartedAt === startedAt),
  );
  if (!found) return undefined;
  const at = pendingPointAt(found, point);
  if (at === undefined || Date.parse(at) > now.getTime()) return undefined;
  // A warning fired once the stage is already due (a sweep catching up) says nothing the overdue alert will not.
  if (point === 'warning' && Date.parse(found.dueAt) <= now.getTime()) return undefined;
  return found;
}

/**
 * An open stage from its recorded deadline and the case's alert flags. `startedAt` is the stage's own start when it
 * differs from the deadline's (an extension recorded from the old due time); `unitId` the unit working on it.
 */
export function openStageOf<Stage extends string>(
  deadline: {
    readonly stage: Stage;
    readonly startedAt: string;
    readonly dueAt: string;
    readonly warnAt: string;
  },
  alerts: Readonly<Record<string, StageAlertFlags>>,
  options: { readonly startedAt?: string; readonly unitId?: string | undefined } = {},
): OpenStage<Stage> {
  const startedAt = options.startedAt ?? deadline.startedAt;
  const flags = alerts[stageKey(deadline.stage, startedAt)] ?? {};
  return {
    stage: deadline.stage,
    startedAt,
    ...(deadline.startedAt === startedAt ? {} : { deadlineStartedAt: deadline.startedAt }),
    dueAt: deadline.dueAt,
    warnAt: deadline.warnAt,
    ...(options.unitId === undefined ? {} : { unitId: options.unitId }),
    warned: flags.warned === true,
    overdue: flags.overdue === true,
    ...(flags.superviseAt === undefined ? {} : { superviseAt: flags.superviseAt }),
    supervised: flags.supervised === true,
  };
}

/** A deadline as a calendar revision needs it: its times, whether it was provisional, the calendar it was computed on. */
export interface RevisableDeadline {
  readonly dueAt: string;
  readonly warnAt: string;
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

/**
 * After a calendar change: each of the open deadlines that is provisional, and was not computed on the named
 * calendar already, recomputed by `revise` (from its recorded start and limit, on the calendar in force); only those
 * whose due or warning time moves, or that stop being provisional. The case's decider records each as an event.
 */
export function revisedDeadlines<D extends RevisableDeadline>(
  open: readonly D[],
  calendarVersion: string,
  revise: (deadline: D) => D,
): { readonly old: D; readonly revised: D }[] {
  const out: { old: D; revised: D }[] = [];
  for (const old of open) {
    if (!old.provisional || old.calendarVersion === calendarVersion) continue;
    const revised = { ...revise(old) };
    const moved =
      Date.parse(revised.dueAt) !== Date.parse(old.dueAt) ||
      Date.parse(revised.warnAt) !== Date.parse(old.warnAt) ||
      !revised.provisional;
    if (moved) out.push({ old, revised });
  }
  return out;
}
