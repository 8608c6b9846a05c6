import type { TicketType, Urgency } from './ticket-kind.js';

/**
 * The stages of a ticket that carry a time limit. `upstream` is the district's deadline (上级时限: from receipt to
 * the reply upstream, never paused or reset inside the street); the street's own steps divide that time: `sign`,
 * `dispatch` (signed → dispatched), `accept` (dispatched → accepted), `firstContact`, `handle`, `review` (a reply
 * submitted → reviewed), `callback` (the street callback after review), `rework` after a dissatisfied street
 * callback, `reopen` after a 重办 / 督办 / 回访复核, `supervision` a 督办 side action.
 */
export type HotlineStage =
  | 'sign'
  | 'dispatch'
  | 'accept'
  | 'firstContact'
  | 'handle'
  | 'review'
  | 'rework'
  | 'reopen'
  | 'callback'
  | 'supervision'
  | 'upstream';

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
  /** The due time the stage's own limit gave, when the district's deadline came first and cut it short. */
  readonly cappedFrom?: string;
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
  /**
   * A deadline whose due time is given (the district's `upstreamDueAt`, or a date the district granted): its
   * warning at the same fraction of the time as every stage's, in natural time. Never provisional.
   */
  until(stage: HotlineStage, startedAt: Date, dueAt: Date): StageDeadline;
}
