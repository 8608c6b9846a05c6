/**
 * The stages of grid work that carry a time limit: `file` (立案, from the report or its verification), `handle`
 * (处置, from dispatch, the category's limit), `rework` (返工, from a failed check, the category's limit again),
 * `check` (核查, from the handling feedback); for bikes awaiting removal `notice` (公告期) and `claim` (认领期).
 */
export type GridStage = 'file' | 'handle' | 'rework' | 'check' | 'notice' | 'claim';

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
  /** A #calendar duration text: required for `handle`, `rework`, `notice`, `claim`; ignored for `file`, `check`. */
  readonly limit?: string;
}

/**
 * Port: grid limits on the working calendar. `file` and `check` come from the SLA rules (`grid.file`,
 * `grid.check`); `handle` and `rework` from the category, `notice` and `claim` from the bike rules (`subject.limit`).
 * `override` replaces the limit by N working days (an approved extension).
 */
export interface GridDeadlinePolicy {
  deadline(
    stage: GridStage,
    subject: GridDeadlineSubject,
    startedAt: Date,
    override?: { readonly workingDays: number },
  ): GridDeadline;
}
