import type { Command } from '#core';

/**
 * A confirmed 跨门营业 violation: a 04-05 finding against the shop was closed (the app sends it). `at` is when the
 * violation happened: when the finding was found (`violationFoundAt`), not when it closed. The 30-day window and
 * the clean days are counted on it.
 */
export type RecordViolation = Command<
  'RecordViolation',
  { readonly shopId: string; readonly findingId: string; readonly at: string }
>;
/** The shop refused to stop (拒不整改): a red card and a referral, whatever the level. */
export type RecordRefusal = Command<
  'RecordRefusal',
  { readonly reason: string; readonly findingId?: string }
>;
/** A sweep: clears the card when `clearAfterDays` clean days have passed by `context.now`; otherwise nothing. */
export type ClearExpiredCard = Command<'ClearExpiredCard', Readonly<Record<string, never>>>;

/** Every command of a shop's card record. */
export type ShopCardCommand = RecordViolation | RecordRefusal | ClearExpiredCard;
