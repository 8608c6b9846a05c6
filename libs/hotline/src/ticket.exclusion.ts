/*
 * 考核剔除: a ticket taken out of chosen rates of the district's assessment (domain.md §1, Metrics), only through a
 * request with a reason and a supervisor's decision, both recorded in the ticket's stream. The names here are shared
 * with the statistics (the hotline-rates projection reads them): they never change.
 */

/** Every rate of the hotline statistics (`GET /stats/hotline` `rates`), by its name there. */
export const HOTLINE_RATE_NAMES = [
  'signOnTime',
  'firstContact',
  'onTimeCompletion',
  'onTimeCompletionInternal',
  'resolution',
  'resolutionClaimed',
  'satisfaction',
  'satisfactionEfficiency',
  'satisfactionAttitude',
  'satisfactionResult',
  'callback',
  'reopen',
  'return',
  'returnUpstream',
  'extension',
  'overdue',
] as const;
/** One rate of the hotline statistics. */
export type HotlineRateName = (typeof HOTLINE_RATE_NAMES)[number];

/** Why a ticket is excluded: 不合理诉求, 超出职权, 重复工单, 其他. */
export const EXCLUSION_KINDS = ['unreasonable', 'outside-powers', 'duplicate', 'other'] as const;
/** One reason kind of an exclusion. */
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

/** Where an exclusion stands: waiting for the supervisor, or decided. */
export type ExclusionStatus = 'requested' | 'approved' | 'rejected';

/** The ticket's latest exclusion request and its decision (a rejected one may be followed by a new request). */
export interface TicketExclusion {
  readonly status: ExclusionStatus;
  readonly kind: ExclusionKind;
  readonly reason: string;
  readonly rates: readonly HotlineRateName[];
  readonly requestedAt: string;
  readonly decidedAt?: string;
  /** The supervisor's note on the decision. */
  readonly note?: string;
}

/** Whether a value names a rate of the hotline statistics. */
export function isHotlineRateName(value: unknown): value is HotlineRateName {
  return typeof value === 'string' && (HOTLINE_RATE_NAMES as readonly string[]).includes(value);
}

/** Whether a value names an exclusion kind. */
export function isExclusionKind(value: unknown): value is ExclusionKind {
  return typeof value === 'string' && (EXCLUSION_KINDS as readonly string[]).includes(value);
}

/** The rates an exclusion takes the ticket out of: those of an approved one, none otherwise. */
export function excludedRates(exclusion: TicketExclusion | null | undefined): readonly HotlineRateName[] {
  return exclusion?.status === 'approved' ? exclusion.rates : [];
}
