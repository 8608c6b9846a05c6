/**
 * The stages of grid work that carry a time limit: `verify` (核实, from a public, video or hotline report),
 * `file` (立案, from the report or its verification), `dispatch` (派遣, from filing or a unit's 回退), `handle`
 * (处置, from dispatch, the category's limit), `rework` (返工, from a failed check, the category's limit again),
 * `check` (核查, from the handling feedback); for bikes awaiting removal `notice` (公告期) and `claim` (认领期).
 */
export type GridStage = 'verify' | 'file' | 'dispatch' | 'handle' | 'rework' | 'check' | 'notice' | 'claim';

/** A deadline as computed when its stage started; recorded in the event and never recomputed on replay. */
export interface GridDeadline {
  readonly stage: GridStage;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly warnAt: string;
  /** The limit that was applied, e.g. `4wh`, `2h`, `3d`. */
  readonly limit: string;
  readonly calendarVersion: string;
  /** Computed on a calendar year whose official schedule was not yet published. */
  readonly provisional: boolean;
}

/** What a stage's limit depends on: the category's (or the bike rule's) limit, for stages that have one. */
export interface GridDeadlineSubject {
  /**
   * A #calendar duration text: required for `handle`, `rework`, `notice`, `claim`; ignored for `verify`, `file`,
   * `dispatch`, `check`.
   */
  readonly limit?: string;
}

/** The most working time chained extensions may add to one finding (SLA `grid.maxExtension`). */
export interface ExtensionAllowance {
  /** The limit as the SLA rules give it, e.g. `10wd`. */
  readonly limit: string;
  /** The same in whole working days (extensions are requested in working days). */
  readonly workingDays: number;
}

/**
 * Port: grid limits on the working calendar. `verify`, `file`, `dispatch` and `check` come from the SLA rules
 * (`grid.verify`, `grid.file`, `grid.dispatch`, `grid.check`); `handle` and `rework` from the category, `notice`
 * and `claim` from the bike rules (`subject.limit`). `override` replaces the limit by N working days (an approved
 * extension). Every method computes on the calendar in force when it is called.
 */
export interface GridDeadlinePolicy {
  deadline(
    stage: GridStage,
    subject: GridDeadlineSubject,
    startedAt: Date,
    override?: { readonly workingDays: number },
  ): GridDeadline;
  /**
   * A recorded deadline recomputed on the current calendar (after an official year was imported): the same stage,
   * `startedAt` and `limit`; new due and warning instants, `provisional` flag and `calendarVersion`. The caller
   * records the result in an explicit revision event; it never replaces a recorded deadline in place.
   */
  revise(deadline: GridDeadline): GridDeadline;
  /** The most working time chained extensions may add to one finding (SLA `grid.maxExtension`). */
  maxExtension(): ExtensionAllowance;
}
