import type { NotifyAlertKind, QuietHours } from '#platform';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Asia/Shanghai is UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET = 8 * 60 * MINUTE;

/** Whether an instant falls in the quiet period (Asia/Shanghai). */
export function inQuietHours(now: Date, quiet: QuietHours): boolean {
  const local = now.getTime() + SHANGHAI_OFFSET;
  const minute = Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  return quiet.start < quiet.end
    ? minute >= quiet.start && minute < quiet.end
    : minute >= quiet.start || minute < quiet.end;
}

/** The end of the quiet period an instant falls in: the next time the clock in Shanghai shows `end`. */
export function quietEnd(now: Date, quiet: QuietHours): Date {
  const t = now.getTime();
  const midnight = Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
  let end = midnight + quiet.end * MINUTE;
  if (end <= t) end += DAY;
  return new Date(end);
}

/**
 * How long a delivery waits before it goes out: warnings wait for the end of the quiet hours; every other kind
 * (overdue, supervision, escalations) goes at once. Quiet hours hold back notifications only, never events.
 */
export function deliveryDelayMs(kind: NotifyAlertKind, now: Date, quiet: QuietHours | undefined): number {
  if (kind !== 'warning' || quiet === undefined || !inQuietHours(now, quiet)) return 0;
  return quietEnd(now, quiet).getTime() - now.getTime();
}
