import type { TicketType, Urgency } from './ticket-kind.js';

/**
 * The stages of a ticket that carry a time limit. `rework` follows a dissatisfied street callback, `reopen` a
 * 重办 / 督办 / 回访复核 reopen, `supervision` a 督办 side action; `callback` is the street callback after review.
 */
export type HotlineStage =
  'sign' | 'firstContact' | 'handle' | 'rework' | 'reopen' | 'callback' | 'supervision';

/** A deadline as computed when its stage started; recorded in the event and never recomputed on replay. */
export interface StageDeadline {
  readonly stage: HotlineStage;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly warnAt: string;
  /** The limit that was applied, e.g. `5wd`, `30m`. */
  readonly limit: string;
  readonly calendarVersion: string;
  /** Computed on a calendar year whose official schedule was not yet published. */
  readonly provisional: boolean;
}

/**
 * Port: the SLA rules on the working calendar. `override` replaces the limit by N working days. Both methods
 * compute on the calendar in force when they are called.
 */
export interface DeadlinePolicy {
  deadline(
    stage: HotlineStage,
    ticket: { readonly type: TicketType; readonly urgency: Urgency },
    startedAt: Date,
    override?: { readonly workingDays: number },
  ): StageDeadline;
  /**
   * A recorded deadline recomputed on the current calendar (after an official year was imported): the same stage,
   * `startedAt` and `limit`; new due and warning instants, `provisional` flag and `calendarVersion`. The caller
   * records the result in an explicit revision event; it never replaces a recorded deadline in place.
   */
  revise(deadline: StageDeadline): StageDeadline;
}
